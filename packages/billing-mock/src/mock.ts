/**
 * The whole behaviour as one web-standard fetch handler. Every host (in-process, the Node
 * server, MSW) calls `fetch` and nothing else.
 *
 * Order of checks, each answered with a Problem document: route (404/405), credentials
 * (401), rate limit (429), scope (403), body size, media type and JSON syntax (400),
 * parameters and body against the spec (400), then the operation itself.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { OpenAPIBackend, type Document, type Operation } from "openapi-backend";
import type { ErrorObject } from "ajv";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import type { OperationId, Problem, ProblemFieldError, Reply, SharedStatus } from "./contract.ts";
import { resolveFixtures, type BillingMockFixtures, type RateLimit } from "./fixtures.ts";
import { operationHandlers, type HandlerInput, type Handlers, type ProblemInit } from "./operations.ts";
import { Store, type BillingMockState, type Caller, type RateLimitStatus } from "./state.ts";

/** Bodies larger than this are refused with 400 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The mock-wide rate limit when none is given: the spec's example limit, 60 a minute per credential. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 60, windowMs: 60_000 };

export interface BillingMockOptions {
  /** Tokens, sessions, invoices and CC recipients to start with; absent members keep the defaults. */
  fixtures?: BillingMockFixtures;
  /** Requests per credential and window; `false` turns rate limiting off. Fixture credentials may override it. */
  rateLimit?: RateLimit | false;
  /** The clock for `queuedAt`, timestamps and rate-limit windows. */
  now?: () => Date;
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

// Routing and validation hold no state, so every mock in the process shares one backend.
let sharedBackend: Promise<OpenAPIBackend> | undefined;

function backend(): Promise<OpenAPIBackend> {
  sharedBackend ??= (async () => {
    const api = new OpenAPIBackend({
      definition: structuredClone(spec) as unknown as Document,
      strict: true,
      // Skips openapi-backend's own check of the document, which knows OpenAPI 3.0 only and rejects
      // 3.1's jsonSchemaDialect and `examples`; Redocly has already linted the spec this was bundled from.
      quick: true,
      // The spec declares JSON Schema 2020-12; openapi-backend would default to draft-07 Ajv without formats.
      customizeAjv: (_default, options) => {
        const ajv = new Ajv2020({ ...options, allErrors: true });
        addFormats.default(ajv);
        return ajv;
      },
    });
    await api.init();
    return api;
  })();
  return sharedBackend;
}

