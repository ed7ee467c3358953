// The imports' order is the bundle's module order, which moves its compressed size by a few bytes.
import { operationTable, securitySchemes, serverUrl, type Operations } from "./operations.gen.ts";
import { checkBaseUrl } from "./checks.ts";
import { NetworkError, ProblemError, RedirectError, TimeoutError, UnexpectedResponseError } from "./errors.ts";
import { readJson, readText, type Reader } from "./read-body.ts";
import { checkValue, type ValueSchema } from "./wire/check-value.ts";
import type { Style } from "./wire/expand.ts";
import type { BodyEncoder } from "./wire/bodies.ts";
import { ask, credentialsOf, place, type Credential, type Scheme } from "./credentials.ts";
import type { Credentials } from "./types.gen.ts";
import { withResponse, type WithResponseOptions } from "./response-meta.ts";

export type { Credential } from "./credentials.ts";

export interface BillingClientOptions {
  /** API origin, without `/api/v2`. Defaults to the spec's first server. */
  baseUrl?: string;
  /**
   * A credential for each security scheme of the spec, under the scheme's name: a bearer token, an
   * API key, or `username:password` for HTTP basic. A function is called before every attempt
   * (sync or async). Each operation sends the ones its `security` names. A cookie cannot be set
   * in a browser (fetch forbids `Cookie`): server-side only.
   */
  credentials?: Credentials;
  /** The token of every bearer scheme (HTTP bearer, OAuth 2, OpenID Connect) that `credentials` leaves unset. */
  token?: Credential;
  /** The fetch to use; defaults to `globalThis.fetch`. It must honour `init.signal`, as every standard fetch does. */
  fetch?: typeof globalThis.fetch;
  /** Limit for each attempt in milliseconds, response body included (default 30 000); `Infinity` (or 2e9, 23 days, or more) for none. */
  timeoutMs?: number;
  /** When to retry (by default a 429 or a connection that was never made, and for a safe method (GET, HEAD) or an operation with an idempotency key also a 502, 503, 504, network failure or timeout); `false` never retries. */
  retry?: RetryOptions | false;
  /** Largest response body read, in bytes after decompression (default 1 MiB); a larger body, of any status, rejects with UnexpectedResponseError. */
  maxResponseBytes?: number;
  /**
   * Called before every attempt with the request as it will be sent (credentials included) and
   * the call's operationId: it may change the request's headers, or return another Request. A
   * throw rejects the call as it is, with no retry.
   */
  onRequest?: (request: Request, operation: string) => Request | void | Promise<Request | void>;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Longest single wait in milliseconds (default 30 000); an answer asking for longer (or for more than 2e9 ms, 23 days: no timer can wait 2^31 ms) is thrown at once. */
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
  /** The default policy's decision: true for a 429 and a connection that was never made, and for a safe method (GET, HEAD) or an operation with an idempotency key also a 502, 503, 504, network failure or timeout. */
  retryable: boolean;
}

export interface CallOptions {
  /** Aborts the call, including a wait between retries; the call then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Replaces the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Replaces the client's `retry` for this call. */
  retry?: RetryOptions | false;
  /** Replaces the client's `maxResponseBytes` for this call: a download may need more, a list less. */
  maxResponseBytes?: number;
}

/** A multipart body's type with a Blob (a File) allowed wherever the spec writes a string: a file part. */
export type WithFiles<T> = {
  [K in keyof T]: T[K] extends string ? T[K] | Blob : T[K] extends (infer E)[] ? (E extends string ? E | Blob : E)[] : T[K];
};

/** One method per operation of the spec (generated into operations.gen.ts). */
export type BillingClient = Operations;

/**
 * One parameter in the operation table: its spec name, its style's serializer, whether it is
 * exploded, its schema (`r` when required), and, outside the path, where it goes (`q` query,
 * `h` header, `c` cookie) and whether reserved characters go as they are.
 */
export type Parameter = [name: string, style: Style, explode: 0 | 1, schema: ValueSchema, where?: "q" | "h" | "c", allowReserved?: 1];

/**
 * What the client reads at run time about one operation; `pnpm generate` writes them into
 * operations.gen.ts. The keys are one letter and flags are 1, and only what differs from the
 * common case (JSON in and out) is written: the table ships in every bundle, and it names the
 * serializers, encoders and readers the spec uses, so a bundle carries no other.
 */
