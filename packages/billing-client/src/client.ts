import createClient, { type Client } from "openapi-fetch";
// The imports' order is the bundle's module order; this one compresses smallest (7 B under the previous one).
import { operationTable, type Operations } from "./operations.gen.ts";
import { checkBaseUrl, checkBody, checkSecret, pathSerializer, type Schema } from "./checks.ts";
import { serverUrl, type components, type paths } from "@hostup/billing-openapi";
import { NetworkError, ProblemError, RedirectError, TimeoutError, UnexpectedResponseError } from "./errors.ts";
import { readText } from "./read-body.ts";

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
  /** When to retry (by default a 429 or a connection that was never made, and for a safe method, GET or HEAD, also a 502, 503, 504, network failure or timeout); `false` never retries. */
  retry?: RetryOptions | false;
  /** Largest response body read, in bytes after decompression (default 1 MiB); a larger body, of any status, rejects with UnexpectedResponseError. */
  maxResponseBytes?: number;
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
  /** The default policy's decision: true for a 429 and a connection that was never made, and for a safe method (GET, HEAD) also a 502, 503, 504, network failure or timeout. */
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

/** One method per operation of the spec (generated into operations.gen.ts), and `raw`. */
export interface BillingClient extends Operations {
  /** The typed openapi-fetch client, with the same base URL, auth and path-parameter checks, but no retries, timeouts or body limit. */
  readonly raw: Client<paths>;
}

/**
 * What the client reads at run time about one operation; `pnpm generate` writes them into
 * operations.gen.ts. The keys are one letter and flags are 1: the table ships in every bundle.
 */
export interface Operation {
  /** The method, upper case. */
  m: string;
  /** The path template. */
  p: string;
  /** Each path parameter in path order, with its pattern ("" when the spec gives none). */
  x?: Record<string, RegExp | "">;
  /** The JSON request body's schema: an object's `properties`, each marked when `required`. */
  b?: Schema;
  /** The request body may be left out. */
  o?: 1;
  /** The operation has query parameters: its method takes them as one object after the body. */
  q?: 1;
  /** GET or HEAD (RFC 9110): repeating it cannot change anything, so more failures are retried. */
  s?: 1;
  /** Some documented 2xx has no body (1: an empty body resolves to undefined), or none has (2). */
  r?: 1 | 2;
  /** Called on every call of a deprecated operation; it warns on the first (generated only when the spec deprecates one). */
  d?: () => void;
}

// Failures of connect() or DNS: no byte of the request was written, so a retry cannot repeat the
// operation. A reset (ECONNRESET, UND_ERR_SOCKET) may come after the server acted, so it is not here.
// ECONNREFUSED, ENOTFOUND, EAI_AGAIN and UND_ERR_CONNECT_TIMEOUT, matched by short parts that
// only failures before sending contain (EREFUSED and EAI_ADDRFAMILY, DNS failures, match too).
const NOT_SENT = /REF|NOTF|AI_A|CT_T/;
// The JSON media types: application/json and any application/…+json (RFC 6839), parameters allowed.
// Anchored, with no nested quantifier: linear in the header's length.
const JSON_TYPE = /^application\/(\S+\+)?json\b/i;
// A number in browsers; an object with unref() in Node, Deno and Bun.
type Timer = ReturnType<typeof setTimeout> & { unref?: () => void };

