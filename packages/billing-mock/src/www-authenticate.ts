/** RFC 6750 §3 challenges: the `WWW-Authenticate` value of a Bearer-protected resource's 401 and 403. */

export interface ChallengeInit {
  /** `invalid_token` when a token was sent and refused; `insufficient_scope` when it lacks a scope. */
  error?: "invalid_token" | "insufficient_scope";
  /** The scopes the resource needs, for `insufficient_scope`. */
  scope?: readonly string[];
}

/** `Bearer realm="…"`, then `error` and `scope` when given, each a quoted string. */
export function bearerChallenge(realm: string, init: ChallengeInit = {}): string {
  const params = [`realm=${quoted(realm)}`];
  if (init.error) params.push(`error=${quoted(init.error)}`);
  if (init.scope && init.scope.length > 0) params.push(`scope=${quoted(init.scope.join(" "))}`);
  return `Bearer ${params.join(", ")}`;
}

/** An RFC 9110 quoted-string: `"` and `\` escaped. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
