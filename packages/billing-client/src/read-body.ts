import { UnexpectedResponseError } from "./errors.ts";

/**
 * Reads a response body into a Blob of its media type, at most `limit` bytes after
 * decompression (fetch hands over the decoded stream). Once the body grows past the limit it
 * stops the transfer and throws: a small compressed body can inflate to gigabytes, and
 * `response.blob()` would hold all of it.
 */
export async function readBlob(operation: string, response: Response, limit: number): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for (let size = 0, reader = response.body?.getReader(), chunk; reader && !(chunk = await reader.read()).done;) {
    if ((size += chunks[chunks.push(chunk.value) - 1]!.length) > limit) {
      // Not awaited: a server that keeps sending must not hold the call.
      reader.cancel().catch(() => {});
      throw new UnexpectedResponseError(operation, response, "body exceeds maxResponseBytes");
    }
  }
  return new Blob(chunks, { type: response.headers.get("content-type") ?? "" });
}

/**
 * The body as text, within `limit`, decoded as it streams (a Blob and its text() would cost a
 * JSON call a fifth of its time). In an error's body, every one of `secrets` (as checkSecret()
 * keeps them) comes back cut out, so that a server echoing one (in a Problem's `detail`, say)
 * cannot put it into an error's message or members. A success's body is the caller's data,
 * and the call's hot path: it is left as it came.
 */
export async function readText(operation: string, response: Response, limit: number, secrets: string[] = []): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for (let size = 0, reader = response.body?.getReader(), chunk; reader && !(chunk = await reader.read()).done;) {
    if ((size += chunk.value.length) > limit) {
      // Not awaited: a server that keeps sending must not hold the call.
      reader.cancel().catch(() => {});
      throw new UnexpectedResponseError(operation, response, "body exceeds maxResponseBytes");
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  text += decoder.decode();
  if (!response.ok) for (const secret of secrets) text = text.replaceAll(secret, "[redacted]");
  return text;
}

/**
 * Turns a 2xx response into what the call resolves with, reading at most `limit` bytes (the
 * call's maxResponseBytes); `operation` names the call in an error. The generated operation
 * table names one per documented status whose answer is not JSON, so an application bundles
 * only the readers its spec needs.
 */
export type Reader = (response: Response, operation: string, limit: number) => unknown;

// The JSON media types: application/json and any application/…+json (RFC 6839), parameters allowed.
// Anchored, with no nested quantifier: linear in the header's length.
const JSON_TYPE = /^application\/(\S+\+)?json\b/i;

/** Parsed JSON. A body of another media type (an HTML page, a redirect's target) or an empty one is unexpected: JSON.parse throws. */
export const readJson: Reader = async (response, operation, limit) =>
  JSON.parse(JSON_TYPE.test(response.headers.get("content-type")!) ? await readText(operation, response, limit) : "");

/** A text answer (`text/*`, XML), decoded as UTF-8. */
export const readString: Reader = (response, operation, limit) => readText(operation, response, limit);

/** A binary answer, byte for byte, as a Blob of the response's media type. */
export const readBinary: Reader = (response, operation, limit) => readBlob(operation, response, limit);

/** A documented answer without content (204, 205, ...): undefined, whatever came. */
export const readNothing: Reader = () => undefined;
