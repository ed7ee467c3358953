import createClient, { defaultPathSerializer, type Client } from "openapi-fetch";
import { operationMetadata, serverUrl, type components, type paths } from "@hostup/billing-openapi";
import { InvalidArgumentError, NetworkError, ProblemError, TimeoutError, UnexpectedResponseError } from "./errors.ts";

export type InvoiceEmailResend = components["schemas"]["InvoiceEmailResend"];
export type InvoiceCcRecipient = components["schemas"]["InvoiceCcRecipient"];
export type AddInvoiceCcRecipientRequest = components["schemas"]["AddInvoiceCcRecipientRequest"];

export interface BillingClientOptions {
  /** API origin, without `/api/v2`. Defaults to the spec's server, `https://cloud.hostup.se`. */
  baseUrl?: string;
  /** API key sent as `Authorization: Bearer`. A function is called before every attempt (sync or async). */
  token?: string | (() => string | Promise<string>);
  /** Dashboard session, sent as the `hostup_session` cookie. Server-side only: browsers forbid setting `Cookie`. */
  session?: string;
  /** The fetch to use; defaults to `globalThis.fetch`. It must honour `init.signal`, as every standard fetch does. */
  fetch?: typeof globalThis.fetch;
  /** Limit for each attempt in milliseconds, response body included (default 30 000); `Infinity` for none. */
  timeoutMs?: number;
  /** When to retry (by default a 429, or a connection that was never made); `false` never retries. */
  retry?: RetryOptions | false;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Longest single wait in milliseconds (default 30 000); a 429 asking for longer is thrown at once. */
  maxDelayMs?: number;
  /** Decides whether a failed attempt is retried, given the default decision as `retryable`. Widening it may run an operation twice. */
  on?: (context: RetryContext) => boolean | Promise<boolean>;
}

export interface RetryContext {
  /** operationId of the call. */
  operation: string;
  /** The attempt that failed, counting from 1. */
  attempt: number;
  /** What the call throws unless it is retried. */
  error: ProblemError | NetworkError | TimeoutError;
  /** The default policy's decision: true for a 429 and for a connection that was never made. */
  retryable: boolean;
}

export interface CallOptions {
  /** Aborts the call, including a wait between retries; the call then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Replaces the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Replaces the client's `retry` for this call. */
  retry?: RetryOptions | false;
}

export interface BillingClient {
  /** Queues a resend of the invoice email. Not idempotent: each call queues another email. */
  resendInvoiceEmail(id: string, options?: CallOptions): Promise<InvoiceEmailResend>;
  /** Adds an invoice CC recipient. The server lower-cases the email and cuts the description to 255 characters. */
  addInvoiceCcRecipient(body: AddInvoiceCcRecipientRequest, options?: CallOptions): Promise<InvoiceCcRecipient>;
  /** The typed openapi-fetch client, with the same base URL, auth and path-parameter checks, but no retries or timeouts. */
  readonly raw: Client<paths>;
}

type OperationId = keyof typeof operationMetadata;
type Result = { response: Response; data?: unknown; error?: unknown };
type Send = (fetch: (request: Request) => Promise<Response>) => Promise<Result>;

/** The subset of JSON Schema that the spec's request bodies use; a test fails when the spec uses more. */
interface Schema {
  type: string;
  required?: readonly string[];
  properties?: Record<string, Schema>;
  format?: string;
}

const NOT_DOTS = /^(?!\.{1,2}$)[^]/u;
// Each path template with its parameters' names and compiled patterns (compiling one per request
// would cost more than the rest of the call), longest template first so that a template never
// matches the end of a longer one. A parameter without a pattern must at least not be empty,
// `.` or `..`.
const byPath = Object.values(operationMetadata)
  .map(({ path, pathParameters }) => ({
    path,
    checks: Object.entries(pathParameters as Record<string, { pattern: string | null }>).map(
      ([name, { pattern }]) => [name, pattern, pattern ? new RegExp(pattern, "u") : NOT_DOTS] as const,
    ),
  }))
  .sort((a, b) => b.path.length - a.path.length);

