/**
 * Reads a response body as text, at most `limit` bytes after decompression (fetch hands
 * over the decoded stream). Returns undefined, and stops the transfer, once the body grows
 * past the limit: a small compressed body can inflate to gigabytes, and `response.text()`
 * would hold all of it.
 */
export async function readText(body: ReadableStream<Uint8Array> | null | undefined, limit: number): Promise<string | undefined> {
  let text = "";
  const decoder = new TextDecoder();
  for (let size = 0, reader = body?.getReader(), chunk; reader && !(chunk = await reader.read()).done;) {
    if ((size += chunk.value.length) > limit) {
      // Not awaited: a server that keeps sending must not hold the call.
      reader.cancel().catch(() => {});
      return;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}
