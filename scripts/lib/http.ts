/** Pieces shared by the mock servers' HTTP front: listening, CORS and Problem answers. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { cors } from "hono/cors";

export interface Listening {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch handler on host:port (port 0 picks a free one). */
export function listen(fetch: (request: Request) => Response | Promise<Response>, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, (info: AddressInfo) => {
      const hostPart = info.family === "IPv6" ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${hostPart}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold close() open until they time out.
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}

/**
 * CORS for browser callers on any origin. The origin is reflected rather than `*` so
 * credentialed requests (the session cookie) work; the rate-limit headers are exposed so
 * a page can read them on a 429.
 */
export const browserCors = cors({
  origin: (origin) => origin || "*",
  credentials: true,
  allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
  // Left empty, Hono reflects Access-Control-Request-Headers: Authorization, Prefer, Content-Type...
  allowHeaders: [],
  exposeHeaders: ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id", "sl-violations"],
  maxAge: 600,
});

export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`;
}

/** A 400 `invalid_request` Problem document, as the spec's Problem schema describes it. */
export function invalidRequest(instance: string, title: string, detail: string): Response {
  return Response.json(
    {
      type: "https://developer.hostup.se/errors/invalid_request",
      title,
      status: 400,
      detail,
      code: "invalid_request",
      instance,
      requestId: newRequestId(),
      timestamp: new Date().toISOString(),
    },
    { status: 400, headers: { "Content-Type": "application/problem+json" } },
  );
}
