/** Responses: a handler's documented reply, with the headers every answer to one request shares. */
import { jsonBody } from "./json-body.ts";
import type { Route } from "./routes.ts";

/** Everything one request's answers share. */
export interface Exchange {
  /** The request path, answered as a Problem's `instance`. */
  instance: string;
  requestId: string;
  /** When the request came, by the mock's clock; a Problem's `timestamp`. Kept as a Date: most answers never print it. */
  at: Date;
  /** Headers every answer carries: the host's (CORS) and the steps' (rate limit, Allow). */
  headers: Record<string, string>;
  /** The request's `Accept`, which picks between the media types an answer is documented in. */
  accept?: string | null;
}

export function newExchange(at: Date, instance = "/", headers: Record<string, string> = {}): Exchange {
  return { instance, requestId: newRequestId(), at, headers };
}

/** A JSON answer with the exchange's headers and `X-Request-Id`; a large body is streamed (json-body.ts). */
export function respond(
  exchange: Exchange,
  status: number,
  body: unknown,
  mediaType: string,
  headers?: Record<string, string | number>,
): Response {
  const all: Record<string, string> = { ...exchange.headers, "content-type": mediaType, "x-request-id": exchange.requestId };
  // Lower-cased, so that a caller's `Retry-After` replaces a `retry-after` before it instead of joining it.
  if (headers) for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = String(value);
  return new Response(jsonBody(body), { status, headers: all });
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * An answer of `mediaType` (undefined: no body, and no Content-Type, as a 204 has): a JSON
 * media type's value as JSON; any other's string as its UTF-8 bytes and bytes as they are, so
 * a text or binary example goes out exactly as the spec writes it.
 */
export function respondWith(
  exchange: Exchange,
  status: number,
  value: unknown,
  mediaType: string | undefined,
  headers?: Record<string, string | number>,
): Response {
  // Undefined reads as "undefined", which is no JSON media type.
  if (JSON_MEDIA.test(`${mediaType}`)) return respond(exchange, status, value, mediaType!, headers);
  const all: Record<string, string> = { ...exchange.headers, "x-request-id": exchange.requestId };
  if (mediaType !== undefined) all["content-type"] = mediaType;
  for (const [name, header] of Object.entries(headers ?? {})) all[name.toLowerCase()] = String(header);
  // 204 and 304 have no content (RFC 9110 §15.3.5, §15.4.5), whatever a handler returned.
  if (mediaType === undefined || status === 204 || status === 304) return new Response(null, { status, headers: all });
  // Any other value as its JSON text; none (undefined, for which JSON.stringify gives undefined) as an empty body.
  const body =
    value instanceof Uint8Array || value instanceof ArrayBuffer ? value : typeof value === "string" ? value : JSON.stringify(value);
  return new Response(body as BodyInit | undefined, { status, headers: all });
}

/** The documented answer for a handler's reply, with the media type the spec gives that status (or its range, or `default`). */
export function reply(
  exchange: Exchange,
  route: Route,
  answer: { status: number; body: unknown; headers?: Record<string, string | number> },
): Response {
  const { responseMediaTypes } = route;
  const status = String(answer.status);
  const key = status in responseMediaTypes ? status : `${status[0]}XX` in responseMediaTypes ? `${status[0]}XX` : "default";
  if (!(key in responseMediaTypes)) throw new Error(`${route.operationId} does not document status ${answer.status}`);
  return respondWith(exchange, answer.status, answer.body, responseMediaTypes[key], answer.headers);
}

/** How many request ids one draw of random bytes makes. */
const IDS_PER_DRAW = 256;
/** Random bytes in an id: each is two lower-case hex digits. */
const ID_BYTES = 13;
const ID_LENGTH = ID_BYTES * 2;
const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const idBytes = new Uint8Array(ID_BYTES * IDS_PER_DRAW);
let idDigits = "";
let idAt = 0;

/**
 * `req_` and 26 random lower-case hex digits, the shape of the documented example (hex digits
 * are base-32 ones). Drawn 256 ids at a time, each a slice of one string of digits: a UUID and
 * its slices for every request cost more than the rest of a Problem's members together, and
 * each draw of random bytes has a fixed cost that a small draw pays too often.
 */
function newRequestId(): string {
  if (idAt === idDigits.length) {
    crypto.getRandomValues(idBytes);
    idDigits = "";
    for (const byte of idBytes) idDigits += HEX_PAIRS[byte]!;
    idAt = 0;
  }
  return `req_${idDigits.slice(idAt, (idAt += ID_LENGTH))}`;
}

const dropReasons = new WeakMap<Response, string>();

/**
 * No answer at all: the host drops the connection before any byte of a response, as a
 * network fault would (`fault=reset`, or a client that went away mid-upload). It is the
 * Fetch standard's network error, `Response.error()` (status 0), so a host needs only a
 * cheap status check to spot it.
 */
export function dropConnection(reason: string): Response {
  const response = Response.error();
  dropReasons.set(response, reason);
  return response;
}

/** Why the connection is to be dropped, for the host's log line. */
export function dropReason(response: Response): string {
  return dropReasons.get(response) ?? "dropped";
}
