/** `@hostup/billing-mock/node`: the mock on a real port, with CORS for browser callers, and fixtures read from a file. */
import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import { browserCors, corsHeaders } from "./cors.ts";
import { FixtureError, resolveFixtures, type BillingMockFixtures } from "./fixtures.ts";
import { listen, type Listening } from "./listen.ts";
import { createPipeline, type BillingMockOptions } from "./mock.ts";
import type { BillingMockState } from "./state.ts";

export type { Listening } from "./listen.ts";

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
}

/** Starts the mock on a port. `close()` stops it and drops open connections. */
export async function startBillingMock(options: StartBillingMockOptions = {}): Promise<RunningBillingMock> {
  const { host = "127.0.0.1", port = 0, log, docs, ...mockOptions } = options;
  const { answer: pipeline, store } = createPipeline(mockOptions);
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
    return pipeline(request, corsHeaders(request.headers.get("origin")), true);
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
  return { ...server, state: store.view(), reset: () => store.reset() };
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
