/**
 * The whole behaviour as one web-standard fetch handler. Every host (in-process, the Node
 * server, MSW) calls `fetch` and nothing else.
 *
 * Order of checks, each answered with a Problem document: route (404/405), credentials
 * (401), rate limit (429), scope (403), body size, media type and JSON syntax (400),
 * parameters and body against the spec (400), then the operation itself. The cheap
 * checks come first, so a request that fails them costs no parsing or validation.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { ErrorObject, ValidateFunction } from "ajv";
import { parse as parseCookies } from "cookie";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { OpenAPIBackend, type Document, type Operation } from "openapi-backend";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import type { OperationId, Problem, ProblemFieldError, Reply, SharedStatus } from "./contract.ts";
import { resolveFixtures, type BillingMockFixtures, type RateLimit } from "./fixtures.ts";
import { operationHandlers, type HandlerInput, type Handlers, type ProblemInit } from "./operations.ts";
import { Store, type BillingMockState, type Caller, type RateLimitStatus } from "./state.ts";

/** Bodies larger than this are refused with 400 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

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

type CatalogEntry = { code: string; title: string };
/** The documented error catalog: the `code` and title for each status the mock answers. */
const CATALOG: Record<SharedStatus | 405, CatalogEntry> = {
  400: { code: "invalid_request", title: "Validation failed" },
  401: { code: "unauthorized", title: "Unauthorized" },
  403: { code: "forbidden", title: "Forbidden" },
  404: { code: "not_found", title: "Not found" },
  405: { code: "method_not_allowed", title: "Method not allowed" },
  429: { code: "rate_limited", title: "Too many requests" },
  500: { code: "internal_error", title: "Internal error" },
};

const FIELD_ERROR_CODES: Record<string, string> = {
  required: "missing_required",
  format: "invalid_format",
  pattern: "invalid_format",
  type: "invalid_type",
};

interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
}

/** What the spec says about one operation, prepared once. */
interface Route {
  operationId: OperationId;
  operation: Operation;
  validators: ValidateFunction[];
  /** Alternatives: any one requirement satisfied authenticates the request. */
  security: { name: string; kind: "bearer" | "cookie" | undefined; cookie?: string; scopes: string[] }[][];
  /** Media types the request body may have; undefined when the operation takes no body. */
  bodyMediaTypes: string[] | undefined;
  /** The media type of each documented status's body. */
  responseMediaTypes: Record<string, string>;
  /** Whether the operation declares header or cookie parameters: only then are they collected for validation. */
  declares: { header: boolean; cookie: boolean };
}

type Match = { route: Route; params: Record<string, string> } | { allow: string[] } | undefined;

interface Compiled {
  match(method: string, path: string): Match;
}

// Routing and validation hold no state, so every mock in the process shares them.
let compiled: Promise<Compiled> | undefined;
// The same, once ready: from then on a request without a body is answered synchronously,
// which lets @hono/node-server write the answer without waiting for a promise.
let compiledNow: Compiled | undefined;

/**
 * openapi-backend reads the spec and compiles each operation's request validators (Ajv,
 * JSON Schema 2020-12 with formats, as the spec declares); Hono's RegExpRouter matches
 * paths against the spec's templates, once compiled, where openapi-backend's own router
 * would rebuild its route list for every request.
 */
