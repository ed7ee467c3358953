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
 * `x-realm`): `invalid_token` when the request sent a bearer token, which was refused. A
 * Basic challenge for an operation that takes basic credentials and no bearer token; none
 * for one that takes API keys alone.
 */
export function unauthorizedChallenge(route: Route, headers: Headers): string | undefined {
  const schemes = route.security.flat();
  if (schemes.some((scheme) => scheme.credential === "bearer")) {
    const sentToken = /^Bearer +\S/i.test(headers.get("authorization") ?? "");
    return bearerChallenge(realmOf(route), sentToken ? { error: "invalid_token" } : {});
  }
  // RFC 7617 §2 makes the realm required; the spec names none for a basic scheme.
  if (schemes.some((scheme) => scheme.credential === "basic")) return `Basic realm=${quoted(realmOf(route) ?? "API")}, charset="UTF-8"`;
  // An API key has no HTTP authentication scheme to challenge with.
  return undefined;
}

/** The 403's challenge for a credential without `scopes`, the scopes the operation's satisfied requirement asks for. */
export function insufficientScopeChallenge(route: Route, scopes: readonly string[]): string {
  return bearerChallenge(realmOf(route), { error: "insufficient_scope", scope: scopes });
}

function realmOf(route: Route): string | undefined {
  return route.security.flat().find((scheme) => scheme.credential === "bearer")?.realm;
}

/** An RFC 9110 quoted-string: `"` and `\` escaped. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