type Parsed = { method: string; path: string; query: string; headers: Record<string, string> };

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
  const store = new Store(fixtures, options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const handlers = operationHandlers(store, now);
  const ready = backend();

  async function handle(request: Request): Promise<Response> {
    const api = await ready;
    const url = new URL(request.url);
    const at = now();
    const exchange: Exchange = {
      instance: url.pathname,
      requestId: newRequestId(),
      timestamp: at.toISOString(),
      headers: {},
    };
    const parsed: Parsed = {
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      headers: Object.fromEntries(request.headers),
    };

    let operation: Operation;
    try {
      operation = api.router.matchOperation(parsed, true);
    } catch {
      return unrouted(api, parsed, exchange);
    }
    const operationId = operation.operationId as OperationId;

    const auth = authenticate(api, operation, parsed, store);
    if (!auth) return problem(exchange, 401, { detail: "No valid API key or session was sent." });
    if (auth.caller) {
      const limit = store.hit(auth.caller, at.getTime());
      if (limit) Object.assign(exchange.headers, rateLimitHeaders(limit));
      if (limit?.limited) {
        const retryAfter = Math.max(1, Math.ceil((limit.resetAt.getTime() - at.getTime()) / 1000));
        exchange.headers["retry-after"] = String(retryAfter);
        return problem(exchange, 429, { detail: `Rate limit exceeded. Retry after ${retryAfter} seconds.` });
      }
      const missing = auth.scopes.filter((scope) => !auth.caller!.fixture.scopes.includes(scope));
      if (missing.length > 0) {
        const who = auth.caller.scheme === "SessionCookie" ? "session" : "API key";
        return problem(exchange, 403, { detail: `The ${who} lacks the ${missing.join(", ")} scope.` });
      }
    }

    const body = await readBody(request, operation, exchange);
    if (body instanceof Response) return body;

    const validation = api.validator.validateRequest({ ...parsed, ...(body.text === undefined ? {} : { body: body.text }) }, operation);
    if (validation.errors) return invalid(exchange, validation.errors, operation);

    const path = api.router.parseRequest(parsed, operation).params;
    return answer(exchange, operation, dispatch(handlers, operationId, { params: path, body: body.json, problem: problemBody(exchange) } as HandlerInput<OperationId>));
  }

  return {
    async fetch(input, init) {
      let request: Request;
      try {
        request = input instanceof Request && init === undefined ? input : new Request(typeof input === "string" ? new URL(input, "http://localhost") : input, init);
      } catch (error) {
        return problem(emptyExchange(now()), 400, { detail: `Not a valid request: ${(error as Error).message}` });
      }
      try {
        return await handle(request);
      } catch (error) {
        // A fault in the mock itself: answer as the API documents rather than throw into the caller's code.
        console.error("billing-mock: internal error", error);
        return problem(emptyExchange(now(), new URL(request.url).pathname), 500, { detail: "The mock failed unexpectedly; see its log." });
      }
    },
    state: store.view(),
    reset: () => store.reset(),
  };
}

function dispatch<K extends OperationId>(handlers: Handlers, operationId: K, input: HandlerInput<OperationId>): Reply<K> {
  // The request passed the spec's own validation, so its params and body have the generated types.
  return (handlers[operationId] as (input: HandlerInput<K>) => Reply<K>)(input as HandlerInput<K>);
}

/**
 * The credentials of the first security requirement of the operation that the request
 * satisfies, with the scopes that requirement asks for. `undefined` when none is satisfied.
 */
function authenticate(
  api: OpenAPIBackend,
  operation: Operation,
  parsed: Parsed,
  store: Store,
): { caller?: Caller; scopes: string[] } | undefined {
  const requirements = operation.security ?? [];
  if (requirements.length === 0) return { scopes: [] };
  const schemes = (api.definition.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  let cookies: Record<string, string | undefined> | undefined;
  for (const requirement of requirements) {
    let caller: Caller | undefined;
    const scopes: string[] = [];
    let satisfied = true;
    for (const [name, required] of Object.entries(requirement)) {
      const scheme = schemes[name];
      let credential: string | undefined;
      let kind: "bearer" | "cookie" | undefined;
      if (scheme?.type === "http" && scheme.scheme?.toLowerCase() === "bearer") {
        kind = "bearer";
        credential = /^Bearer +([\x21-\x7E]+)$/i.exec(parsed.headers.authorization ?? "")?.[1];
      } else if (scheme?.type === "apiKey" && scheme.in === "cookie" && scheme.name) {
        kind = "cookie";
        cookies ??= api.router.parseRequest(parsed).cookies as Record<string, string | undefined>;
        credential = cookies[scheme.name];
      }
      // Any other kind of scheme is one the fixtures cannot hold credentials for.
      const fixture = kind && credential !== undefined ? store.credentials.get(kind)?.get(credential) : undefined;
      if (!fixture || credential === undefined) {
        satisfied = false;
        break;
      }
      caller ??= { scheme: name, credential, fixture };
      scopes.push(...required);
    }
    if (satisfied) return { ...(caller ? { caller } : {}), scopes };
  }
  return undefined;
}

interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
}


