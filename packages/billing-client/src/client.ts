import createClient, { type Client } from "openapi-fetch";
import { operationMetadata, serverUrl, type components, type paths } from "@hostup/billing-openapi";
import { InvalidArgumentError, isObject, NetworkError, ProblemError, TimeoutError, UnexpectedResponseError } from "./errors.ts";

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
  /** Limit for each attempt in milliseconds, response body included (default 30 000); `Infinity` (or 2e9, 23 days, or more) for none. */
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
// Each path parameter's compiled pattern, by name: compiling one per request would cost more
// than the rest of the call, and `pnpm generate` refuses a spec that gives a name two patterns.
// A parameter without a pattern, or on a path the spec does not have, must at least not be
// empty, `.` or `..`.
const patterns = new Map<string, RegExp>();
for (const { pathParameters } of Object.values(operationMetadata)) {
  for (const [name, { pattern }] of Object.entries(pathParameters as Record<string, { pattern: string | null }>)) {
    if (pattern) patterns.set(name, new RegExp(pattern, "u"));
  }
}

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash. It holds
// every RFC 6750 bearer token, and nothing that could end a header or add a cookie.
const SECRET = /^[!#-+\--:<-[\]-~]+$/;
// What a `format` must at least look like. Deliberately looser than RFC 5321: it catches a
// name or a blank where an address belongs, and never refuses an address that the spec's
// validator (ajv-formats, as used by the mock) accepts; the server has the final word.
const FORMATS: Record<string, RegExp> = { email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ };
// Failures of connect() or DNS: no byte of the request was written, so a retry cannot repeat the
// operation. A reset (ECONNRESET, UND_ERR_SOCKET) may come after the server acted, so it is not here.
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT)$/;

export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const { token, session, fetch = globalThis.fetch } = options;
  // Fixed credentials go in the client's default headers: openapi-fetch then skips its middleware
  // machinery, which is most of the client's overhead per call.
  const headers: Record<string, string> = {};
  if (token !== undefined && typeof token !== "function") headers.Authorization = bearer(token);
  if (session !== undefined) headers.Cookie = `hostup_session=${checkSecret("session", session)}`;
  const raw = createClient<paths>({ baseUrl, fetch, headers, pathSerializer: checkedPathSerializer });
  if (typeof token === "function") {
    raw.use({
      async onRequest({ request }) {
        request.headers.set("Authorization", bearer(await token()));
      },
    });
  }

  /**
   * Every attempt goes through `raw`, so middleware added with `raw.use` sees each one. Only a
   * failure that provably left the server untouched is retried by default: both operations
   * have side effects, and a repeated resend sends another email.
   */
  async function call<T>(operation: OperationId, callOptions: CallOptions = {}, send: Send): Promise<T> {
    const { signal: caller, timeoutMs = options.timeoutMs ?? 30_000 } = callOptions;
    const { maxRetries = 2, maxDelayMs = 30_000, on } = (callOptions.retry ?? options.retry ?? {}) || { maxRetries: 0 };
    for (let attempt = 1; ; attempt++) {
      const timeout = new AbortController();
      // A timer cannot wait 2^31 ms or more (it would fire at once), so a limit that long means none.
      const timer = timeoutMs < 2e9 ? setTimeout(() => timeout.abort(), timeoutMs) : undefined;
      let result: Result | undefined;
      let error: ProblemError | NetworkError | TimeoutError | undefined;
      try {
        const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
        // The signal goes to fetch, not into openapi-fetch's Request: fetch builds its own Request
        // from ours anyway, and a Request that follows a signal is costly to build twice.
        result = await send((request) => fetch(request, { signal }));
        // parseAs "text" gives a string, or undefined when there is no body: the spec promises
        // JSON on success, so anything else, an empty body included, is unexpected.
        if (result.response.ok) return JSON.parse(result.data as string) as T;
      } catch (thrown) {
        if (caller?.aborted) throw caller.reason;
        if (result) throw new UnexpectedResponseError(operation, result.response);
        if (timeout.signal.aborted) error = new TimeoutError(operation, timeoutMs);
        // fetch rejects with a TypeError when the network fails, before or during the response
        // (undici gives the system error as `cause`).
        else if (thrown instanceof TypeError) error = new NetworkError(operation, thrown);
        else throw thrown;
      } finally {
        clearTimeout(timer);
      }
      error ??= new ProblemError(operation, result!.response, result!.error);

      // Only a ProblemError has a status.
      const retryable = (error as ProblemError).status === 429 || (error instanceof NetworkError && NOT_SENT.test(error.code!));
      if (attempt > maxRetries || !(on ? await on({ operation, attempt, error, retryable }) : retryable)) throw error;
      // NaN when the server did not say how long to wait.
      const asked = (error as Partial<ProblemError>).retryAfter! * 1000;
      // Sleeping past the limit helps nobody: the caller learns at once and can reschedule.
      if (asked > maxDelayMs) throw error;
      // Else exponential backoff (0.5-1 s, 1-2 s, ... at most 8 s), jittered so that clients limited together spread out.
      await sleep(asked >= 0 ? asked : Math.min(maxDelayMs, 2 ** Math.min(attempt, 4) * 250 * (1 + Math.random())), caller);
    }
  }

  const addInvoiceCcRecipientSchema = operationMetadata.addInvoiceCcRecipient.requestBody.schema as Schema;

  return {
    raw,
    resendInvoiceEmail(id, callOptions) {
      return call("resendInvoiceEmail", callOptions, (fetch) =>
        raw.POST("/api/v2/billing/invoices/{id}/actions/resend-email", { params: { path: { id } }, parseAs: "text", fetch }),
      );
    },
    async addInvoiceCcRecipient(body, callOptions) {
      checkBody(addInvoiceCcRecipientSchema, body);
      // Serialised once, so every attempt sends the same bytes even if the caller changes the object meanwhile.
      const json = JSON.stringify(body);
      return call("addInvoiceCcRecipient", callOptions, (fetch) =>
        raw.POST("/api/v2/billing/payment-methods/contacts", { body, bodySerializer: () => json, parseAs: "text", fetch }),
      );
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort);
  });
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
  if (!isObject(body)) refuse("body", "an object");
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
 * endpoint. Every path parameter is checked against the spec's pattern before any request,
 * then percent-encoded in the simple style, the only one the spec uses (`pnpm generate`
 * refuses any other).
 */
