/**
 * Faults a scenario can play, named after WireMock's (CONNECTION_RESET_BY_PEER,
 * EMPTY_RESPONSE after the change, chunked dribble delay, MALFORMED_RESPONSE_CHUNK):
 * - `reset`: the connection drops before any byte of an answer;
 * - `drop-after-commit`: the operation behaves (its change is made), then the connection
 *   drops without an answer: the case that makes retrying an unsafe request unsafe;
 * - `slow-body`: the status and headers go out at once, the body trickles over `delay` ms;
 * - `malformed`: a success status with a JSON media type and a body that does not parse.
 * The Prism front (`pipeline/prism-front.ts`) plays the ones a proxy can with these helpers.
 */

export const FAULTS = ["reset", "drop-after-commit", "slow-body", "malformed"] as const;

export type Fault = (typeof FAULTS)[number];

export function isFault(value: unknown): value is Fault {
  return (FAULTS as readonly unknown[]).includes(value);
}

/** How many pieces a slow body is cut into at most: enough to see it arrive in steps. */
const DRIP_PIECES = 8;

/**
 * `response` with the same status and headers and its body sent in up to DRIP_PIECES pieces
 * spread over `ms`: the first at once, the last `ms` later. The drip stops when the reader
 * cancels (the client went away).
 */
export async function drip(response: Response, ms: number): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const size = Math.max(1, Math.ceil(bytes.byteLength / DRIP_PIECES));
  const pieces = Math.max(1, Math.ceil(bytes.byteLength / size));
  let sent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = () => {
        controller.enqueue(bytes.slice(sent * size, (sent + 1) * size));
        sent += 1;
        if (sent >= pieces) controller.close();
      };
      if (sent === 0) return next();
      return new Promise<void>((done) => {
        timer = setTimeout(
          () => {
            next();
            done();
          },
          ms / Math.max(1, pieces - 1),
        );
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  const headers = new Headers(response.headers);
  // The length is known, but a trickled body goes out chunked, as WireMock's dribble does.
  headers.delete("content-length");
  return new Response(bytes.byteLength === 0 ? null : body, { status: response.status, headers });
}

/** Whether a success cannot carry a body (RFC 9110 §15.3.5, §15.3.6), so `malformed` cannot cut one. */
export function bodilessSuccess(status: number): boolean {
  return status === 204 || status === 205;
}

/**
 * A JSON text cut so that it does not parse: its first half, at least one character. Cutting
 * an object or array anywhere before its end leaves it open; a scalar gets an opening brace.
 */
export function cutJson(text: string): string {
  const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  try {
    JSON.parse(cut);
    return `{${cut}`;
  } catch {
    return cut;
  }
}