export interface Operation {
  /** The method, upper case. */
  m: string;
  /** The path template. */
  p: string;
  /** The path parameters, in path order: the method takes them positionally. */
  x?: Parameter[];
  /** The query, header and cookie parameters: the method takes them in one object after the body. */
  q?: Parameter[];
  /** The request body: its schema (`r` when required), its encoder (JSON when none), and the Content-Type to send (null: fetch's own, for a form or a Blob). */
  b?: [schema: ValueSchema, encode?: BodyEncoder, type?: string | null];
  /** The reader of each documented 2xx (`200`, `2XX`, `default`) whose answer is not JSON. */
  r?: Record<string, Reader>;
  /** GET or HEAD (RFC 9110): repeating it cannot change anything, so more failures are retried. */
  s?: 1;
  /** The Idempotency-Key header parameter: made once per call when the caller gives none, and retried as a safe method is. */
  k?: string;
  /** The security schemes the operation accepts, when not every scheme of the spec. */
  c?: string[];
  /** Called on every call of a deprecated operation; it warns on the first (generated only when the spec deprecates one). */
  d?: () => void;
}

// Failures of connect() or DNS: no byte of the request was written, so a retry cannot repeat the
// operation. A reset (ECONNRESET, UND_ERR_SOCKET) may come after the server acted, so it is not here.
// ECONNREFUSED, ENOTFOUND, EAI_AGAIN and UND_ERR_CONNECT_TIMEOUT, matched by short parts that
// only failures before sending contain (EREFUSED and EAI_ADDRFAMILY, DNS failures, match too).
const NOT_SENT = /REF|NOTF|AI_A|CT_T/;
// A number in browsers; an object with unref() in Node, Deno and Bun.
type Timer = ReturnType<typeof setTimeout> & { unref?: () => void };

