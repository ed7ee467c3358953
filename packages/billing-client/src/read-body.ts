import { UnexpectedResponseError } from "./errors.ts";

/**
 * `response` with its body cut at `limit` bytes after decompression (fetch hands over the
 * decoded stream): once the body grows past the limit, reading it stops the transfer and
 * rejects. A small compressed body can inflate to gigabytes, and `response.text()` would
 * hold all of it. A new Response, since some Response classes (@hono/node-server's) make
 * their methods read-only.
 */
export function limitBody(operation: string, response: Response, limit: number): Response {
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
    response,
  );
}