const HEADER_SAFE = /^[\x21-\x7E]+$/;
// RFC 6265 cookie-octet: no whitespace, DQUOTE, comma, semicolon or backslash.
const COOKIE_SAFE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;
// What a `format` must at least look like. Deliberately looser than RFC 5321: it catches a
// name or a blank where an address belongs, and never refuses an address that the spec's
// validator (ajv-formats, as used by the mock) accepts; the server has the final word.
const FORMATS: Record<string, RegExp> = { email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ };
// Failures of connect() or DNS: no byte of the request was written, so a retry cannot repeat the
// operation. A reset (ECONNRESET, UND_ERR_SOCKET) may come after the server acted, so it is not here.
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];

export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const { token, session, fetch = globalThis.fetch } = options;
  if (token !== undefined && typeof token !== "function") checkSecret("token", token);
  if (session !== undefined) checkSecret("session", session, COOKIE_SAFE, ", quotes, commas, semicolons or backslashes");

  // Fixed credentials go in the client's default headers: openapi-fetch then skips its middleware
  // machinery, which is most of the client's overhead per call.
  const headers: Record<string, string> = {};
  if (typeof token === "string") headers.Authorization = `Bearer ${token}`;
  if (session !== undefined) headers.Cookie = `hostup_session=${session}`;
  const raw = createClient<paths>({ baseUrl, fetch, headers, pathSerializer: checkedPathSerializer });
  if (typeof token === "function") {
    raw.use({
      async onRequest({ request }) {
        const value = await token();
        checkSecret("token", value);
        request.headers.set("Authorization", `Bearer ${value}`);
      },
    });
  }

  /**
   * Every attempt goes through `raw`, so middleware added with `raw.use` sees each one. Only a
   * failure that provably left the server untouched is retried by default: both operations
   * have side effects, and a repeated resend sends another email.
   */
  async function call<T>(operation: OperationId, callOptions: CallOptions, send: Send): Promise<T> {
    const { signal: caller, timeoutMs = options.timeoutMs ?? 30_000 } = callOptions;
    const { maxRetries = 2, maxDelayMs = 30_000, on } = (callOptions.retry ?? options.retry ?? {}) || { maxRetries: 0 };
    for (let attempt = 1; ; attempt++) {
      const timeout = new AbortController();
      watch(timeout, timeoutMs);
      let result: Result | undefined;
      let error: ProblemError | NetworkError | TimeoutError | undefined;
      try {
        const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
        // The signal goes to fetch, not into openapi-fetch's Request: fetch builds its own Request
        // from ours anyway, and a Request that follows a signal is costly to build twice.
        result = await send((request) => fetch(request, { signal }));
      } catch (thrown) {
        if (caller?.aborted) throw caller.reason;
        if (timeout.signal.aborted) error = new TimeoutError(operation, timeoutMs);
        // fetch rejects with a plain TypeError when the network fails, before or during the
        // response (undici gives the system error as `cause`); InvalidArgumentError is ours.
        else if (thrown instanceof TypeError && !(thrown instanceof InvalidArgumentError)) error = new NetworkError(operation, thrown);
        else throw thrown;
      } finally {
        deadlines.delete(timeout);
      }
      if (result?.response.ok) return parseBody(operation, result) as T;
      error ??= new ProblemError(operation, result!.response, result!.error);

      const retryable =
        error instanceof ProblemError ? error.status === 429 : error instanceof NetworkError && NOT_SENT.includes(error.code!);
      if (attempt > maxRetries || !(on ? await on({ operation, attempt, error, retryable }) : retryable)) throw error;
      const asked = (error as Partial<ProblemError>).retryAfter;
      // Sleeping past the limit helps nobody: the caller learns at once and can reschedule.
      if (asked! * 1000 > maxDelayMs) throw error;
      // Exponential backoff (0.5-1 s, 1-2 s, ... at most 8 s), jittered so that clients limited together spread out.
      await sleep(
        asked === undefined ? Math.min(maxDelayMs, Math.min(4000, 2 ** attempt * 250) * (1 + Math.random())) : asked * 1000,
        caller,
      );
    }
  }

  const addInvoiceCcRecipientSchema = operationMetadata.addInvoiceCcRecipient.requestBody.schema as Schema;

  return {
    raw,
    resendInvoiceEmail(id, callOptions = {}) {
      return call("resendInvoiceEmail", callOptions, (fetch) =>
        raw.POST("/api/v2/billing/invoices/{id}/actions/resend-email", { params: { path: { id } }, parseAs: "text", fetch }),
      );
    },
    async addInvoiceCcRecipient(body, callOptions = {}) {
      checkBody(addInvoiceCcRecipientSchema, body);
      // Serialised once, so every attempt sends the same bytes even if the caller changes the object meanwhile.
      const json = JSON.stringify(body);
      return call("addInvoiceCcRecipient", callOptions, (fetch) =>
        raw.POST("/api/v2/billing/payment-methods/contacts", { body, bodySerializer: () => json, parseAs: "text", fetch }),
      );
    },
  };
}

