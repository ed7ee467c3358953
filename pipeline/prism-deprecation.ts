/**
 * The Prism front's `Deprecation` and `Sunset` headers: Prism answers a deprecated operation
 * like any other, so the front adds them to every answer of one, as the stateful mock does,
 * from the same derivation (`deprecationHeaders`, @hostup/billing-mock/server).
 */
import type { MiddlewareHandler } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { deprecationHeaders, normalizePath } from "@hostup/billing-mock/server";
import { HTTP_METHODS } from "./openapi-model.ts";

type Operation = { deprecated?: boolean; "x-sunset"?: unknown };

/** The headers of each deprecated operation, found by method and path. */
function deprecatedRoutes(spec: object): TrieRouter<Record<string, string>> {
  const router = new TrieRouter<Record<string, string>>();
  for (const [path, item] of Object.entries((spec as { paths?: Record<string, Record<string, Operation>> }).paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const headers = item[method] && deprecationHeaders(item[method]);
      if (headers) router.add(method.toUpperCase(), path.replace(/\{([^}]+)\}/g, ":$1"), headers);
    }
  }
  return router;
}

/** Middleware adding the headers to the answers of the deprecated operations of `spec()`, the spec served now. */
export function announceDeprecation(spec: () => object): MiddlewareHandler {
  // Built once per spec served: a reload brings a new spec object.
  const built = new WeakMap<object, TrieRouter<Record<string, string>>>();
  return async (c, next) => {
    await next();
    const served = spec();
    if (!built.has(served)) built.set(served, deprecatedRoutes(served));
    const [[match]] = built.get(served)!.match(c.req.method, normalizePath(new URL(c.req.url).pathname));
    // A dropped connection (499) has no answer to announce anything on.
    if (!match || c.res.status === 499) return;
    for (const [name, value] of Object.entries(match[0])) c.header(name, value);
  };
}
