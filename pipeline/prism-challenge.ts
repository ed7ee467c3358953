/**
 * Prism answers a 401 or a 403 with the `WWW-Authenticate` example the spec declares: a
 * challenge naming the realm alone, right for its own 401 (it refuses only a missing
 * credential). It reaches a 403 only when asked (`Prefer: code=403`), and the spec's 403s are
 * for a missing scope, so the front completes that challenge as RFC 6750 §3 has it, with
 * `error="insufficient_scope"` and the scopes the operation's bearer requirement names.
 */
import { TrieRouter } from "hono/router/trie-router";
import type { OperationModel } from "./operation-model.ts";

/** Each operation's bearer scopes (the first requirement with a bearer scheme) by method and path, from the spec's model. */
export function bearerScopesByRoute({ operations, securitySchemes }: OperationModel): TrieRouter<string[]> {
  const router = new TrieRouter<string[]>();
  for (const { method, path, security } of Object.values(operations)) {
    const scopes = security.flat().find(({ scheme }) => securitySchemes[scheme]?.credential === "bearer")?.scopes;
    if (scopes) router.add(method, path.replace(/\{([^}]+)\}/g, ":$1"), scopes);
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