function compile(): Promise<Compiled> {
  compiled ??= (async () => {
    const api = new OpenAPIBackend({
      definition: structuredClone(spec) as unknown as Document,
      strict: true,
      // Skips openapi-backend's own check of the document, which knows OpenAPI 3.0 only and rejects
      // 3.1's jsonSchemaDialect and `examples`; Redocly has already linted the spec this was bundled from.
      quick: true,
      customizeAjv: (_default, options) => {
        const ajv = new Ajv2020({ ...options, allErrors: true });
        addFormats.default(ajv);
        return ajv;
      },
    });
    await api.init();
    const schemes = (api.definition.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
    const router = new RegExpRouter<Route | { allow: string[] }>();
    const allowed = new Map<string, string[]>();
    for (const operation of api.router.getOperations()) {
      const template = operation.path.replace(/\{([^}]+)\}/g, ":$1");
      const method = operation.method.toUpperCase();
      allowed.set(template, [...(allowed.get(template) ?? []), method]);
      router.add(method, template, {
        operationId: operation.operationId as OperationId,
        operation,
        validators: api.validator.getRequestValidatorsForOperation(operation.operationId!),
        security: (operation.security ?? []).map((requirement) =>
          Object.entries(requirement).map(([name, scopes]) => {
            const scheme = schemes[name];
            if (scheme?.type === "http" && scheme.scheme?.toLowerCase() === "bearer") return { name, kind: "bearer" as const, scopes };
            if (scheme?.type === "apiKey" && scheme.in === "cookie" && scheme.name)
              return { name, kind: "cookie" as const, cookie: scheme.name, scopes };
            // A kind of scheme the fixtures hold no credentials for: never satisfied.
            return { name, kind: undefined, scopes };
          }),
        ),
        bodyMediaTypes:
          operation.requestBody && "content" in operation.requestBody ? Object.keys(operation.requestBody.content) : undefined,
        responseMediaTypes: Object.fromEntries(
          Object.entries((operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>).map(([status, response]) => [
            status,
            Object.keys(response.content ?? {})[0] ?? "application/json",
          ]),
        ),
        declares: {
          header: declaresParameter(operation, "header"),
          cookie: declaresParameter(operation, "cookie"),
        },
      });
    }
    // Registered after the operations, so a path that exists with other methods answers 405, not 404.
    for (const [template, methods] of allowed) router.add("ALL", template, { allow: methods });
    return (compiledNow = {
      match(method, path) {
        const [handlers, stash] = router.match(method, path) as [[Route | { allow: string[] }, Record<string, number>][], string[]];
        const first = handlers[0];
        if (!first) return undefined;
        const [target, indexes] = first;
        if ("allow" in target) return target;
        const params: Record<string, string> = {};
        for (const [name, index] of Object.entries(indexes)) params[name] = stash[index]!;
        return { route: target, params };
      },
    });
  })();
  return compiled;
}

function declaresParameter(operation: Operation, location: string): boolean {
  return (operation.parameters ?? []).some((parameter) => "in" in parameter && parameter.in === location);
}

/** Everything one request's answers share. */
interface Exchange {
  instance: string;
  requestId: string;
  timestamp: string;
  headers: Record<string, string>;
}

export function createBillingMock(options: BillingMockOptions = {}): BillingMock {
  const fixtures = resolveFixtures(options.fixtures);
  const now = options.now ?? (() => new Date());
  const { outboxLimit = DEFAULT_OUTBOX_LIMIT } = options;
  if (!(outboxLimit === Infinity || (Number.isSafeInteger(outboxLimit) && outboxLimit >= 0))) {
    throw new RangeError(`outboxLimit must be a whole number of emails, 0 or more, or Infinity; got ${String(outboxLimit)}`);
  }
  const store = new Store(fixtures, options.rateLimit ?? DEFAULT_RATE_LIMIT, outboxLimit);
  const handlers = operationHandlers(store, now);
  const ready = compile();

  function handle(request: Request, headers: Record<string, string>, overHttp: boolean): Response | Promise<Response> {
    if (!compiledNow) return ready.then(() => handle(request, headers, overHttp));
    const { match } = compiledNow;
    const url = new URL(request.url);
    const at = now();
    const exchange: Exchange = { instance: url.pathname, requestId: newRequestId(), timestamp: at.toISOString(), headers };

    const matched = match(request.method, url.pathname);
    if (!matched) return problem(exchange, 404, { detail: `No operation is served at ${url.pathname}.` });
    if ("allow" in matched) {
      exchange.headers.allow = matched.allow.join(", ");
      return problem(exchange, 405, { detail: `${request.method} is not allowed here; use ${exchange.headers.allow}.` });
    }
    const { route, params } = matched;

    const auth = authenticate(route, request.headers, store);
    if (!auth) return problem(exchange, 401, { detail: "No valid API key or session was sent." });
    if (auth.caller) {
      const limit = store.hit(auth.caller, at.getTime());
      if (limit) Object.assign(exchange.headers, rateLimitHeaders(limit));
      if (limit?.limited) {
        const retryAfter = Math.max(1, Math.ceil((limit.resetAt.getTime() - at.getTime()) / 1000));
        exchange.headers["retry-after"] = String(retryAfter);
        return problem(exchange, 429, { detail: `Rate limit exceeded. Retry after ${retryAfter} seconds.` });
      }
      const granted = auth.caller.fixture.scopes;
      const missing = auth.scopes.filter((scope) => !granted.includes(scope));
      if (missing.length > 0) {
        const who = auth.caller.kind === "cookie" ? "session" : "API key";
        return problem(exchange, 403, { detail: `The ${who} lacks the ${missing.join(", ")} scope.` });
      }
    }

    const read = readBody(request, route, exchange, overHttp);
    return read instanceof Promise ? read.then(validateAndRun) : validateAndRun(read);

    function validateAndRun(body: Response | { json?: unknown }): Response {
      if (body instanceof Response) return body;
      return run(exchange, route, params, url, request.headers, auth!.cookies, body);
    }
  }

  function run(
    exchange: Exchange,
    route: Route,
    params: Record<string, string>,
    url: URL,
    requestHeaders: Headers,
    cookies: Record<string, string | undefined> | undefined,
    body: { json?: unknown },
  ): Response {
    // Query parameters are always collected: the validator refuses ones the spec does not declare.
    const input: Record<string, unknown> = {
      path: params,
      query: Object.fromEntries(url.searchParams),
      header: route.declares.header ? Object.fromEntries(requestHeaders) : {},
      cookie: route.declares.cookie ? (cookies ?? parseCookies(requestHeaders.get("cookie") ?? "")) : {},
    };
    if ("json" in body) input.requestBody = body.json;
    const errors = route.validators.flatMap((validate) => (validate(input) ? [] : (validate.errors ?? [])));
    if (errors.length > 0) return invalid(exchange, errors, route.operation);

    return answer(exchange, route, dispatch(handlers, route.operationId, { params, body: body.json, problem: problemBody(exchange) }));
  }

  function answerSafely(request: Request, headers: Record<string, string>, overHttp: boolean): Response | Promise<Response> {
    // A fault in the mock itself: answer as the API documents rather than throw into the caller's code.
    const fault = (error: unknown) => {
      console.error("billing-mock: internal error", error);
      return problem(emptyExchange(now(), new URL(request.url).pathname, headers), 500, {
        detail: "The mock failed unexpectedly; see its log.",
      });
    };
    try {
      const answer = handle(request, headers, overHttp);
      return answer instanceof Promise ? answer.catch(fault) : answer;
    } catch (error) {
      return fault(error);
    }
  }

  const mock: BillingMock = {
    async fetch(input, init) {
      let request: Request;
      try {
        request =
          input instanceof Request && init === undefined
            ? input
            : new Request(typeof input === "string" ? new URL(input, "http://localhost") : input, init);
      } catch (error) {
        return problem(emptyExchange(now()), 400, { detail: `Not a valid request: ${(error as Error).message}` });
      }
      return answerSafely(request, {}, false);
    },
    state: store.view(),
    reset: () => store.reset(),
  };
  withHeaders.set(mock, answerSafely);
  return mock;
}

const withHeaders = new WeakMap<
  BillingMock,
  (request: Request, headers: Record<string, string>, overHttp: boolean) => Response | Promise<Response>
>();

/**
 * For the HTTP host: answers like `mock.fetch`, with `headers` on every answer, for a
 * request that arrived over HTTP/1.1. Building the headers in from the start keeps
 * @hono/node-server on its fast path, which setting them on the Response afterwards would
 * leave; and HTTP's framing tells whether there is a body without opening it.
 */
export function fetchOverHttp(mock: BillingMock, request: Request, headers: Record<string, string>): Response | Promise<Response> {
  const answer = withHeaders.get(mock);
  if (!answer) throw new TypeError("not a mock made by createBillingMock()");
  return answer(request, { ...headers }, true);
}

function dispatch<K extends OperationId>(
  handlers: Handlers,
  operationId: K,
  input: { params: Record<string, string>; body: unknown; problem: HandlerInput<K>["problem"] },
): Reply<K> {
  // The request passed the spec's own validation, so its params and body have the generated types.
  return (handlers[operationId] as (input: HandlerInput<K>) => Reply<K>)(input as unknown as HandlerInput<K>);
}

/**
 * The caller of the first security requirement of the operation that the request
 * satisfies, with the scopes that requirement asks for. `undefined` when none is.
 */
function authenticate(
  route: Route,
  headers: Headers,
  store: Store,
): { caller?: Caller; scopes: string[]; cookies?: Record<string, string | undefined> } | undefined {
  if (route.security.length === 0) return { scopes: [] };
  let cookies: Record<string, string | undefined> | undefined;
  for (const requirement of route.security) {
    let caller: Caller | undefined;
    const scopes: string[] = [];
    let satisfied = true;
    for (const scheme of requirement) {
      let credential: string | undefined;
      if (scheme.kind === "bearer") {
        credential = /^Bearer +([\x21-\x7E]+)$/i.exec(headers.get("authorization") ?? "")?.[1];
      } else if (scheme.kind === "cookie") {
        cookies ??= parseCookies(headers.get("cookie") ?? "");
        credential = cookies[scheme.cookie!];
      }
      const fixture = scheme.kind && credential !== undefined ? store.credentials.get(scheme.kind)?.get(credential) : undefined;
      if (!fixture || credential === undefined || !scheme.kind) {
        satisfied = false;
        break;
      }
      caller ??= { scheme: scheme.name, kind: scheme.kind, credential, fixture };
      scopes.push(...scheme.scopes);
    }
    if (satisfied) return { ...(caller ? { caller } : {}), scopes, ...(cookies ? { cookies } : {}) };
  }
  return undefined;
}

function rateLimitHeaders(limit: RateLimitStatus): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit.limit),
    "x-ratelimit-remaining": String(limit.remaining),
    "x-ratelimit-reset": limit.resetAt.toISOString(),
  };
}

