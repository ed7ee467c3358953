/** Serving a fetch handler on a port with node:http, answering even requests HTTP cannot parse with a Problem document. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { problemDocument } from "./problems.ts";

export interface Listening {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch handler on host:port (port 0 picks a free one) through @hono/node-server.
 * Its default of replacing the global Request and Response with its lighter, compatible
 * classes stays on: its fast response path needs them, and Hono middleware that copies a
 * request (body limits) fails on its requests without them.
 *
 * A request too broken to reach the handler (a request target that is not a URL, a header
 * HTTP cannot parse, headers over Node's size limit) still gets a 400 Problem document
 * rather than Node's bare status line.
 */
export function listen(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<Listening> {
  const malformed = (detail: string) => problemDocument(400, { title: "Malformed HTTP request", detail });
  const server = createServer(
    getRequestListener(fetch, {
      errorHandler: (error) =>
        new Response(JSON.stringify(malformed(`The request could not be read: ${(error as Error).message}`)), {
          status: 400,
          headers: { "content-type": "application/problem+json" },
        }),
    }),
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(malformed(`HTTP could not parse the request (${error.code ?? error.message}).`));
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      const hostPart = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${hostPart}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open until they time out.
            server.closeAllConnections();
          }),
      });
    });
  });
}
