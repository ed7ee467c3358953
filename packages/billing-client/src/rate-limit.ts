import type { RateLimit } from "./errors.ts";

/** `value` as a non-negative integer when it is written as one (a header's delay-seconds, a count). */
export function integer(value: string): number | undefined {
  return /^\d+$/.test(value) ? +value : undefined;
}

/** The `X-RateLimit-*` headers read; undefined when none of them came (or only empty ones). */
export function rateLimitOf(headers: Headers): RateLimit | undefined {
  // A missing header is null, which Date.parse and RegExp#test read as "null": NaN, no match.
  const [limit, remaining, reset] = "limit remaining reset".split(" ").map((name) => headers.get("x-ratelimit-" + name)!) as [
    string,
    string,
    string,
  ];
  const resetAt = Date.parse(reset);
  // A failed Date.parse is NaN, which is not > 0.
  return limit || remaining || reset
    ? { limit: integer(limit), remaining: integer(remaining), reset: resetAt > 0 ? new Date(resetAt) : undefined }
    : undefined;
}