function checkedPathSerializer(url: string, params: Record<string, unknown>): string {
  for (let start; (start = url.indexOf("{")) >= 0;) {
    const end = url.indexOf("}", start);
    const name = url.slice(start + 1, end);
    const value = params[name];
    const pattern = patterns.get(name);
    if (end < 0 || typeof value !== "string" || !(pattern ?? NOT_DOTS).test(value)) {
      throw new InvalidArgumentError(
        name,
        `${JSON.stringify(value)} is not valid${pattern ? ` (must match ${pattern.source})` : ""}; no request was sent`,
      );
    }
    // Encoded, the value holds no brace, so the next search finds the next parameter.
    url = url.slice(0, start) + encodeURIComponent(value) + url.slice(end + 1);
  }
  return url;
}

function checkBaseUrl(value: string): string {
  const url = URL.parse(value);
  // Origin plus path must be the whole URL: no credentials, and no `?` or `#`, even an empty
  // one, since everything after it would swallow the operation's path. No brace either (the
  // URL parser leaves them in a host name), since braces mark the path's parameters.
  if (!url || !/^https?:\/\/[^{}]+$/.test(url.href) || url.origin + url.pathname !== url.href) {
    throw new InvalidArgumentError("baseUrl", "must be an http(s) URL without credentials, query or fragment");
  }
  return url.href.replace(/\/+$/, "");
}

const bearer = (token: unknown) => `Bearer ${checkSecret("token", token)}`;

/** Never echoes the value: tokens and sessions are secrets. */
function checkSecret(argument: string, value: unknown): string {
  if (typeof value !== "string" || !SECRET.test(value)) {
    throw new InvalidArgumentError(argument, `must be non-empty visible ASCII except " , ; \\; no request was sent`);
  }
  return value;
}