/**
 * The request body, at most MAX_BODY_BYTES, parsed as JSON. A Response (400) when it is
 * too large, present where the operation takes none, of another media type than the spec
 * lists, not UTF-8 or not JSON. `{}` when there is no body.
 */
function readBody(
  request: Request,
  route: Route,
  exchange: Exchange,
  overHttp: boolean,
): Response | { json?: unknown } | Promise<Response | { json?: unknown }> {
  const bytes = readAtMost(request, MAX_BODY_BYTES, overHttp);
  return bytes instanceof Promise
    ? bytes.then((read) => parseBody(read, request, route, exchange))
    : parseBody(bytes, request, route, exchange);
}

function parseBody(bytes: Uint8Array | undefined, request: Request, route: Route, exchange: Exchange): Response | { json?: unknown } {
  if (!bytes)
    return problem(exchange, 400, { title: "Request body too large", detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.` });
  const accepted = route.bodyMediaTypes;
  if (!accepted) {
    if (bytes.byteLength === 0) return {};
    return problem(exchange, 400, {
      detail: "The request body must be empty.",
      errors: [{ pointer: "", code: "body_not_allowed", detail: "This operation takes no request body." }],
    });
  }
  // An absent body is left to the spec's validation, which knows whether it is required.
  if (bytes.byteLength === 0) return {};
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!accepted.includes(mediaType)) {
    return problem(exchange, 400, {
      title: "Unsupported media type",
      detail: `Send the body as ${accepted.join(" or ")}${mediaType ? `, not ${mediaType}` : " with a matching Content-Type"}.`,
    });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return problem(exchange, 400, { title: "Malformed JSON", detail: "The request body is not valid UTF-8." });
  }
  try {
    return { json: JSON.parse(text) };
  } catch (error) {
    return problem(exchange, 400, { title: "Malformed JSON", detail: `The request body is not valid JSON: ${(error as Error).message}` });
  }
}

const NO_BODY = new Uint8Array(0);

/**
 * The body's bytes, or undefined once it passes `max`. A declared Content-Length over the
 * limit is refused unread. A chunked body is read as a stream and abandoned at the limit.
 * Otherwise the body is read whole: over HTTP its length is then declared (and enforced by
 * the server's parser) or zero, and an in-process caller's body is already in its memory.
 * Reading whole lets @hono/node-server skip building a stream for every request.
 */
function readAtMost(request: Request, max: number, overHttp: boolean): Uint8Array | undefined | Promise<Uint8Array | undefined> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) return undefined;
  const chunked = request.headers.has("transfer-encoding");
  // HTTP/1.1 framing (RFC 9112, 6.3): neither header means the request has no body.
  if (overHttp && !chunked && (declared === null || declared === "0")) return NO_BODY;
  if (chunked && request.body) return readStream(request.body, max);
  return request.arrayBuffer().then((buffer) => (buffer.byteLength > max ? undefined : new Uint8Array(buffer)));
}

async function readStream(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** 400 for a request the spec's validation refused, one field error per offending body member. */
function invalid(exchange: Exchange, errors: ErrorObject[], operation: Operation): Response {
  const fieldErrors: ProblemFieldError[] = [];
  const parameterDetails: string[] = [];
  for (const error of errors) {
    if (error.instancePath.startsWith("/requestBody") || (error.instancePath === "" && error.params.missingProperty === "requestBody")) {
      fieldErrors.push(fieldError(error));
    } else {
      const name = error.instancePath.split("/").pop() || String(error.params.missingProperty ?? "");
      parameterDetails.push(describeParameter(operation, name, error));
    }
  }
  if (parameterDetails.length > 0) return problem(exchange, 400, { detail: [...new Set(parameterDetails)].join(" ") });
  return problem(exchange, 400, { detail: "The request body failed validation.", errors: fieldErrors });
}

function fieldError(error: ErrorObject): ProblemFieldError {
  const at = error.instancePath.replace(/^\/requestBody/, "");
  if (error.keyword === "required") {
    if (error.instancePath === "") return { pointer: "", code: "missing_required", detail: "A JSON request body is required." };
    const member = String(error.params.missingProperty);
    return {
      pointer: `${at}/${member.replaceAll("~", "~0").replaceAll("/", "~1")}`,
      code: "missing_required",
      detail: `\`${member}\` is required.`,
    };
  }
  const name = at === "" ? "The request body" : `\`${at.slice(1)}\``;
  const detail =
    error.keyword === "format" && error.params.format === "email"
      ? `${name} must be a valid email address.`
      : error.keyword === "type"
        ? `${name} must be of type ${String(error.params.type)}.`
        : `${name} ${error.message ?? "is invalid"}.`;
  return { pointer: at, code: FIELD_ERROR_CODES[error.keyword] ?? "invalid_value", detail };
}

