/**
 * Idempotency keys, as the API keeps them (api-facts: "remembered by the server for 24 hours: a
 * repeat with the same key gets the first answer and has no further effect"). Where an
 * operation declares an `Idempotency-Key` header, the first reply its behaviour gives for a key
 * is kept, per operation and caller, and a repeat gets that reply again without running the
 * behaviour. So a client that retries an unsafe call after a lost answer (`fault=drop-after-commit`)
 * changes the mock's state once, as it would the API's. Bounded: the oldest keys go first.
 */

/** How long a key is remembered, by the mock's clock. */
export const IDEMPOTENCY_KEY_MS = 24 * 60 * 60 * 1000;
/** How many keys a mock remembers at once. */
export const IDEMPOTENCY_KEYS = 1000;

/** A behaviour's reply, as kept for a repeat. */
export interface KeptReply {
  status: number;
  body: unknown;
  headers?: Record<string, string | number>;
}

export class IdempotencyKeys {
  // Insertion order is the order keys came in: the first entry is always the oldest.
  #kept = new Map<string, { at: number; reply: KeptReply }>();

  /** The reply kept for this operation, caller and key, if it came within IDEMPOTENCY_KEY_MS of `now`. */
  replay(operationId: string, caller: string, key: string, now: number): KeptReply | undefined {
    const kept = this.#kept.get(idOf(operationId, caller, key));
    return kept && now - kept.at < IDEMPOTENCY_KEY_MS ? kept.reply : undefined;
  }

  /** Keeps the first reply for this operation, caller and key. */
  keep(operationId: string, caller: string, key: string, now: number, reply: KeptReply): void {
    const id = idOf(operationId, caller, key);
    this.#kept.delete(id);
    this.#kept.set(id, { at: now, reply });
    for (const [oldest, { at }] of this.#kept) {
      if (this.#kept.size <= IDEMPOTENCY_KEYS && now - at < IDEMPOTENCY_KEY_MS) break;
      this.#kept.delete(oldest);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#kept.size;
  }

  clear(): void {
    this.#kept.clear();
  }
}

// NUL cannot occur in a header value or an operationId, so the parts cannot run into each other.
const idOf = (operationId: string, caller: string, key: string) => `${operationId}\u0000${caller}\u0000${key}`;