/**
 * Every attempt's deadline, watched by one timer: arming a timer per attempt costs more than
 * the rest of the client's own work per call (see `pnpm bench`).
 */
const deadlines = new Map<AbortController, number>();
let wakeAt = Infinity;
let wake: ReturnType<typeof setTimeout> | undefined;

/** Aborts `controller` once `ms` have passed, unless it is removed from `deadlines` first. */
function watch(controller: AbortController, ms: number): void {
  const now = performance.now();
  const at = now + ms;
  deadlines.set(controller, at);
  // An overdue wake-up may be lost (fake timers swap the clock under it): expire at once.
  if (at < wakeAt || now > wakeAt) {
    clearTimeout(wake);
    wakeAt = Math.min(at, wakeAt);
    // Capped: setTimeout fires at once for 2^31 ms or more.
    wake = setTimeout(expire, Math.min(wakeAt - now, 2 ** 31 - 1));
    // In Node, a wake-up with nothing left to expire must not keep the process alive.
    (wake as { unref?(): void }).unref?.();
  }
}

function expire(): void {
  wakeAt = Infinity;
  const now = performance.now();
  for (const [controller, at] of deadlines) {
    if (at > now) watch(controller, at - now);
    else {
      deadlines.delete(controller);
      controller.abort();
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      if (signal?.aborted) reject(signal.reason);
      else resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
    if (signal?.aborted) done();
  });
}

function parseBody(operation: string, { response, data }: Result): unknown {
  try {
    // parseAs "text": a string, or undefined for a response without a body.
    return data ? JSON.parse(data as string) : data;
  } catch {
    throw new UnexpectedResponseError(operation, response);
  }
}

/**
 * Checks a body against its request schema from the generated operationMetadata, so the
 * rules are the spec's and none is restated here. A JSON Schema validator (Ajv) would be
 * several times the client's whole size budget, for the four keywords the spec uses; a
 * test fails if the spec starts to use another.
 */
function checkBody(schema: Schema, body: unknown): void {
  const refuse = (at: string, what: string) => {
    throw new InvalidArgumentError(at, `must be ${what}; no request was sent`);
  };
  if (typeof body !== "object" || !body || Array.isArray(body)) refuse("body", "an object");
  for (const [name, property] of Object.entries(schema.properties!)) {
    const value = (body as Record<string, unknown>)[name];
    if (
      value === undefined
        ? schema.required?.includes(name)
        : typeof value !== property.type || FORMATS[property.format!]?.test(value as string) === false
    ) {
      refuse(`body.${name}`, `a ${property.type}${property.format ? ` in ${property.format} format` : ""}`);
    }
  }
}

/**
 * openapi-fetch leaves `.` unencoded, so an id of `..` would walk the URL to another
 * endpoint. Every path parameter is checked against the spec's pattern before any request.
 */
function checkedPathSerializer(url: string, params: Record<string, unknown>): string {
  const checks =
    byPath.find(({ path }) => url.endsWith(path))?.checks ??
    // A path the spec does not have (only reachable through `raw`): the minimum for every parameter.
    (url.match(/\{[^{}]+\}/g) ?? []).map((braced) => [braced.slice(1, -1), null, NOT_DOTS] as const);
  for (const [name, pattern, regex] of checks) {
    const value = params[name];
    if (typeof value !== "string" || !regex.test(value)) {
      throw new InvalidArgumentError(
        name,
        `${JSON.stringify(value)} is not valid${pattern ? ` (must match ${pattern})` : ""}; no request was sent`,
      );
    }
  }
  return defaultPathSerializer(url, params);
}

function checkBaseUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new InvalidArgumentError("baseUrl", "must be an http(s) URL without credentials, query or fragment");
  }
  return url.href.replace(/\/+$/, "");
}

/** Never echoes the value: tokens and sessions are secrets. */
function checkSecret(argument: string, value: unknown, safe = HEADER_SAFE, also = ""): asserts value is string {
  if (typeof value !== "string" || !safe.test(value)) {
    throw new InvalidArgumentError(argument, `must be non-empty visible ASCII without spaces${also}; no request was sent`);
  }
}
