/** Serving a fetch handler on a port with node:http, answering even requests HTTP cannot parse with a Problem document. */
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { getRequestListener, type Http2Bindings, type HttpBindings } from "@hono/node-server";
import { problemDocument } from "./problems.ts";

export interface Listening {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/** What @hono/node-server passes a fetch handler besides the request: Node's own request and response. */
export type NodeBindings = HttpBindings | Http2Bindings;

/**
 * Serves a fetch handler on host:port (port 0 picks a free one) through @hono/node-server.
 * Its default of replacing the global Request and Response with its lighter, compatible
 * classes stays on: its fast response path needs them, and Hono middleware that copies a
 * request (body limits) fails on its requests without them.
 *
 * A request too broken to reach the handler (a request target that is not a URL, a header
 * HTTP cannot parse, headers over Node's size limit) still gets a 400 Problem document
 * rather than Node's bare status line.
 *
 * A handler that answers `Response.error()` (the Fetch standard's network error, status 0)
 * gets no answer written: the connection is destroyed, as a reset would, before any byte.
 */
export function listen(
  fetch: (request: Request, bindings: NodeBindings) => Response | Promise<Response>,
  host: string,
  port: number,
): Promise<Listening> {
  const malformed = (detail: string) => problemDocument(400, { title: "Malformed HTTP request", detail });
  const options = {
    errorHandler: (error: unknown) =>
      new Response(JSON.stringify(malformed(`The request could not be read: ${(error as Error).message}`)), {
        status: 400,
        headers: { "content-type": "application/problem+json" },
      }),
  };
  const handler = serveOrDrop(fetch);
  const withBody = getRequestListener(handler, options);
  // A request whose framing says it has no body (RFC 9112, 6.3) has nothing to drain. Left to
  // the default, @hono/node-server would still drain every answered POST, DELETE and PATCH with
  // a timer and three listeners it then removes: a twentieth of the stateful mock's time per request.
  const bodiless = getRequestListener(handler, { ...options, autoCleanupIncoming: false });
  const server = createServer((incoming, outgoing) =>
    (incoming.headers["transfer-encoding"] === undefined && !Number(incoming.headers["content-length"] ?? 0) ? bodiless : withBody)(
      incoming,
      outgoing,
    ),
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's documentation of clientError does. Node destroys a socket that fails (a reset
    // included) before it reports the error, so ending or destroying it again does nothing.
    // Stryker disable next-line LogicalOperator,StringLiteral,BlockStatement: a reset socket is destroyed, so not writable either (see above), and no answer can reach a socket that is not writable
    if (error.code === "ECONNRESET" || !socket.writable) {
      // Stryker disable next-line CallExpression: the socket is already destroyed (see above)
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

/** The handler with its network errors turned into dropped connections; synchronous answers stay synchronous. */
function serveOrDrop(
  fetch: (request: Request, bindings: NodeBindings) => Response | Promise<Response>,
): (request: Request, bindings: NodeBindings) => Response | Promise<Response> {
  const drop = (response: Response, bindings: NodeBindings): Response => {
    // `status` is the one member @hono/node-server's light Response reads without building a full one.
    if (response.status !== 0) return response;
    // A TCP reset where the socket can send one, so the client sees ECONNRESET, as the word says.
    // node:http's sockets are net.Sockets, which have resetAndDestroy on every Node this package supports.
    (bindings.incoming.socket as Socket).resetAndDestroy();
    // Never written: the socket is gone. @hono/node-server still needs an answer to settle.
    // Stryker disable next-line ObjectLiteral: no status of this answer reaches anyone, the socket is destroyed
    return new Response(null, { status: 204 });
  };
  return (request, bindings) => {
    const answered = fetch(request, bindings);
    return answered instanceof Promise ? answered.then((response) => drop(response, bindings)) : drop(answered, bindings);
  };
}
