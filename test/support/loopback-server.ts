/**
 * HTTP servers on 127.0.0.1 (port 0) for a test file, each closed, its connections with it,
 * after the test that started it.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Call at a test file's top level; the function it returns starts a server and resolves with its URL. */
export function loopbackServers(): (handler: Handler) => Promise<string> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map((server) => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(resolve));
      }),
    );
  });
  return async (handler) => {
    const server = createServer(handler);
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
}