export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const { token, session, fetch: globalFetch = globalThis.fetch, maxResponseBytes = 2 ** 20 } = options;
  // Fixed credentials go in the client's default headers: openapi-fetch then skips its middleware
  // machinery, which is most of the client's overhead per call.
  const headers: Record<string, string> = {};
  // Every credential the client has sent, to be cut out of whatever the server echoes (readText()).
  const secrets: string[] = [];
  if (session !== undefined) headers.Cookie = checkSecret("session", session, "hostup_session=", secrets);
  const raw = createClient<paths>({
    baseUrl,
    fetch: globalFetch,
    headers,
    // Never follow: a 307/308 would send the body (and, to the same origin, the credentials) to
    // wherever Location points, and a 301-303 would turn a POST into a GET that "succeeds".
    redirect: "manual",
    // raw knows the path but not the operation: a value must match the patterns of every operation on that path.
    pathSerializer: pathSerializer(Object.values(operationTable as Record<string, Operation>)),
  });
  if (typeof token === "function") {
    raw.use({
      async onRequest({ request }) {
        request.headers.set("Authorization", checkSecret("token", await token(), "Bearer ", secrets));
      },
    });
    // openapi-fetch reads the default headers at each request, so a fixed token can still join them.
  } else if (token !== undefined) headers.Authorization = checkSecret("token", token, "Bearer ", secrets);

  const client = { raw } as BillingClient & Record<string, unknown>;
  for (const [operation, op] of Object.entries(operationTable as Record<string, Operation>)) {
    const serializer = pathSerializer([op]);
    /**
     * Every attempt goes through `raw`, so middleware added with `raw.use` sees each one. Only a
     * failure that provably left the server untouched is retried by default, unless the method
     * is safe: an unsafe operation may have side effects, and a repeated resend sends another email.
     */
    client[operation] = async (...args: unknown[]) => {
      op.d?.();
      const path: Record<string, unknown> = {};
      // The path's parameters come first, positionally in path order (the table's), then body, query and options.
      for (const name in op.x) path[name] = args.shift();
      const body = op.b && args.shift();
      const query = op.q && args.shift();
      const callOptions = (args[0] ?? {}) as CallOptions;
      if (op.b && (body !== undefined || !op.o)) checkBody(op.b, body);
      // Serialised once, so every attempt sends the same bytes even if the caller changes the object meanwhile.
      const json = JSON.stringify(body);
      const { signal: caller, timeoutMs = options.timeoutMs ?? 30_000 } = callOptions;
      const { maxRetries = 2, maxDelayMs = 30_000, on } = (callOptions.retry ?? options.retry ?? {}) || { maxRetries: 0 };
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
        let result: { response: Response; data?: unknown; error?: unknown } | undefined;
        let error: ProblemError | NetworkError | TimeoutError | undefined;
        try {
          // openapi-fetch's method of that name: request() would upper-case the method on every call.
          result = await raw[op.m as "GET"](
            op.p as never,
            {
              params: { path, query },
              body,
              bodySerializer: () => json,
              pathSerializer: serializer,
              parseAs: "text",
              // The signal goes to fetch, not into openapi-fetch's Request: fetch builds its own
              // Request from ours anyway, and a Request that follows a signal is costly to build twice.
              // openapi-fetch reads every body, success or error, with text(): this one stops at the limit.
              // Defined, not assigned: some Response classes (@hono/node-server's) make text read-only.
              fetch: (request: Request) =>
                globalFetch(request, { signal }).then((response) =>
                  Object.defineProperty(response, "text", { value: () => readText(operation, response, maxResponseBytes, secrets) }),
                ),
            } as never,
          );
          const { response, data } = result!;
          // Where the spec promises a body, an empty one is unexpected, and so is one of another
          // media type (an HTML page, a redirect's target): either way JSON.parse throws.
          if (response.ok) {
            return op.r! > 1 || (op.r && !data)
              ? undefined
              : JSON.parse(JSON_TYPE.test(response.headers.get("content-type")!) ? (data as string) : "");
          }
          // A 3xx (or, in a browser, the opaque redirect whose status is 0) was not followed.
          if (response.status < 400) throw new RedirectError(operation, response);
          error = new ProblemError(operation, response, result!.error);
        } catch (thrown) {
          caller?.throwIfAborted();
          if (thrown instanceof UnexpectedResponseError) throw thrown;
          if (result) throw new UnexpectedResponseError(operation, result.response, "body is not JSON");
          if (timeout.signal.aborted) error = new TimeoutError(operation, timeoutMs);
          // fetch rejects with a TypeError when the network fails, before or during the response
          // (undici gives the system error as `cause`).
          else if (thrown instanceof TypeError) error = new NetworkError(operation, thrown);
          else throw thrown;
        } finally {
          clearTimeout(timer);
        }

        // Only a ProblemError has a status. A safe method cannot change anything by running twice,
        // so a gateway's 502-504, a reset or a timeout is worth another try too.
        // Only a NetworkError has a `code` without a status: a problem body's `code` never counts.
        const { status, code } = error as ProblemError;
        const retryable = status === 429 || (op.s ? !status || (status > 501 && status < 505) : !status && NOT_SENT.test(code!));
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
  return client;
}
