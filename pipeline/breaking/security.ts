/**
 * Security rules. Every way a caller could authenticate must still work, with no new
 * scopes. Two deliberate disagreements with oasdiff, which rates them informational: an
 * operation that gains a security requirement, and a scheme whose type or location
 * changes, both make a working generated client fail with 401.
 */
import type { Operation, Spec } from "../openapi-model.ts";
import { breaking, changelog, child, type Json, type Scope } from "./types.ts";

type Requirement = Record<string, string[]>;

function requirements(operation: Operation, spec: Spec): Requirement[] {
  return (operation.security ?? spec.security ?? []) as Requirement[];
}

const label = (requirement: Requirement) => Object.keys(requirement).sort().join(" + ") || "(none)";

export function compareSecurity(a: Operation, b: Operation, base: Spec, revision: Spec, scope: Scope): void {
  const before = requirements(a, base);
  const after = requirements(b, revision);
  const at = child(scope, "security");
  // No requirement, or an empty one among the alternatives, lets anonymous callers in.
  if (after.length === 0 || after.some((r) => Object.keys(r).length === 0)) {
    if (before.length && !before.some((r) => Object.keys(r).length === 0)) changelog(at, "security-removed", "no longer needs credentials");
    return;
  }
  if (before.length === 0 || before.some((r) => Object.keys(r).length === 0)) {
    breaking(at, "security-added", `now needs credentials: ${after.map(label).join(" or ")}`);
    return;
  }
  for (const requirement of before) {
    const match = after.find((r) => label(r) === label(requirement));
    if (!match) {
      breaking(at, "security-alternative-removed", `callers can no longer authenticate with ${label(requirement)}`);
      continue;
    }
    for (const [scheme, scopes] of Object.entries(match)) {
      const added = scopes.filter((s) => !(requirement[scheme] ?? []).includes(s));
      if (added.length) breaking(at, "security-scope-added", `${scheme} now also needs scope ${added.join(", ")}`);
    }
  }
  for (const requirement of after) {
    if (!before.some((r) => label(r) === label(requirement)))
      changelog(at, "security-alternative-added", `callers may also authenticate with ${label(requirement)}`);
  }
}

export function compareSecuritySchemes(base: Spec, revision: Spec, out: Scope["out"]): void {
  const schemesA = (base.components?.securitySchemes ?? {}) as Record<string, Json>;
  const schemesB = (revision.components?.securitySchemes ?? {}) as Record<string, Json>;
  for (const [name, a] of Object.entries(schemesA)) {
    const b = schemesB[name];
    const scope: Scope = {
      where: `security scheme ${name}`,
      pointer: `/components/securitySchemes/${name}`,
      basePointer: `/components/securitySchemes/${name}`,
      out,
    };
    if (!b) continue; // a removed scheme breaks only where an operation used it: see compareSecurity
    for (const key of ["type", "scheme", "in", "name"]) {
      if (String(a[key]).toLowerCase() !== String(b[key]).toLowerCase())
        breaking(scope, "security-scheme-changed", `${key} changed from ${String(a[key])} to ${String(b[key])}`);
    }
  }
}
