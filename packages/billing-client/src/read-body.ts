import { UnexpectedResponseError } from "./errors.ts";

/**
 * Reads a response body as text, at most `limit` bytes after decompression (fetch hands
 * over the decoded stream). Once the body grows past the limit it stops the transfer and
 * throws: a small compressed body can inflate to gigabytes, and `response.text()` would
 * hold all of it. In an error's body, every one of `secrets` (as checkSecret() keeps them)
 * comes back cut out.
 */
export async function readText(operation: string, response: Response, limit: number, secrets: string[]): Promise<string> {
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
  // Every credential the client sent is cut out of an error's body, so that a server echoing one
  // (in a Problem's `detail`, say) cannot put it into an error's message or members. A success's
  // body is the caller's data, and the call's hot path: it is left as it came.
  if (!response.ok) for (const secret of secrets) text = text.replaceAll(secret, "[redacted]");
  return text;
}
