/** Reading the request body: at most MAX_BODY_BYTES, of a media type the operation lists, parsed as that media type's kind says. */
import type { ContentKind } from "@hostup/billing-openapi";
import { problem, type ProblemInit } from "./problems.ts";
import { dropConnection, type Exchange } from "./replies.ts";

/** Bodies larger than this are refused with 400 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The parsed body, absent when there was none: JSON as its value, a form as an object of
 * strings (a repeated field as an array), multipart likewise (a file as its text), text as a
 * string, anything else as its bytes; `mediaType` is the one it was sent as (lower case).
 */
export type Body = { value?: unknown; mediaType?: string };

/** What the body step needs of an operation: its body's media types (lower case) and their kinds; undefined when it takes none. */
export type BodyContents = readonly { mediaType: string; kind: ContentKind }[] | undefined;

/**
 * The request body parsed as JSON. A 400 Problem answer when it is too large, present where
 * the operation takes none (`accepted` undefined), of another media type than `accepted`,
 * not UTF-8 or not JSON. `{}` when there is no body.
 */
export function readBody(
  request: Request,
  accepted: BodyContents,
  exchange: Exchange,
  overHttp: boolean,
  /** Called with the bytes read, before they are checked: the request journal keeps them. */
  seen?: (bytes: Uint8Array) => void,
): Response | Body | Promise<Response | Body> {
  const bytes = readAtMost(request, MAX_BODY_BYTES, overHttp);
  return bytes instanceof Promise
    ? bytes.then((read) => parseBody(read, request, accepted, exchange, seen))
    : parseBody(bytes, request, accepted, exchange, seen);
}

/** What reading gives when the client went away mid-upload: there is no one left to answer. */
export const GONE = Symbol("client gone");

function parseBody(
  bytes: Uint8Array | undefined | typeof GONE,
  request: Request,
  accepted: BodyContents,
  exchange: Exchange,
  seen: ((bytes: Uint8Array) => void) | undefined,
): Response | Body | Promise<Response | Body> {
  if (bytes === GONE) return dropConnection("the client went away before its request body was read");
  if (!bytes)
    return problem(exchange, 400, { title: "Request body too large", detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.` });
  if (seen && bytes.byteLength > 0) seen(bytes);
  if (!accepted) return bytes.byteLength === 0 ? {} : bodyNotAllowed(exchange);
  // An absent body is left to the spec's validation, which knows whether it is required.
  if (bytes.byteLength === 0) return {};
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  const content = accepted.find((c) => c.mediaType === mediaType);
  if (!content) {
    // The spec's shared rule (x-shared-problems): a media type the operation does not list is a 415, `+json` ones included.
    return problem(exchange, 415, {
      detail: `Send the body as ${accepted.map((c) => c.mediaType).join(" or ")}${mediaType ? `, not ${mediaType}` : " with a matching Content-Type"}.`,
    });
  }
  switch (content.kind) {
    case "json":
    case "problem":
      return parseJson(bytes, mediaType, exchange);
    case "binary":
      return { value: bytes, mediaType };
    case "multipart":
      return parseMultipart(bytes, contentType, mediaType, exchange);
  }
  const text = utf8(bytes);
  if (text === undefined) return problem(exchange, 400, { title: "Malformed body", detail: "The request body is not valid UTF-8." });
  return { value: content.kind === "form" ? formFields(new URLSearchParams(text)) : text, mediaType };
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A form's fields by name: a field sent once is a string, one sent more often an array of them. */
export function formFields(entries: Iterable<[string, string]>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of entries) {
    const seen = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const next = seen === undefined ? value : [...[seen].flat(), value];
    Object.defineProperty(fields, name, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return fields;
}

async function parseMultipart(bytes: Uint8Array, contentType: string, mediaType: string, exchange: Exchange): Promise<Response | Body> {
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    return problem(exchange, 400, { title: "Malformed body", detail: `The multipart body cannot be read: ${(error as Error).message}` });
  }
  const entries: [string, string][] = [];
  for (const [name, value] of form) entries.push([name, typeof value === "string" ? value : await value.text()]);
  return { value: formFields(entries), mediaType };
}

function parseJson(bytes: Uint8Array, mediaType: string, exchange: Exchange): Response | Body {
  if (startsWithBom(bytes)) {
    return problem(exchange, 400, { title: "Malformed JSON", detail: BOM_DETAIL });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return problem(exchange, 400, { title: "Malformed JSON", detail: "The request body is not valid UTF-8." });
  }
  try {
    return { value: JSON.parse(text), mediaType };
  } catch (error) {
    return problem(exchange, 400, { title: "Malformed JSON", detail: `The request body is not valid JSON: ${(error as Error).message}` });
  }
}

const NO_BODY = new Uint8Array(0);
/** Stands for a body HTTP framed but fetch cannot read (on GET and HEAD): only its presence counts. */
const FRAMED_BODY = new Uint8Array(1);

/** The spec's rule for a JSON body that starts with a byte order mark, shared with Prism's front. */
export const BOM_DETAIL = "The request body starts with a byte order mark (U+FEFF), which JSON text must not (RFC 8259, 8.1).";

/** Whether the bytes start with UTF-8's byte order mark, EF BB BF. */
export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The 400 for a body sent to an operation without a `requestBody`; shared with Prism's front. */
export const BODY_NOT_ALLOWED: ProblemInit = {
  detail: "The request body must be empty.",
  errors: [{ pointer: "", code: "body_not_allowed", detail: "This operation takes no request body." }],
};

function bodyNotAllowed(exchange: Exchange): Response {
  return problem(exchange, 400, BODY_NOT_ALLOWED);
}

/**
 * The body's bytes, or undefined once it passes `max`. A declared Content-Length over the
 * limit is refused unread. A chunked body is read as a stream and abandoned at the limit.
 * Otherwise the body is read whole: over HTTP its length is then declared (and enforced by
 * the server's parser) or zero, and an in-process caller's body is already in its memory.
 * Reading whole lets @hono/node-server skip building a stream for every request.
 */
export function readAtMost(
  request: Request,
  max: number,
  overHttp: boolean,
): Uint8Array | undefined | Promise<Uint8Array | undefined | typeof GONE> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) return undefined;
  const chunked = request.headers.has("transfer-encoding");
  // HTTP/1.1 framing (RFC 9112, 6.3): neither header means the request has no body.
  if (overHttp && !chunked && (declared === null || declared === "0")) return NO_BODY;
  // Fetch gives a GET or HEAD no body to read, so a declared length is all that shows one was
  // sent. A chunked one cannot be told from empty chunks, and passes (as on Prism's front).
  if (overHttp && !chunked && (request.method === "GET" || request.method === "HEAD")) return FRAMED_BODY;
  // A read fails only when the body's source does: over HTTP, a client that disconnected.
  if (chunked && request.body) return readStream(request.body, max).catch(() => GONE);
  return request.arrayBuffer().then(
    (buffer) => (buffer.byteLength > max ? undefined : new Uint8Array(buffer)),
    () => GONE,
  );
}

async function readStream(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Whether reading answered the request instead of giving its body. Not `instanceof Response`:
 * @hono/node-server replaces the global Response, and `Response.error()` is of the original class.
 */
export function isAnswer(read: Response | Body): read is Response {
  return "status" in read;
}
