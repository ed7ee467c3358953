/** RFC 6750 §3 challenges: the `WWW-Authenticate` value of a Bearer-protected resource's 401 and 403. */
import type { Route } from "./routes.ts";

export interface ChallengeInit {
  /** `invalid_token` when a token was sent and refused; `insufficient_scope` when it lacks a scope. */
  error?: "invalid_token" | "insufficient_scope";
  /** The scopes the resource needs, for `insufficient_scope`. */
  scope?: readonly string[];
}

/** `Bearer realm="…"` (no realm when undefined), then `error` and `scope` when given, each a quoted string. */
export function bearerChallenge(realm: string | undefined, init: ChallengeInit = {}): string {
  const params = realm === undefined ? [] : [`realm=${quoted(realm)}`];
  if (init.error) params.push(`error=${quoted(init.error)}`);
  if (init.scope && init.scope.length > 0) params.push(`scope=${quoted(init.scope.join(" "))}`);
  return params.length === 0 ? "Bearer" : `Bearer ${params.join(", ")}`;
}

/**
 * The 401's challenge for an operation, in the realm of its bearer scheme (the spec's
 * `x-realm`): `invalid_token` when the request sent a bearer token, which was refused.
 */
export function unauthorizedChallenge(route: Route, headers: Headers): string {
  const sentToken = /^Bearer +\S/i.test(headers.get("authorization") ?? "");
  return bearerChallenge(realmOf(route), sentToken ? { error: "invalid_token" } : {});
}

/** The 403's challenge for a credential without `scopes`, the scopes the operation's satisfied requirement asks for. */
export function insufficientScopeChallenge(route: Route, scopes: readonly string[]): string {
  return bearerChallenge(realmOf(route), { error: "insufficient_scope", scope: scopes });
}

function realmOf(route: Route): string | undefined {
  return route.security.flat().find((scheme) => scheme.kind === "bearer")?.realm;
}

/** An RFC 9110 quoted-string: `"` and `\` escaped. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
