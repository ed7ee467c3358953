/**
 * The whole behaviour as one web-standard fetch handler, read as the pipeline of a request:
 * route → accept → credentials → rate limit → scope → body → validate → behaviour. Each step either
 * passes the request on or answers it with a Problem document. The cheap steps come first,
 * so a request they refuse costs no parsing or validation. Every host (in-process, the Node
 * server, MSW) ends up in `answer`; in-process.ts wraps it in `fetch`, options.ts checks its options.
 */
import { operationModel } from "@hostup/billing-openapi";
import type { OperationId, Reply } from "./contract.ts";
import { isAnswer, MAX_BODY_BYTES, readAtMost, readBody, type Body } from "./body.ts";
import { authenticate, missingScopes, type Authenticated } from "./credentials.ts";
import { exampleAnswer, fromExample, malformedAnswer, responseFor } from "./examples.ts";
import { drip, type Fault } from "./faults.ts";
import { IdempotencyKeys } from "./idempotency.ts";
import { RequestJournal, secretsOf, type AnsweredBy, type RawHeaders, type Recorded } from "./journal.ts";
import { resolveFixtures } from "./fixtures.ts";
import { operationHandlers, type HandlerInput, type Handlers } from "./operations.ts";
import { DEFAULT_RATE_LIMIT, limitsOf, type BillingMockOptions } from "./options.ts";
import { preferWords } from "./prefer.ts";
import { problem, problemBody } from "./problems.ts";
import { acceptsAny } from "./negotiation.ts";
import { normalizePath } from "./normalize-path.ts";
import { limitRate } from "./rate-limit.ts";
import { dropConnection, newExchange, reply, type Exchange } from "./replies.ts";
import { compiledRoutes, compileRoutes, type Route } from "./routes.ts";
import { checkScenario, ScenarioError, ScenarioQueue, type PlayableScenario } from "./scenarios.ts";
import { Store } from "./state.ts";
import { targetOf, type RequestTarget } from "./request-target.ts";
import { validateRequest } from "./validation.ts";
import { wait } from "./wait.ts";
import { insufficientScopeChallenge, unauthorizedChallenge } from "./www-authenticate.ts";

/**
 * What a host calls. `headers` (a fresh object the steps add to) go on every answer: building
 * them in from the start keeps @hono/node-server on its fast path, which setting them on the
 * Response afterwards would leave. `overHttp` says the request arrived over HTTP/1.1, whose
 * framing tells whether there is a body without opening it. Synchronous whenever it can be.
 * A `Response.error()` (status 0) means: drop the connection without answering.
 */
export type Answer = (
  request: Request,
  headers: Record<string, string>,
  overHttp: boolean,
  /** Node's `rawHeaders` of the request, for the journal: cheaper to keep than the request's `Headers`. */
  rawHeaders?: RawHeaders,
) => Response | Promise<Response>;

/** Makes the handlers of the operations that have behaviour; the seam through which tests take one away. */
export type Behaviour = (store: Store, now: () => Date) => Handlers;

/** This package's behaviour for the spec's operations. */
export const operationHandlersOf: Behaviour = operationHandlers;

/** One routed and authenticated request, as the later steps need it. */
interface Call {
  request: Request;
  url: RequestTarget;
  exchange: Exchange;
  route: Route;
  params: Record<string, string>;
  auth: Authenticated;
  at: Date;
  overHttp: boolean;
  trace: Trace;
}

/** What the journal learns about a request while it is answered. */
interface Trace {
  rawHeaders: RawHeaders | undefined;
  entry: Recorded | undefined;
  answeredBy: AnsweredBy;
  fault: Fault | undefined;
}

export interface Pipeline {
  answer: Answer;
  store: Store;
  now: () => Date;
  scenarios: ScenarioQueue;
  journal: RequestJournal;
  answeredFromExamples: OperationId[];
  /** Back to the fixtures: state, queued scenarios, the journal and the idempotency keys remembered. */
  reset(): void;
}

