/**
 * The `withResponse` call option: a method then resolves with the answer's status, headers,
 * request ID and rate-limit window beside its body, instead of the body alone.
 */
import type { CallOptions } from "./client.ts";
import type { RateLimit } from "./errors.ts";
import { rateLimitOf } from "./rate-limit.ts";
import { requestIdHeader } from "./responses.gen.ts";

export interface WithResponseOptions extends CallOptions {
  /** Resolve with `{ data, status, headers, requestId, rateLimit }` instead of the body alone. */
  withResponse: true;
}

/**
 * The response's headers, with the ones the spec declares for this answer named: a required one
 * reads as a string, any other as a string or null. Names are case-insensitive, as in `Headers`.
 */
export interface ResponseHeaders<Required extends string = never, Optional extends string = never> extends Headers {
  get(name: Required | Lowercase<Required>): string;
  get(name: Optional | Lowercase<Optional> | (string & {})): string | null;
}

/** One documented success answer under `withResponse`. */
export interface Answer<Status extends number, Data, Required extends string = never, Optional extends string = never> {
  /** The answer's body, as the method resolves with it without `withResponse`. */
  data: Data;
  status: Status;
  headers: ResponseHeaders<Required, Optional>;
  /** The header the spec declares for a request ID, else the body's `requestId` string. Quote it to support. */
  requestId: string | undefined;
  /** The `X-RateLimit-*` headers; undefined when the answer has none of them. */
  rateLimit: RateLimit | undefined;
}

// Typed per operation by the generated overloads (responses.gen.ts), not here.
export function withResponse(data: unknown, { status, headers }: Response) {
  const fromBody = (data as { requestId?: unknown } | undefined)?.requestId;
  return {
    data,
    status,
    headers,
    requestId: (requestIdHeader && headers.get(requestIdHeader)) || (typeof fromBody == "string" ? fromBody : undefined),
    rateLimit: rateLimitOf(headers),
  };
}
