/**
 * The Node host: the mock's fetch handler on a real port, with CORS for browser callers.
 * Also the HTTP pieces the repository's other mock server (Prism's guard) shares with it.
 */
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { createBillingMock, type BillingMock, type BillingMockOptions } from "./mock.ts";
import { FixtureError, resolveFixtures, type BillingMockFixtures } from "./fixtures.ts";
import type { BillingMockState } from "./state.ts";

export interface Listening {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch handler on host:port (port 0 picks a free one). Leaves the process's
 * global Request and Response alone, so hosting a mock never changes the code under test.
 */
export function listen(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port, overrideGlobalObjects: false }, (info: AddressInfo) => {
      const hostPart = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${hostPart}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open until they time out.
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}

/**
 * CORS for browser callers on any origin. The origin is reflected rather than `*` so
 * credentialed requests (the session cookie) work; the rate-limit headers are exposed so
 * a page can read them on a 429.
 */
export const browserCors = cors({
  origin: (origin) => origin || "*",
  credentials: true,
  allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
  // Left empty, Hono reflects Access-Control-Request-Headers: Authorization, Prefer, Content-Type...
  allowHeaders: [],
  exposeHeaders: ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id", "sl-violations"],
  maxAge: 600,
});

export interface StartBillingMockOptions extends BillingMockOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: a free port. */
  port?: number;
  /** Called with a one-line summary of each request. */
  log?: (line: string) => void;
}

export interface RunningBillingMock extends Listening {
  readonly state: BillingMockState;
  reset(): void;
  /** The in-process handler behind the port, for tests that mix both. */
  readonly mock: BillingMock;
}

/** Starts the mock on a port. `close()` stops it and drops open connections. */
export async function startBillingMock(options: StartBillingMockOptions = {}): Promise<RunningBillingMock> {
  const { host = "127.0.0.1", port = 0, log, ...mockOptions } = options;
  const mock = createBillingMock(mockOptions);
  const app = new Hono();
  app.use(browserCors);
  app.all("*", async (c) => {
    if (!log) return mock.fetch(c.req.raw);
    const started = performance.now();
    const response = await mock.fetch(c.req.raw);
    log(`${c.req.method} ${c.req.path} → ${response.status} (${(performance.now() - started).toFixed(1)} ms)`);
    return response;
  });
  const server = await listen(app.fetch, host, port);
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
