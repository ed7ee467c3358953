/** The rate-limit step: `X-RateLimit-*` on every answer to a known credential, 429 with `Retry-After` once it is over. */
import { isoTimes } from "./iso-time.ts";
import { problem } from "./problems.ts";
import type { Exchange } from "./replies.ts";
import type { Caller, Store } from "./state.ts";

// A window's reset is the same time for every request in it.
const resetIso = isoTimes();

/** Counts the request against the caller's window; its 429 answer when that is over the limit. */
export function limitRate(exchange: Exchange, store: Store, caller: Caller, at: Date): Response | undefined {
  const limit = store.hit(caller, at.getTime());
  if (!limit) return undefined;
  exchange.headers["x-ratelimit-limit"] = String(limit.limit);
  exchange.headers["x-ratelimit-remaining"] = String(limit.remaining);
  exchange.headers["x-ratelimit-reset"] = resetIso(limit.resetAt);
  if (!limit.limited) return undefined;
  const retryAfter = Math.max(1, Math.ceil((limit.resetAt.getTime() - at.getTime()) / 1000));
  exchange.headers["retry-after"] = String(retryAfter);
  return problem(exchange, 429, { detail: `Rate limit exceeded. Retry after ${retryAfter} seconds.` });
}