export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const { fetch: globalFetch = globalThis.fetch, onRequest } = options;
  // Every credential the client has sent, to be cut out of whatever the server echoes (readText()).
  const secrets: string[] = [];
  const credentials = credentialsOf(securitySchemes as Record<string, Scheme>, options.credentials, options.token, secrets);
  const client = {} as Record<string, unknown>;
  for (const [operation, op] of Object.entries(operationTable as Record<string, Operation>)) {
    /**
     * Only a failure that provably left the server untouched is retried by default, unless the
     * method is safe or the operation has an idempotency key: an unsafe operation may have side
     * effects, and a repeated resend sends another email.
     */
    client[operation] = async (...args: unknown[]) => {
      op.d?.();
      // The path's parameters come first, positionally in path order (the table's), then body, the other parameters and options.
      let path = op.p;
      for (const [name, style, explode, schema] of op.x ?? []) {
        const value = args.shift();
        checkValue(name, value, schema);
        path = path.replace(`{${name}}`, () => style(name, value, !!explode));
      }
      const body = op.b && args.shift();
      const params = ((op.q && args.shift()) ?? {}) as Record<string, unknown>;
      const call = (args[0] ?? {}) as CallOptions;
      let query = "";
      // Lower-case names, so that a parameter, a credential and the body's type never send a header twice.
      const headers: Record<string, string> = {};
      for (const [name, style, explode, schema, where, reserved] of op.q ?? []) {
        // Own properties only: a parameter named like an Object.prototype member is not inherited.
        const value = Object.hasOwn(params, name) ? params[name] : undefined;
        checkValue(name, value, schema);
        const text = style(name, value, !!explode, !!reserved);
        if (!text) continue;
        if (where == "q") query += "&" + text;
        else if (where == "h") headers[name.toLowerCase()] = text;
        else headers.cookie = (headers.cookie ? headers.cookie + "; " : "") + text;
      }
      // Made once, before the first attempt, and sent unchanged on every retry: the server then runs the call once.
      if (op.k) headers[op.k] ??= crypto.randomUUID();
      // Serialised once, so every attempt sends the same bytes even if the caller changes the object meanwhile.
      let encoded: BodyInit | undefined;
      if (op.b) {
        const [schema, encode = JSON.stringify, type = "application/json"] = op.b;
        checkValue("body", body, schema);
        if (body !== undefined) {
          encoded = encode(body);
          // null: fetch names a form's type (a multipart one with its boundary) and a Blob's.
          if (type) headers["content-type"] = type;
        }
      }
      const url = baseUrl + path + (query && "?" + query.slice(1));
      const { signal: caller, timeoutMs = options.timeoutMs ?? 30_000, maxResponseBytes = options.maxResponseBytes ?? 2 ** 20 } = call;
      const { maxRetries = 2, maxDelayMs = 30_000, on } = (call.retry ?? options.retry ?? {}) || { maxRetries: 0 };
      for (let attempt = 1, wait = 0; ; attempt++) {
        const timeout = new AbortController();
        const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
        // The wait before a retry listens to this attempt's signal, which follows the caller's: an
        // abort clears its timer and ends it, and the caller's own signal gets no listener that
        // would have to be removed. A caller that aborted already (during retry.on, say) gets no
        // timer, and its reason at once; so does one that aborted before the first attempt.
        if (wait && !signal.aborted) {
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, wait);
            signal.onabort = () => resolve(clearTimeout(timer));
          });
        }
        caller?.throwIfAborted();
        // A timer cannot wait 2^31 ms or more (it would fire at once), so a limit that long means none.
        const timer = timeoutMs < 2e9 ? (setTimeout(() => timeout.abort(), timeoutMs) as Timer) : undefined;
        // The attempt's connection keeps Node running, not its timer: an unref'd timer is also cheaper
        // to set and clear, which a call that takes microseconds notices.
        timer?.unref?.();
        let response: Response | undefined;
        let error: ProblemError | NetworkError | TimeoutError | undefined;
        try {
          const sent = { ...headers };
          let target = url;
          // Inline, not in a helper: a call with fixed credentials then awaits nothing here.
          for (const entry of credentials) {
            const [name, scheme, value] = entry;
            if (value === undefined || (op.c && !op.c.includes(name))) continue;
            target = place(scheme, typeof value == "string" ? value : await ask(entry, secrets), sent, target);
          }
          // Never follow: a 307/308 would send the body (and, to the same origin, the credentials) to
          // wherever Location points, and a 301-303 would turn a POST into a GET that "succeeds".
          const init: RequestInit = { method: op.m, headers: sent, body: encoded, redirect: "manual" };
          // A Request is built only for onRequest: the signal goes to fetch, not into it, since a
          // Request that follows a signal is costly to build, and fetch builds its own anyway.
          const request = onRequest && new Request(target, init);
          response = await (request
            ? globalFetch((await onRequest!(request, operation)) || request, { signal })
            : globalFetch(target, { ...init, signal }));
          if (response.ok) {
            const { r } = op;
            const status = response.status;
            // Each documented answer's reader; JSON where the table names none.
            const reader = (r && (r[status] ?? r[`${(status / 100) | 0}XX`] ?? r.default)) || readJson;
            const data = await reader(response, operation, maxResponseBytes);
            return (call as WithResponseOptions).withResponse ? withResponse(data, response) : data;
          }
          // A 3xx (or, in a browser, the opaque redirect whose status is 0) was not followed.
          if (response.status < 400) throw new RedirectError(operation, response);
          const text = await readText(operation, response, maxResponseBytes, secrets);
          let problem: unknown;
          try {
            problem = JSON.parse(text);
          } catch {
            // Not JSON (an HTML 502 from a proxy, say): still a ProblemError with the right status.
          }
          error = new ProblemError(operation, response, problem);
        } catch (thrown) {
          caller?.throwIfAborted();
          if (thrown instanceof UnexpectedResponseError) throw thrown;
          if (timeout.signal.aborted) error = new TimeoutError(operation, timeoutMs);
          // fetch rejects with a TypeError when the network fails, before or during the response
          // (undici gives the system error as `cause`).
          else if (thrown instanceof TypeError) error = new NetworkError(operation, thrown);
          // Where the spec promises JSON, an empty body is unexpected, and so is one of another
          // media type (an HTML page, a redirect's target): either way JSON.parse throws.
          else if (response) throw new UnexpectedResponseError(operation, response, "body is not JSON");
          else throw thrown;
        } finally {
          clearTimeout(timer);
        }

        // Only a ProblemError has a status. A safe method, or a call the server runs once per
        // idempotency key, cannot change anything by running twice, so a gateway's 502-504, a
        // reset or a timeout is worth another try too.
        // Only a NetworkError has a `code` without a status: a problem body's `code` never counts.
        const { status, code } = error as ProblemError;
        const retryable = status === 429 || (op.s || op.k ? !status || (status > 501 && status < 505) : !status && NOT_SENT.test(code!));
        if (attempt > maxRetries || !(on ? await on({ operation, attempt, error, retryable }) : retryable)) throw error;
        // NaN when the server did not say how long to wait.
        const asked = (error as Partial<ProblemError>).retryAfter! * 1000;
        // Sleeping past the limit helps nobody: the caller learns at once and can reschedule. Nor
        // can a timer wait 2^31 ms or more: it would fire at once, so a wait of 2e9 ms (23 days)
        // or more is thrown too, as timeoutMs treats such a limit.
        if (asked > Math.min(maxDelayMs, 2e9)) throw error;
        // Else exponential backoff (0.5-1 s, 1-2 s, ... at most 8 s), jittered so that clients limited together spread out.
        wait = asked >= 0 ? asked : Math.min(maxDelayMs, 2 ** Math.min(attempt, 4) * 250 * (1 + Math.random()));
      }
    };
  }
  return client as unknown as BillingClient;
}
