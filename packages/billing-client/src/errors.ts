import type { ErrorBody } from "./types.gen.ts";
import type { FieldPointers, ProblemCodes } from "./responses.gen.ts";
import { integer, rateLimitOf } from "./rate-limit.ts";

/** What the spec documents as an error's body: the union of every 4xx, 5xx and default answer's schema. */
type Problem = ErrorBody;
/** One entry of a Problem's `errors`, as the spec documents it. */
type FieldError = Extract<ErrorBody, { errors?: unknown }> extends { errors?: (infer E)[] } ? E : Record<string, unknown>;
// `instanceof` narrows to ProblemError<any>: `any` reads as any operation, so its members stay strings.
type Known<Operation> = 0 extends 1 & Operation ? string : Operation;
/** The codes `operation`'s answers document; any string for an operation the spec does not name. */
export type ProblemCode<Operation extends string = string> =
  Known<Operation> extends keyof ProblemCodes ? ProblemCodes[Known<Operation> & keyof ProblemCodes] : string;
/** The JSON Pointers a field error of `operation` may name: its request body's properties, where the spec names them. */
export type FieldPointer<Operation extends string = string> =
  Known<Operation> extends keyof FieldPointers ? FieldPointers[Known<Operation> & keyof FieldPointers] : string;

/**
 * The API answered with a non-2xx status. Carries the RFC 7807 members that were present
 * and well-typed; any of them may be missing, and a body that is not a Problem document
 * (an HTML 502 from a proxy, say) still gives a ProblemError with the right status.
 */
export class ProblemError<Operation extends string = string> extends Error {
  override name = "ProblemError";
  // Members are `declare`d and set by one Object.assign: that emits the least code, and the
  // client's bundle has a 5 kB budget.
  /** operationId of the call that failed. */
  declare readonly operation: Known<Operation>;
  /** HTTP status of the response (authoritative, whatever the body says). */
  declare readonly status: number;
  /** Stable machine-readable code, such as `not_found`. Branch on this, not on `detail`. Narrowed to the operation's documented codes by `isProblem` (`@hostup/billing-client/problems`). */
  declare readonly code: ProblemCode<Operation> | undefined;
  declare readonly type: string | undefined;
  declare readonly title: string | undefined;
  declare readonly detail: string | undefined;
  declare readonly instance: string | undefined;
  /** The body's `requestId`. Quote it to support. */
  declare readonly requestId: string | undefined;
  declare readonly timestamp: string | undefined;
  /** Field-level errors (for `invalid_request`); empty when there are none. */
  declare readonly errors: { [K in keyof FieldError]: K extends "pointer" ? FieldPointer<Operation> : FieldError[K] }[];
  /** Response headers, e.g. `Retry-After` on a 429. */
  declare readonly headers: Headers;
  /** The parsed body when it was a JSON object, else undefined. */
  declare readonly problem: Problem | undefined;
  /** Seconds to wait before retrying: `Retry-After` (delay-seconds or an HTTP-date), else the time until `X-RateLimit-Reset`. */
  declare readonly retryAfter: number | undefined;
  /** The `X-RateLimit-*` headers; undefined when the response has none of them. */
  declare readonly rateLimit: RateLimit | undefined;

