/**
 * JSON answer bodies that cost a concurrent reader a chunk, not a whole body: a small value is
 * one string, as JSON.stringify writes it; a large one is a stream that serialises a chunk at a
 * time, only as fast as the client reads (the hosts honour backpressure).
 */

/** Bodies up to this many characters are one string; past it, chunks of about this size. */
export const JSON_CHUNK_CHARS = 64 * 1024;

/** The body of a JSON answer: byte for byte what `JSON.stringify(value)` gives. */
export function jsonBody(value: unknown): string | ReadableStream<Uint8Array> {
  // Most answers hold no array: one call, no generator, as before.
  if (!holdsArray(value)) return JSON.stringify(value);
  const parts = jsonParts(value);
  let head = "";
  for (let next = parts.next(); !next.done; next = parts.next()) {
    head += next.value;
    if (head.length >= JSON_CHUNK_CHARS) return streamOf(head, parts);
  }
  return head;
}

function holdsArray(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  // Object.values without its array: this runs on every answer.
  for (const key of Object.keys(value)) if (Array.isArray((value as Record<string, unknown>)[key])) return true;
  return false;
}

/**
 * The JSON text of `value` in pieces: arrays element by element and objects member by member,
 * down to values that hold no array, each written by one JSON.stringify call. So no piece is
 * much longer than a leaf: an email's CC list of 1,000 addresses comes out address by address.
 * The answers it is used for hold plain data (no toJSON or cycles in what holds arrays).
 */
function* jsonParts(value: unknown): Generator<string, void, undefined> {
  if (!holdsArray(value)) {
    // As JSON.stringify writes them in arrays, values without JSON text are null.
    yield JSON.stringify(value) ?? "null";
  } else if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ",";
      yield* jsonParts(value[i]);
    }
    yield "]";
  } else {
    let separator = "{";
    for (const [key, member] of Object.entries(value)) {
      // As JSON.stringify does, a member that has no JSON text is left out.
      if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
      yield `${separator}${JSON.stringify(key)}:`;
      separator = ",";
      yield* jsonParts(member);
    }
    yield separator === "{" ? "{}" : "}";
  }
}

function streamOf(head: string, parts: Generator<string, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = head;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        while (pending.length < JSON_CHUNK_CHARS) {
          const next = parts.next();
          if (next.done) {
            if (pending) controller.enqueue(encoder.encode(pending));
            controller.close();
            return;
          }
          pending += next.value;
        }
        controller.enqueue(encoder.encode(pending));
        pending = "";
      },
      cancel() {
        parts.return();
      },
    },
    // Nothing is serialised ahead of a read: a slow or stalled client holds one chunk.
    { highWaterMark: 0 },
  );
}
