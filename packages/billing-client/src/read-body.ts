import { UnexpectedResponseError } from "./errors.ts";

/**
 * Reads a response body as text, at most `limit` bytes after decompression (fetch hands
 * over the decoded stream). Once the body grows past the limit it stops the transfer and
 * throws: a small compressed body can inflate to gigabytes, and `response.text()` would
 * hold all of it.
 */
export function readText(operation: string, response: Response, limit: number): Promise<string> {
  let size = 0;
  return new Response(
    response.body?.pipeThrough(
      new TransformStream({
        transform(chunk: Uint8Array, controller) {
          if ((size += chunk.length) > limit)
            throw new UnexpectedResponseError(operation, response, `is larger than maxResponseBytes (${limit})`);
          controller.enqueue(chunk);
        },
      }),
    ),
  ).text();
}
