/**
 * JSON answer bodies that cost a concurrent reader a chunk, not a whole body: a small value is
 * one string, as JSON.stringify writes it; a large one is a stream that serialises one array
 * element at a time, only as fast as the client reads (the hosts honour backpressure).
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
  return Array.isArray(value) || (value !== null && typeof value === "object" && Object.values(value).some(Array.isArray));
}

/**
 * The JSON text of `value` in pieces: arrays element by element, objects that hold arrays
 * member by member; anything else (an array's element included) as one JSON.stringify call.
 * The answers it is used for hold plain data: no toJSON, functions or cycles past the top.
 */
function* jsonParts(value: unknown): Generator<string, void, undefined> {
  if (Array.isArray(value)) {
    yield "[";
    // As JSON.stringify writes them, `undefined` elements are null.
    for (let i = 0; i < value.length; i++) yield (i === 0 ? "" : ",") + (JSON.stringify(value[i]) ?? "null");
    yield "]";
  } else if (holdsArray(value)) {
    let separator = "{";
    for (const [key, member] of Object.entries(value)) {
      // As JSON.stringify does, a member that has no JSON is left out.
      if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
      yield `${separator}${JSON.stringify(key)}:`;
      separator = ",";
      yield* jsonParts(member);
    }
    yield separator === "{" ? "{}" : "}";
  } else {
    yield JSON.stringify(value);
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
