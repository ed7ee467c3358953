/**
 * The Node host: the mock's fetch handler on a real port, with CORS for browser callers.
 * Also the HTTP pieces the repository's other mock server (Prism's guard) shares with it.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { createBillingMock, fetchOverHttp, problemDocument, type BillingMock, type BillingMockOptions } from "./mock.ts";
import { FixtureError, resolveFixtures, type BillingMockFixtures } from "./fixtures.ts";
import type { BillingMockState } from "./state.ts";

export interface Listening {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch handler on host:port (port 0 picks a free one) through @hono/node-server.
 * Its default of replacing the global Request and Response with its lighter, compatible
 * classes stays on: its fast response path needs them, and Hono middleware that copies a
 * request (body limits) fails on its requests without them.
 *
 * A request too broken to reach the handler (a request target that is not a URL, a header
 * HTTP cannot parse, headers over Node's size limit) still gets a 400 Problem document
 * rather than Node's bare status line.
 */
export function listen(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<Listening> {
  const malformed = (detail: string) => problemDocument(400, { title: "Malformed HTTP request", detail });
  const server = createServer(
    getRequestListener(fetch, {
      errorHandler: (error) =>
        new Response(JSON.stringify(malformed(`The request could not be read: ${(error as Error).message}`)), {
          status: 400,
          headers: { "content-type": "application/problem+json" },
        }),
    }),
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(malformed(`HTTP could not parse the request (${error.code ?? error.message}).`));
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      const hostPart = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${hostPart}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open until they time out.
            server.closeAllConnections();
          }),
      });
    });
  });
}

const EXPOSED_HEADERS = ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id", "sl-violations"];

/**
 * CORS for browser callers on any origin. The origin is reflected rather than `*` so
 * credentialed requests (the session cookie) work; the rate-limit headers are exposed so
 * a page can read them on a 429.
 */
/** A Problem document of a documented status, with `type`, `code`, `requestId` and `timestamp` filled in. */
export { problemDocument };

export const browserCors = cors({
  origin: (origin) => origin || "*",
  credentials: true,
  allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
  // Left empty, Hono reflects Access-Control-Request-Headers: Authorization, Prefer, Content-Type...
  allowHeaders: [],
  exposeHeaders: EXPOSED_HEADERS,
  maxAge: 600,
});

/**
 * The headers `browserCors` puts on a cross-origin answer that is not a preflight. The stateful host
 * builds them into its answers: as middleware, Hono rebuilds every answer from its body
 * stream, which cost the host more than half its throughput (see the package README). A
 * test holds both to the same output.
 */
export function corsHeaders(origin: string | null): Record<string, string> {
  // Only a browser's cross-origin request carries Origin; other callers have no use for any
  // of these, and each header costs Node measurable time to write.
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": EXPOSED_HEADERS.join(","),
    vary: "Origin",
  };
}

export interface StartBillingMockOptions extends BillingMockOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: a free port. */
  port?: number;
  /** Called with a one-line summary of each request. */
  log?: (line: string) => void;
  /** An HTML page served at `GET /docs`, such as the API reference `pnpm mock:stateful` renders. */
  docs?: () => string | Promise<string>;
}

export interface RunningBillingMock extends Listening {
  readonly state: BillingMockState;
  reset(): void;
  /** The in-process handler behind the port, for tests that mix both. */
  readonly mock: BillingMock;
}

/** Starts the mock on a port. `close()` stops it and drops open connections. */
export async function startBillingMock(options: StartBillingMockOptions = {}): Promise<RunningBillingMock> {
  const { host = "127.0.0.1", port = 0, log, docs, ...mockOptions } = options;
  const mock = createBillingMock(mockOptions);
  const preflight = new Hono();
  preflight.use(browserCors);
  let page: Promise<string> | undefined;
  // Not async: an answer the mock gives synchronously goes out without waiting for a promise.
  const answer = (request: Request): Response | Promise<Response> => {
    if (request.method === "OPTIONS") return preflight.fetch(request);
    if (docs && request.method === "GET" && new URL(request.url).pathname === "/docs") {
      page ??= Promise.resolve(docs());
      return page.then((html) => new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }));
    }
    return fetchOverHttp(mock, request, corsHeaders(request.headers.get("origin")));
  };
  const server = await listen(
    log
      ? async (request) => {
          const started = performance.now();
          const response = await answer(request);
          log(`${request.method} ${new URL(request.url).pathname} → ${response.status} (${(performance.now() - started).toFixed(1)} ms)`);
          return response;
        }
      : answer,
    host,
    port,
  );
  return { ...server, state: mock.state, reset: () => mock.reset(), mock };
}

/** Reads and checks a fixtures JSON file. Throws FixtureError naming the file and every problem. */
export async function loadFixtures(path: string): Promise<BillingMockFixtures> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new FixtureError(path, [`cannot be read: ${(error as Error).message}`]);
  }
  let fixtures: BillingMockFixtures;
  try {
    fixtures = JSON.parse(text) as BillingMockFixtures;
  } catch (error) {
    throw new FixtureError(path, [`is not JSON: ${(error as Error).message}`]);
  }
  resolveFixtures(fixtures, path);
  return fixtures;
}
