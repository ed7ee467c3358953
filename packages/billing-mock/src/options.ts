/** The mock's options and their defaults, checked once when a mock is made. */
import type { BillingMockFixtures, RateLimit } from "./fixtures.ts";
import type { JournalLimits } from "./journal.ts";
import type { StoreLimits } from "./state.ts";

/** The mock-wide rate limit when none is given: the spec's example limit, 60 a minute per credential. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 60, windowMs: 60_000 };

/** How many queued emails `state.outbox` keeps when no `outboxLimit` is given. */
export const DEFAULT_OUTBOX_LIMIT = 1000;

/** How many bytes of CC lists `state.outbox` keeps when no `outboxCcBytes` is given: 16 MiB. */
export const DEFAULT_OUTBOX_CC_BYTES = 16 * 1024 * 1024;

/** How many CC recipients the mock holds when no `recipientLimit` is given. */
export const DEFAULT_RECIPIENT_LIMIT = 1000;

export interface BillingMockOptions {
  /** Tokens, sessions, invoices and CC recipients to start with; absent members keep the defaults. */
  fixtures?: BillingMockFixtures;
  /** Requests per credential and window; `false` turns rate limiting off. Fixture credentials may override it. */
  rateLimit?: RateLimit | false;
  /** The clock for `queuedAt`, timestamps and rate-limit windows. */
  now?: () => Date;
  /** How many queued emails `state.outbox` keeps, newest last (default 1000; `Infinity` keeps all). */
  outboxLimit?: number;
  /**
   * How many bytes of CC lists `state.outbox` keeps (default 16 MiB): each distinct list
   * counts its addresses' characters plus 8 per address; the oldest emails go first, the newest always stays.
   */
  outboxCcBytes?: number;
  /** How many CC recipients the mock holds (default 1000); one more add answers 400 with a `limit_reached` field error. */
  recipientLimit?: number;
  /**
   * The request journal's bounds (default 1000 entries, 4 MiB, 4096 bytes of each body);
   * `false` records nothing.
   */
  journal?: JournalLimits | false;
}

/** The store's bounds from the options, defaults filled in; a RangeError names the first that is not a count. */
export function limitsOf(options: BillingMockOptions): StoreLimits {
  const { outboxLimit = DEFAULT_OUTBOX_LIMIT, outboxCcBytes = DEFAULT_OUTBOX_CC_BYTES, recipientLimit = DEFAULT_RECIPIENT_LIMIT } = options;
  const limits = { outboxLimit, outboxCcBytes, recipientLimit };
  for (const [name, value] of Object.entries(limits)) {
    if (!(value === Infinity || (Number.isSafeInteger(value) && value >= 0))) {
      throw new RangeError(`${name} must be a whole number, 0 or more, or Infinity; got ${String(value)}`);
    }
  }
  return limits;
}
