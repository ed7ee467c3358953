/** CORS for browser callers on any origin, alike on both of the repository's mock servers. */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { responseHeaders } from "@hostup/billing-openapi";

// Every response header the spec documents (the rate-limit ones on a 429), so that one added to
// spec/ is readable from a page at once; then the mocks' own, and Prism's validation report.
const EXPOSED_HEADERS = [...new Set([...responseHeaders, "X-Request-Id", "X-Mock-Source", "sl-violations"])];

const reflectingCors = cors({
  origin: (origin) => origin,
  credentials: true,
  // The method asked for, whatever it is: a page then reads the mock's own answer (a 405 Problem
  // naming the allowed methods, for one the spec lacks) instead of an opaque CORS failure.
  // An OPTIONS that asks for none is no preflight, and is told none.
  allowMethods: (_origin, c) => {
    const asked = c.req.header("access-control-request-method");
    return asked ? [asked] : [];
  },
  // Left empty, Hono reflects Access-Control-Request-Headers: Authorization, Prefer, Content-Type...
  allowHeaders: [],
  exposeHeaders: EXPOSED_HEADERS,
  maxAge: 600,
});

/**
 * Hono middleware answering preflights and decorating answers. The origin is reflected rather
 * than `*` so credentialed requests (the session cookie) work; the rate-limit headers are
 * exposed so a page can read them on a 429.
 *
 * A request without `Origin` is not a browser's cross-origin request: it gets no CORS header
 * at all (Hono's middleware would still send `Access-Control-Allow-Credentials`, and browsers
 * refuse `*` together with credentials), and an OPTIONS without it, not being a preflight,
 * gets an empty 204.
 */
export const browserCors: MiddlewareHandler = (c, next) => {
  if (c.req.header("origin")) return reflectingCors(c, next);
  return c.req.method === "OPTIONS" ? Promise.resolve(c.body(null, 204)) : next();
};

/**
 * The headers `browserCors` puts on a cross-origin answer that is not a preflight. The stateful
 * host builds them into its answers: as middleware, Hono rebuilds every answer from its body
 * stream, which cost the host more than half its throughput (see the package README). A test
 * holds both to the same output.
 */
export function corsHeaders(origin: string | null): Record<string, string> {
  // Only a browser's cross-origin request carries Origin; other callers have no use for any
  // of these, and each header costs Node measurable time to write.
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": EXPOSED_HEADERS.join(","),
    vary: "Origin",
  };
}
