/**
 * Prism answers a 401 or a 403 with the `WWW-Authenticate` example the spec declares: a
 * challenge naming the realm alone, right for its own 401 (it refuses only a missing
 * credential). It reaches a 403 only when asked (`Prefer: code=403`), and the spec's 403s are
 * for a missing scope, so the front completes that challenge as RFC 6750 §3 has it, with
 * `error="insufficient_scope"` and the scopes the operation's bearer requirement names.
 */
import { TrieRouter } from "hono/router/trie-router";
import { HTTP_METHODS } from "./openapi-model.ts";

type Spec = {
  paths?: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
  security?: Record<string, string[]>[];
  components?: { securitySchemes?: Record<string, { type?: string; scheme?: string }> };
};

/** Each operation's bearer scopes by method and path, found by Hono's router. */
export function bearerScopesByRoute(spec: object): TrieRouter<string[]> {
  const { paths = {}, security = [], components = {} } = spec as Spec;
  const bearer = new Set(
    Object.entries(components.securitySchemes ?? {})
      .filter(([, scheme]) => scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer")
      .map(([name]) => name),
  );
  const router = new TrieRouter<string[]>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS.filter((name) => name in item)) {
      const requirements = item[method]!.security ?? security;
      const scopes = requirements.flatMap((requirement) => Object.entries(requirement).filter(([name]) => bearer.has(name)))[0]?.[1];
      if (scopes) router.add(method.toUpperCase(), path.replace(/\{([^}]+)\}/g, ":$1"), scopes);
    }
  }
  return router;
}

/** Prism's 403 with its challenge completed; any other answer as it is. */
export function withScopeChallenge(response: Response, scopes: TrieRouter<string[]>, method: string, path: string): Response {
  const challenge = response.headers.get("www-authenticate");
  if (response.status !== 403 || !challenge || /\berror=/.test(challenge)) return response;
  const needed = scopes.match(method, path)[0][0]?.[0];
  if (!needed || needed.length === 0) return response;
  const headers = new Headers(response.headers);
  headers.set("www-authenticate", `${challenge}, error="insufficient_scope", scope="${needed.join(" ")}"`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
