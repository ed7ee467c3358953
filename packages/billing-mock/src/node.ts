/** `@hostup/billing-mock/node`: the mock on a real port, with CORS for browser callers, and fixtures read from a file. */
import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import type { OperationId } from "./contract.ts";
import { controlGate, type ControlAccess } from "./control-access.ts";
import { answerControl, CONTROL_PREFIX } from "./control.ts";
import { browserCors, corsHeaders } from "./cors.ts";
import { FixtureError, resolveFixtures, type BillingMockFixtures } from "./fixtures.ts";
import { requestsOf, type Requests } from "./journal.ts";
import { listen, type Listening, type NodeBindings } from "./listen.ts";
import { createPipeline, operationHandlersOf, type Behaviour } from "./mock.ts";
import type { BillingMockOptions } from "./options.ts";
import { dropReason } from "./replies.ts";
import { scenariosOf, type Scenarios } from "./scenarios.ts";
import type { BillingMockState } from "./state.ts";

export type { Listening } from "./listen.ts";

export interface StartBillingMockOptions extends BillingMockOptions, ControlAccess {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: a free port. */
  port?: number;
  /** Called with a one-line summary of each request. */
  log?: (line: string) => void;
  /** An HTML page served at `GET /docs`, such as the API reference `pnpm mock:stateful` renders. */
  docs?: () => DocsPage | Promise<DocsPage>;
}

/** The page at `GET /docs`: its HTML, or its HTML and headers to send with it (such as its Content-Security-Policy). */
export type DocsPage = string | { html: string; headers?: Record<string, string> };

export interface RunningBillingMock extends Listening {
  readonly state: BillingMockState;
  /** Back to the fixtures, queued scenarios, the request journal and the idempotency keys dropped: what `POST /__mock/reset` does. */
  reset(): void;
  /** The request journal, as `GET /__mock/requests` gives it. */
  readonly requests: Requests;
  /** Typed overrides for the next calls of an operation, as on `createBillingMock()`. */
  readonly scenarios: Scenarios;
  /** The operations of the spec this mock has no behaviour for: they answer their first success example. */
  readonly answeredFromExamples: readonly OperationId[];
}

/** Starts the mock on a port. `close()` stops it and drops open connections. */
export async function startBillingMock(options: StartBillingMockOptions = {}): Promise<RunningBillingMock> {
  return startWith(options, operationHandlersOf);
}

/** `startBillingMock` with the operations' behaviour given: the seam tests take behaviour away through. */
export async function startWith(options: StartBillingMockOptions, behaviour: Behaviour): Promise<RunningBillingMock> {
  const { host = "127.0.0.1", port = 0, log, docs, allowedHosts, allowedOrigins, controlToken, ...mockOptions } = options;
  const pipeline = createPipeline(mockOptions, behaviour);
  const gate = controlGate({ allowedHosts, allowedOrigins, controlToken }, pipeline.now);
  const { store, scenarios, journal } = pipeline;
  const preflight = new Hono();
  preflight.use(browserCors);
  let page: Promise<DocsPage> | undefined;
  // Not async: an answer the mock gives synchronously goes out without waiting for a promise.
  const answer = (request: Request, bindings: NodeBindings): Response | Promise<Response> => {
    if (isControl(request.url)) {
      const refused = gate(request);
      if (refused) return refused;
      if (request.method === "OPTIONS") return preflight.fetch(request);
      return answerControl(request, corsHeaders(request.headers.get("origin")), pipeline);
    }
    if (request.method === "OPTIONS") return preflight.fetch(request);
    if (docs && request.method === "GET" && new URL(request.url).pathname === "/docs") {
      page ??= Promise.resolve(docs());
      return page.then((docsPage) => {
        const { html, headers = {} } = typeof docsPage === "string" ? { html: docsPage } : docsPage;
        const sent = new Headers(headers);
        sent.set("content-type", "text/html; charset=utf-8");
        return new Response(html, { headers: sent });
      });
    }
    const headers = corsHeaders(request.headers.get("origin"));
    // Stryker disable next-line BooleanLiteral: false only makes the mock read the empty body HTTP's framing already told it of
    return pipeline.answer(request, headers, true, bindings.incoming.rawHeaders);
  };
  const server = await listen(
    log
      ? async (request, bindings) => {
          const started = performance.now();
          const response = await answer(request, bindings);
          const outcome = response.status === 0 ? `connection dropped: ${dropReason(response)}` : String(response.status);
          log(`${request.method} ${new URL(request.url).pathname} → ${outcome} (${(performance.now() - started).toFixed(1)} ms)`);
          return response;
        }
      : answer,
    host,
    port,
  );
  return {
    ...server,
    state: store.view(),
    reset: pipeline.reset,
    requests: requestsOf(journal),
    scenarios: scenariosOf(scenarios),
    answeredFromExamples: Object.freeze([...pipeline.answeredFromExamples]),
  };
}

/** Whether a request URL's path starts with CONTROL_PREFIX, without parsing the URL on the billing operations' path. */
function isControl(url: string): boolean {
  return url.startsWith(CONTROL_PREFIX, url.indexOf("/", url.indexOf("//") + 2));
}

/** Reads and checks a fixtures JSON file. Throws FixtureError naming the file and every problem. */
export async function loadFixtures(path: string): Promise<BillingMockFixtures> {
  let text: string;
  try {
    // Stryker disable next-line StringLiteral: without an encoding readFile gives a Buffer, which JSON.parse decodes as UTF-8 too
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
