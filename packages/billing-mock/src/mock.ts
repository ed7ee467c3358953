/**
 * The whole behaviour as one web-standard fetch handler, read as the pipeline of a request:
 * route → credentials → rate limit → scope → body → validate → behaviour. Each step either
 * passes the request on or answers it with a Problem document. The cheap steps come first,
 * so a request they refuse costs no parsing or validation. Every host (in-process, the Node
 * server, MSW) ends up in `answer`.
 */
import type { OperationId, Reply } from "./contract.ts";
import { readBody, type Body } from "./body.ts";
import { authenticate, missingScopes, type Authenticated } from "./credentials.ts";
import { resolveFixtures, type BillingMockFixtures, type RateLimit } from "./fixtures.ts";
import { operationHandlers, type HandlerInput, type Handlers } from "./operations.ts";
import { problem, problemBody } from "./problems.ts";
import { limitRate } from "./rate-limit.ts";
import { newExchange, reply, type Exchange } from "./replies.ts";
import { compiledRoutes, compileRoutes, type Route } from "./routes.ts";
import { Store, type BillingMockState } from "./state.ts";
import { validateRequest } from "./validation.ts";

/** The mock-wide rate limit when none is given: the spec's example limit, 60 a minute per credential. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 60, windowMs: 60_000 };

/** How many queued emails `state.outbox` keeps when no `outboxLimit` is given. */
export const DEFAULT_OUTBOX_LIMIT = 1000;

export interface BillingMockOptions {
  /** Tokens, sessions, invoices and CC recipients to start with; absent members keep the defaults. */
  fixtures?: BillingMockFixtures;
  /** Requests per credential and window; `false` turns rate limiting off. Fixture credentials may override it. */
  rateLimit?: RateLimit | false;
  /** The clock for `queuedAt`, timestamps and rate-limit windows. */
  now?: () => Date;
  /** How many queued emails `state.outbox` keeps, newest last (default 1000; `Infinity` keeps all). */
  outboxLimit?: number;
}

export interface BillingMock {
  /** Answers a request as the API would. Accepts what `fetch` accepts, so it can stand in for it. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** What the mock holds now: invoices, CC recipients, queued emails. */
  readonly state: BillingMockState;
  /** Back to the fixtures: recipients, queued emails and rate-limit windows are cleared. */
  reset(): void;
}

/**
 * What a host calls. `headers` (a fresh object the steps add to) go on every answer: building
 * them in from the start keeps @hono/node-server on its fast path, which setting them on the
 * Response afterwards would leave. `overHttp` says the request arrived over HTTP/1.1, whose
 * framing tells whether there is a body without opening it. Synchronous whenever it can be.
 */
export type Answer = (request: Request, headers: Record<string, string>, overHttp: boolean) => Response | Promise<Response>;

/** The pipeline and the state it works on, for this package's hosts; `createBillingMock` wraps it in `fetch`. */
export function createPipeline(options: BillingMockOptions): { answer: Answer; store: Store; now: () => Date } {
  const fixtures = resolveFixtures(options.fixtures);
  const now = options.now ?? (() => new Date());
  const { outboxLimit = DEFAULT_OUTBOX_LIMIT } = options;
  if (!(outboxLimit === Infinity || (Number.isSafeInteger(outboxLimit) && outboxLimit >= 0))) {
    throw new RangeError(`outboxLimit must be a whole number of emails, 0 or more, or Infinity; got ${String(outboxLimit)}`);
  }
  const store = new Store(fixtures, options.rateLimit ?? DEFAULT_RATE_LIMIT, outboxLimit);
  const handlers = operationHandlers(store, now);
  const ready = compileRoutes();

  function handle(request: Request, headers: Record<string, string>, overHttp: boolean): Response | Promise<Response> {
    const routes = compiledRoutes();
    if (!routes) return ready.then(() => handle(request, headers, overHttp));
    const url = new URL(request.url);
    const at = now();
    const exchange = newExchange(at, url.pathname, headers);

    // Route: the spec's path templates and methods.
    const matched = routes.match(request.method, url.pathname);
    if (!matched) return problem(exchange, 404, { detail: `No operation is served at ${url.pathname}.` });
    if ("allow" in matched) {
      exchange.headers.allow = matched.allow.join(", ");
      return problem(exchange, 405, { detail: `${request.method} is not allowed here; use ${exchange.headers.allow}.` });
    }
    const { route, params } = matched;

    // Credentials: the operation's security requirements, looked up in the fixtures.
    const auth = authenticate(route, request.headers, store);
    if (!auth) return problem(exchange, 401, { detail: "No valid API key or session was sent." });
    if (auth.caller) {
      // Rate limit: refused requests count too, so it comes before the scope.
      const limited = limitRate(exchange, store, auth.caller, at);
      if (limited) return limited;
      // Scope: every scope of the satisfied requirement must be granted.
      const missing = missingScopes(auth);
      if (missing.length > 0) {
        const who = auth.caller.kind === "cookie" ? "session" : "API key";
        return problem(exchange, 403, { detail: `The ${who} lacks the ${missing.join(", ")} scope.` });
      }
    }

    // Body: size, media type, JSON.
    const body = readBody(request, route.bodyMediaTypes, exchange, overHttp);
    return body instanceof Promise
      ? body.then((read) => finish(read, request, url, exchange, route, params, auth))
      : finish(body, request, url, exchange, route, params, auth);
  }

  function finish(
    body: Response | Body,
    request: Request,
    url: URL,
    exchange: Exchange,
    route: Route,
    params: Record<string, string>,
    auth: Authenticated,
  ): Response {
    if (body instanceof Response) return body;
    // Validate: parameters and body against the spec's schemas.
    const refused = validateRequest(exchange, route, { params, url, headers: request.headers, cookies: auth.cookies, body });
    if (refused) return refused;
    // Behaviour: the operation's handler, its reply answered with the spec's media type.
    return reply(exchange, route, dispatch(handlers, route.operationId, { params, body: body.json, problem: problemBody(exchange) }));
  }

  const answer: Answer = (request, headers, overHttp) => {
    // A fault in the mock itself: answer as the API documents rather than throw into the caller's code.
    const fault = (error: unknown) => {
      console.error("billing-mock: internal error", error);
      return problem(newExchange(now(), new URL(request.url).pathname, headers), 500, {
        detail: "The mock failed unexpectedly; see its log.",
      });
    };
    try {
      const answered = handle(request, headers, overHttp);
      return answered instanceof Promise ? answered.catch(fault) : answered;
    } catch (error) {
      return fault(error);
    }
  };
  return { answer, store, now };
}

export function createBillingMock(options: BillingMockOptions = {}): BillingMock {
  const { answer, store, now } = createPipeline(options);
  return {
    async fetch(input, init) {
      let request: Request;
      try {
        request =
          input instanceof Request && init === undefined
            ? input
            : new Request(typeof input === "string" ? new URL(input, "http://localhost") : input, init);
      } catch (error) {
        return problem(newExchange(now()), 400, { detail: `Not a valid request: ${(error as Error).message}` });
      }
      return answer(request, {}, false);
    },
    state: store.view(),
    reset: () => store.reset(),
  };
}

function dispatch<K extends OperationId>(
  handlers: Handlers,
  operationId: K,
  input: { params: Record<string, string>; body: unknown; problem: HandlerInput<K>["problem"] },
): Reply<K> {
  // The request passed the spec's own validation, so its params and body have the generated types.
  return (handlers[operationId] as (input: HandlerInput<K>) => Reply<K>)(input as unknown as HandlerInput<K>);
}