/** The pipeline and the state it works on, for this package's hosts. */
export function createPipeline(options: BillingMockOptions, behaviour: Behaviour = operationHandlersOf): Pipeline {
  const fixtures = resolveFixtures(options.fixtures);
  const now = options.now ?? (() => new Date());
  const store = new Store(fixtures, options.rateLimit ?? DEFAULT_RATE_LIMIT, limitsOf(options));
  const handlers = behaviour(store, now);
  const answeredFromExamples = (Object.keys(operationModel.operations) as OperationId[]).filter((id) => !handlers[id]);
  const scenarios = new ScenarioQueue();
  const idempotency = new IdempotencyKeys();
  const journal = new RequestJournal(
    options.journal === false ? { entries: 0 } : options.journal,
    secretsOf(operationModel.securitySchemes),
  );
  const journalOn = journal.limits.entries > 0;
  const ready = compileRoutes();

  function handle(request: Request, headers: Record<string, string>, overHttp: boolean, trace: Trace): Response | Promise<Response> {
    const routes = compiledRoutes();
    if (!routes) return ready.then(() => handle(request, headers, overHttp, trace));
    const url = targetOf(request.url);
    const at = now();
    const exchange = newExchange(at, url.pathname, headers);
    if (journalOn) trace.entry = journal.open(at, request.method, request.url, trace.rawHeaders ?? request.headers);

    // Route: the spec's path templates and methods, on the path as RFC 3986 compares it.
    const path = normalizePath(url.pathname);
    const matched = routes.match(request.method, path);
    if (!matched) return problem(exchange, 404, { detail: `No operation is served at ${url.pathname}.` });
    if ("allow" in matched) {
      exchange.headers.allow = matched.allow.join(", ");
      return problem(exchange, 405, { detail: `${request.method} is not allowed here; use ${exchange.headers.allow}.` });
    }
    const { route, params } = matched;
    if (trace.entry) trace.entry.operationId = route.operationId;
    // Every answer of a deprecated operation announces it, a refusal included.
    if (route.deprecation) Object.assign(exchange.headers, route.deprecation);

    // Accept: every answer of the operation has a documented media type; one the caller refuses them all.
    const accept = request.headers.get("accept");
    exchange.accept = accept;
    if (accept !== null && !acceptsAny(accept, route.answerMediaTypes)) {
      return problem(exchange, 406, {
        detail: `Accept one of ${route.answerMediaTypes.join(", ")}; this operation answers with no other.`,
      });
    }

    // Credentials: the operation's security requirements, looked up in the fixtures.
    const auth = authenticate(route, request.headers, store, url);
    if (!auth) {
      const challenge = unauthorizedChallenge(route, request.headers);
      if (challenge) exchange.headers["www-authenticate"] = challenge;
      return problem(exchange, 401, { detail: "No valid API key or session was sent." });
    }

    const call: Call = { request, url, exchange, route, params, auth, at, overHttp, trace };

    // Scenario: the request's Prefer words, else the next one queued for the operation.
    let scenario: PlayableScenario | undefined;
    const prefer = request.headers.get("prefer");
    if (prefer !== null) {
      try {
        const words = preferWords(prefer);
        if (words) scenario = checkScenario(route.operationId, words, false);
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        return problem(exchange, 400, { detail: error.message });
      }
    }
    scenario ??= scenarios.take(route.operationId);
    if (!scenario) return proceed(call);
    const { code, example, fault, delay } = scenario;
    if (fault) {
      trace.answeredBy = "scenario";
      trace.fault = fault;
    }
    const play = (): Response | Promise<Response> => {
      if (fault === "reset") return journalled(call, () => dropConnection("the scenario asked for fault=reset"));
      if (fault === "drop-after-commit") {
        return then(proceed(call), () =>
          dropConnection("the scenario asked for fault=drop-after-commit: the change was made, the answer is lost"),
        );
      }
      if (fault === "malformed") return journalled(call, () => malformedAnswer(exchange, route, code, example));
      if (code !== undefined) {
        // The spec's example (or the scenario's own body), without touching state (or counting against the rate limit).
        const custom = scenario.body !== undefined || scenario.headers ? { body: scenario.body, headers: scenario.headers } : undefined;
        if (!fault) trace.answeredBy = custom || !responseFor(route, code) ? "scenario" : "example";
        return journalled(call, () => exampleAnswer(exchange, route, code, example, custom));
      }
      return proceed(call);
    };
    // slow-body spends its delay sending the body, not before the answer.
    if (fault === "slow-body") return then(play(), (response) => (response.status === 0 ? response : drip(response, delay)));
    if (delay === 0) return play();
    return wait(delay, request.signal).then((waited) =>
      waited ? play() : dropConnection("the client went away during the scenario's delay"),
    );
  }

  /**
   * `answer()` after the request's body is in the journal, for scenarios that answer without
   * reading it; straight away when the journal is off or there is no body.
   */
  function journalled(call: Call, answer: () => Response | Promise<Response>): Response | Promise<Response> {
    const { entry } = call.trace;
    if (!entry) return answer();
    const bytes = readAtMost(call.request, MAX_BODY_BYTES, call.overHttp);
    const keep = (read: unknown) => {
      if (read instanceof Uint8Array) journal.body(entry, read);
      return answer();
    };
    return bytes instanceof Promise ? bytes.then(keep) : keep(bytes);
  }

  function proceed(call: Call): Response | Promise<Response> {
    const { request, exchange, route, auth, at, overHttp, trace } = call;
    if (auth.caller) {
      // Rate limit: refused requests count too, so it comes before the scope.
      const limited = limitRate(exchange, store, auth.caller, at);
      if (limited) return limited;
      // Scope: every scope of the satisfied requirement must be granted.
      const missing = missingScopes(auth);
      if (missing.length > 0) {
        const who = auth.caller.kind === "cookie" ? "session" : auth.caller.kind === "basic" ? "login" : "API key";
        exchange.headers["www-authenticate"] = insufficientScopeChallenge(route, auth.scopes);
        return problem(exchange, 403, { detail: `The ${who} lacks the ${missing.join(", ")} scope.` });
      }
    }

    // Body: size, media type, JSON.
    const { entry } = trace;
    const body = readBody(request, route.bodyContents, exchange, overHttp, entry && ((bytes) => journal.body(entry, bytes)));
    return body instanceof Promise ? body.then((read) => finish(call, read)) : finish(call, body);
  }

  function finish({ request, url, exchange, route, params, auth, at, trace }: Call, body: Response | Body): Response {
    if (isAnswer(body)) return body;
    // Validate: parameters, read in their styles, and body against the spec's schemas.
    const valid = validateRequest(exchange, route, { params, url, headers: request.headers, body });
    // Not `instanceof Response`: @hono/node-server replaces the global Response (body.ts, isAnswer).
    if ("status" in valid) return valid;
    // Behaviour: the operation's handler, its reply answered with the spec's media type.
    const handler = handlers[route.operationId];
    if (!handler) {
      trace.answeredBy = "example";
      return fromExample(exchange, route);
    }
    // A repeated Idempotency-Key gets its first reply again, and the behaviour does not run.
    const keyName = route.model.idempotencyKey?.toLowerCase();
    const key = keyName === undefined ? undefined : valid.header[keyName];
    const caller = auth.caller ? `${auth.caller.kind}:${auth.caller.credential}` : "";
    const when = at.getTime();
    if (typeof key === "string") {
      const kept = idempotency.replay(route.operationId, caller, key, when);
      if (kept) return reply(exchange, route, kept);
    }
    const replied = dispatch(handler, {
      params: valid.path,
      query: valid.query,
      headers: valid.header,
      cookies: valid.cookie,
      body: valid.body,
      problem: problemBody(exchange),
    });
    if (typeof key === "string") idempotency.keep(route.operationId, caller, key, when, replied);
    return reply(exchange, route, replied);
  }

  const noted = (trace: Trace, response: Response): Response => {
    if (trace.entry) journal.answered(trace.entry, response.status, trace.answeredBy, trace.fault);
    return response;
  };

  const answer: Answer = (request, headers, overHttp, rawHeaders) => {
    const trace: Trace = { rawHeaders, entry: undefined, answeredBy: "behaviour", fault: undefined };
    // A fault in the mock itself: answer as the API documents rather than throw into the caller's code.
    const fault = (error: unknown) => {
      console.error("billing-mock: internal error", error);
      return problem(newExchange(now(), targetOf(request.url).pathname, headers), 500, {
        detail: "The mock failed unexpectedly; see its log.",
      });
    };
    try {
      const answered = handle(request, headers, overHttp, trace);
      return answered instanceof Promise ? answered.catch(fault).then((response) => noted(trace, response)) : noted(trace, answered);
    } catch (error) {
      return noted(trace, fault(error));
    }
  };
  const reset = () => {
    store.reset();
    scenarios.clear();
    journal.clear();
    idempotency.clear();
  };
  return { answer, store, now, scenarios, journal, answeredFromExamples, reset };
}

/** `f` of a value that may still be coming, staying synchronous when it is not. */
function then<T, R>(value: T | Promise<T>, f: (value: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

function dispatch<K extends OperationId>(
  handler: NonNullable<Handlers[K]>,
  input: Record<keyof HandlerInput<K>, unknown> & { problem: HandlerInput<K>["problem"] },
): Reply<K> {
  // The request passed the spec's own validation, its parameters coerced to their schemas' types, so they have the generated types.
  return (handler as (input: HandlerInput<K>) => Reply<K>)(input as unknown as HandlerInput<K>);
}
