/**
 * Idempotency keys, as the API keeps them (api-facts: "remembered by the server for 24 hours: a
 * repeat with the same key gets the first answer and has no further effect"). Where an
 * operation declares an `Idempotency-Key` header, the first reply its behaviour gives for a key
 * is kept, per operation and caller, and a repeat gets that reply again without running the
 * behaviour. So a client that retries an unsafe call after a lost answer (`fault=drop-after-commit`)
 * changes the mock's state once, as it would the API's. Bounded in keys and in bytes: the oldest
 * keys go first.
 */

/** How long a key is remembered, by the mock's clock. */
export const IDEMPOTENCY_KEY_MS = 24 * 60 * 60 * 1000;
/** How many keys a mock remembers at once. */
export const IDEMPOTENCY_KEYS = 1000;
/**
 * How many bytes of kept replies (their bodies and headers as JSON, and the keys) a mock holds at once, as
 * the request journal is bounded: a large answer repeated under new keys cannot grow the mock.
 * The newest reply is always kept, whatever its size, so its retry is answered.
 */
export const IDEMPOTENCY_BYTES = 4 * 1024 * 1024;

/** A behaviour's reply, as kept for a repeat. */
export interface KeptReply {
  status: number;
  body: unknown;
  headers?: Record<string, string | number>;
}

export class IdempotencyKeys {
  // Insertion order is the order keys came in: the first entry is always the oldest.
  #kept = new Map<string, { at: number; reply: KeptReply; bytes: number }>();
  #bytes = 0;

  /** The reply kept for this operation, caller and key, if it came within IDEMPOTENCY_KEY_MS of `now`. */
  replay(operationId: string, caller: string, key: string, now: number): KeptReply | undefined {
    const kept = this.#kept.get(idOf(operationId, caller, key));
    return kept && now - kept.at < IDEMPOTENCY_KEY_MS ? kept.reply : undefined;
  }

  /** Keeps the first reply for this operation, caller and key. */
  keep(operationId: string, caller: string, key: string, now: number, reply: KeptReply): void {
    const id = idOf(operationId, caller, key);
    this.#forget(id);
    // UTF-16 units of the JSON and the key: what the strings cost, near enough, and linear in the reply.
    const bytes = 2 * (id.length + JSON.stringify(reply.body ?? null).length + JSON.stringify(reply.headers ?? {}).length);
    this.#kept.set(id, { at: now, reply, bytes });
    this.#bytes += bytes;
    for (const [oldest, { at }] of this.#kept) {
      if (oldest === id) break;
      if (this.#kept.size <= IDEMPOTENCY_KEYS && this.#bytes <= IDEMPOTENCY_BYTES && now - at < IDEMPOTENCY_KEY_MS) break;
      this.#forget(oldest);
    }
  }

  #forget(id: string): void {
    const kept = this.#kept.get(id);
    if (!kept) return;
    this.#bytes -= kept.bytes;
    this.#kept.delete(id);
  }

  /** What the kept replies take, as IDEMPOTENCY_BYTES counts it. */
  get bytes(): number {
    return this.#bytes;
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#kept.size;
  }

  clear(): void {
    this.#kept.clear();
    this.#bytes = 0;
  }
}

// NUL cannot occur in a header value or an operationId, so the parts cannot run into each other.
const idOf = (operationId: string, caller: string, key: string) => `${operationId}\u0000${caller}\u0000${key}`;