  constructor(operation: string, response: Response, body: unknown) {
    const { status, headers } = response;
    // Read as any object: the spec's error bodies need not share the members (a default answer may be anything).
    const problem = isObject(body) ? body : undefined;
    // The string members, each undefined unless the body gives it as a string.
    const members: Record<string, string | undefined> = {};
    for (const key of "code type title detail instance requestId timestamp".split(" ")) {
      members[key] = typeof problem?.[key] === "string" ? problem[key] : undefined;
    }
    // The request id is not repeated here: it is a member, and loggers show an error's members.
    super(`${operation}: HTTP ${status}${members.code ? ` ${members.code}` : ""}${members.detail ? `: ${members.detail}` : ""}`);
    const retryAfter = headers.get("retry-after")!;
    const rateLimit = rateLimitOf(headers);
    // RFC 9110 allows delay-seconds or an HTTP-date. A date must start with a day name, so that
    // V8's lenient Date.parse never reads a malformed number such as "1.5" as a date. Without a
    // usable date (NaN), X-RateLimit-Reset decides (NaN too when it is missing or unusable).
    const retryAt = (/^[a-z]{3}/i.test(retryAfter) && Date.parse(retryAfter)) || Number(rateLimit?.reset);
    Object.assign(this, members, {
      operation,
      status,
      errors: Array.isArray(problem?.errors) ? problem.errors.filter(isObject) : [],
      headers,
      problem,
      // A failed Date.parse is NaN, which is not > 0.
      retryAfter: integer(retryAfter) ?? (retryAt > 0 ? Math.ceil(Math.max(0, retryAt - Date.now()) / 1000) : undefined),
      rateLimit,
    });
  }
}

/** The rate-limit window the server reported, from the `X-RateLimit-*` headers. */
export interface RateLimit {
  /** Requests allowed in the window (`X-RateLimit-Limit`). */
  limit: number | undefined;
  /** Requests left in the window, usually 0 on a 429 (`X-RateLimit-Remaining`). */
  remaining: number | undefined;
  /** When the window resets (`X-RateLimit-Reset`, an ISO 8601 timestamp). */
  reset: Date | undefined;
}

/**
 * No response arrived: the connection was refused, DNS failed, or the connection broke.
 * `code` tells which (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, ...); `cause` is fetch's error.
 */
export class NetworkError extends Error {
  override name = "NetworkError";
  declare readonly operation: string;
  /** The system or undici error code of the cause, when there is one. */
  declare readonly code: string | undefined;
  constructor(operation: string, cause: unknown) {
    const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    // Only the code goes into the message: a cause's own message is not ours to vouch for.
    const safe = typeof code === "string" ? code : undefined;
    super(`${operation}: network error${safe ? ` ${safe}` : ""}`, { cause });
    Object.assign(this, { operation, code: safe });
  }
}

/** An attempt got no complete response within `timeoutMs`. The server may still have processed it. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  declare readonly operation: string;
  /** The per-attempt limit that was exceeded, in milliseconds. */
  declare readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(`${operation}: timed out after ${timeoutMs} ms`);
    Object.assign(this, { operation, timeoutMs });
  }
}

/**
 * A 2xx response whose body is not the JSON the spec documents (another media type, truncated,
 * HTML from a proxy), a body larger than `maxResponseBytes`, or a redirect (`RedirectError`).
 */
export class UnexpectedResponseError extends Error {
  override name = "UnexpectedResponseError";
  declare readonly operation: string;
  declare readonly status: number;
  declare readonly headers: Headers;
  constructor(operation: string, response: Response, problem: string) {
    const { status, headers } = response;
    super(`${operation}: HTTP ${status} ${problem}`);
    Object.assign(this, { operation, status, headers });
  }
}

/**
 * The server answered with a redirect, which the client never follows: nothing was sent to
 * `location`. In a browser the redirect is opaque: `status` is 0 and `location` undefined.
 */
export class RedirectError extends UnexpectedResponseError {
  override name = "RedirectError";
  /** The `Location` the server named, as sent. */
  declare readonly location: string | undefined;
  constructor(operation: string, response: Response) {
    const location = response.headers.get("location") ?? undefined;
    super(operation, response, `redirect to ${location} was not followed`);
    Object.assign(this, { location });
  }
}

/**
 * A call was refused before any request was sent, because an argument or option is unsafe or
 * invalid. Deliberately not a TypeError: that is what fetch throws when the network fails.
 */
export class InvalidArgumentError extends Error {
  override name = "InvalidArgumentError";
  /** The argument or option at fault, e.g. `id`, `token`, `body.email`. */
  declare readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}; no request was sent`);
    Object.assign(this, { argument });
  }
}

/** Not part of the package API (index.ts does not export it). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