/** 405 with `Allow` when the path exists with other methods, else 404. */
function unrouted(api: OpenAPIBackend, parsed: Parsed, exchange: Exchange): Response {
  const allowed = ["get", "put", "post", "delete", "options", "head", "patch", "trace"].filter(
    (method) => api.router.matchOperation({ ...parsed, method }) !== undefined,
  );
  if (allowed.length === 0) return problem(exchange, 404, { detail: `No operation is served at ${parsed.path}.` });
  exchange.headers.allow = allowed.map((method) => method.toUpperCase()).join(", ");
  return problem(exchange, 405, { detail: `${parsed.method} is not allowed here; use ${exchange.headers.allow}.` });
}

function rateLimitHeaders(limit: RateLimitStatus): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit.limit),
    "x-ratelimit-remaining": String(limit.remaining),
    "x-ratelimit-reset": limit.resetAt.toISOString(),
  };
}

/**
 * The request body, at most MAX_BODY_BYTES, as text and parsed JSON. A Response (400)
 * when it is too large, present where the operation takes none, of another media type
 * than the spec lists, not UTF-8 or not JSON.
 */
async function readBody(request: Request, operation: Operation, exchange: Exchange): Promise<Response | { text?: string; json?: unknown }> {
  const tooLarge = () => problem(exchange, 400, { title: "Request body too large", detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.` });
  if (Number(request.headers.get("content-length")) > MAX_BODY_BYTES) return tooLarge();
  const bytes = await readAtMost(request.body, MAX_BODY_BYTES);
  if (!bytes) return tooLarge();

  const declared = operation.requestBody as { content: Record<string, unknown> } | undefined;
  if (!declared) {
    if (bytes.byteLength === 0) return {};
    return problem(exchange, 400, {
      detail: "The request body must be empty.",
      errors: [{ pointer: "", code: "body_not_allowed", detail: "This operation takes no request body." }],
    });
  }
  // An absent body is left to the spec's validation, which knows whether it is required.
  if (bytes.byteLength === 0) return {};
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const accepted = Object.keys(declared.content);
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
    return { text, json: JSON.parse(text) };
  } catch (error) {
    return problem(exchange, 400, { title: "Malformed JSON", detail: `The request body is not valid JSON: ${(error as Error).message}` });
  }
}

/** Reads a body stream, giving up (undefined) as soon as it passes `max` bytes. */
async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
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
  if (chunks.length === 1) return chunks[0];
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
    return { pointer: `${at}/${member.replaceAll("~", "~0").replaceAll("/", "~1")}`, code: "missing_required", detail: `\`${member}\` is required.` };
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
  const parameter = (operation.parameters ?? []).find((p) => "name" in p && p.name === name) as
    | { in?: string; example?: unknown; schema?: { pattern?: string } }
    | undefined;
  const pattern = parameter?.schema?.pattern;
  if (error.keyword === "pattern" && pattern) {
    const example = typeof parameter?.example === "string" ? `, such as ${parameter.example}` : "";
    return `\`${name}\` must match ${pattern}${example}.`;
  }
  return `\`${name}\` (${parameter?.in ?? "parameter"}) ${error.message ?? "is invalid"}.`;
}

/** The documented answer for a handler's reply, with the media type the spec gives that status. */
function answer(exchange: Exchange, operation: Operation, reply: { status: number; body: unknown; headers?: Record<string, string | number> }): Response {
  const documented = (operation.responses as Record<string, { content?: Record<string, unknown> }>)[String(reply.status)];
  if (!documented) throw new Error(`${operation.operationId} does not document status ${reply.status}`);
  const headers: Record<string, string> = {
    "content-type": Object.keys(documented.content ?? {})[0] ?? "application/json",
    "x-request-id": exchange.requestId,
    ...exchange.headers,
  };
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
    headers: { "content-type": "application/problem+json", "x-request-id": exchange.requestId, ...exchange.headers },
  });
}

function emptyExchange(at: Date, instance = "/"): Exchange {
  return { instance, requestId: newRequestId(), timestamp: at.toISOString(), headers: {} };
}

/** `req_` and 26 lower-case base-32 characters, the shape of the documented example. */
function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`;
}