function describeParameter(operation: Operation, name: string, error: ErrorObject): string {
  if (error.keyword === "additionalProperties") return `Unknown ${name} parameter \`${String(error.params.additionalProperty)}\`.`;
  const parameter = (operation.parameters ?? []).find((p) => "name" in p && p.name === name) as
    { in?: string; example?: unknown; schema?: { pattern?: string } } | undefined;
  const pattern = parameter?.schema?.pattern;
  if (error.keyword === "pattern" && pattern) {
    const example = typeof parameter?.example === "string" ? `, such as ${parameter.example}` : "";
    return `\`${name}\` must match ${pattern}${example}.`;
  }
  return `\`${name}\` (${parameter?.in ?? "parameter"}) ${error.message ?? "is invalid"}.`;
}

/** The documented answer for a handler's reply, with the media type the spec gives that status. */
function answer(
  exchange: Exchange,
  route: Route,
  reply: { status: number; body: unknown; headers?: Record<string, string | number> },
): Response {
  const mediaType = route.responseMediaTypes[reply.status];
  if (!mediaType) throw new Error(`${route.operationId} does not document status ${reply.status}`);
  const headers: Record<string, string> = { ...exchange.headers, "content-type": mediaType, "x-request-id": exchange.requestId };
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = String(value);
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** A Problem document's members for this request; handlers build their error bodies with it. */
function problemBody(exchange: Exchange) {
  return (status: SharedStatus | 405, init: ProblemInit): Problem => {
    const { code, title } = CATALOG[status];
    return {
      type: `https://developer.hostup.se/errors/${code}`,
      title: init.title ?? title,
      status,
      detail: init.detail,
      code,
      instance: exchange.instance,
      requestId: exchange.requestId,
      timestamp: exchange.timestamp,
      ...(init.errors ? { errors: init.errors } : {}),
    };
  };
}

function problem(exchange: Exchange, status: SharedStatus | 405, init: ProblemInit): Response {
  return new Response(JSON.stringify(problemBody(exchange)(status, init)), {
    status,
    headers: { ...exchange.headers, "content-type": "application/problem+json", "x-request-id": exchange.requestId },
  });
}

/** A Problem document for an answer given outside any mock, such as a request HTTP itself could not parse. */
export function problemDocument(status: SharedStatus | 405, init: ProblemInit, instance = "/"): Problem {
  return problemBody(emptyExchange(new Date(), instance))(status, init);
}

function emptyExchange(at: Date, instance = "/", headers: Record<string, string> = {}): Exchange {
  return { instance, requestId: newRequestId(), timestamp: at.toISOString(), headers };
}

/** `req_` and 26 lower-case base-32 characters, the shape of the documented example. */
function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`;
}
