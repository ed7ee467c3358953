/**
 * Security rules. Every way a caller could authenticate must still work, with no new
 * scopes. Two deliberate disagreements with oasdiff, which rates them informational: an
 * operation that gains a security requirement, and a scheme whose type or location
 * changes, both make a working generated client fail with 401. A third: a moved OAuth 2
 * authorization, token or refresh URL, or OpenID Connect discovery URL, is breaking here
 * (oasdiff: informational), since a client configured from the spec fetches its tokens
 * from the old address.
 */
import type { Operation, Spec } from "../openapi-model.ts";
import { breaking, changelog, child, show, type Json, type Scope } from "./types.ts";

type Requirement = Record<string, string[]>;

function requirements(operation: Operation, spec: Spec): Requirement[] {
  return (operation.security ?? spec.security ?? []) as Requirement[];
}

const label = (requirement: Requirement) => Object.keys(requirement).sort().join(" + ") || "(none)";

/**
 * True when a caller who satisfies `held` also satisfies `needed`: an AND requirement asks
 * for every scheme it lists, so one that lists fewer schemes, each with no new scope, asks
 * for less (the client just sends a credential fewer).
 */
function satisfies(held: Requirement, needed: Requirement): boolean {
  return Object.entries(needed).every(([scheme, scopes]) => scheme in held && scopes.every((s) => held[scheme]!.includes(s)));
}

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
    if (after.some((r) => satisfies(requirement, r))) {
      const exact = after.find((r) => label(r) === label(requirement));
      if (!exact || !satisfies(exact, requirement)) {
        const easier = after.find((r) => satisfies(requirement, r))!;
        changelog(at, "security-requirement-relaxed", `callers with ${label(requirement)} now need only ${label(easier)}`);
      }
      continue;
    }
    // The same schemes, asking for more: name the scopes, the caller's token has to change.
    const scoped = after.find((r) => Object.keys(r).every((scheme) => scheme in requirement));
    if (!scoped) {
      breaking(at, "security-alternative-removed", `callers can no longer authenticate with ${label(requirement)}`);
      continue;
    }
    for (const [scheme, scopes] of Object.entries(scoped)) {
      const added = scopes.filter((s) => !(requirement[scheme] ?? []).includes(s));
      if (added.length) breaking(at, "security-scope-added", `${scheme} now also needs scope ${added.join(", ")}`);
    }
  }
  for (const requirement of after) {
    if (!before.some((r) => label(r) === label(requirement) || satisfies(r, requirement)))
      changelog(at, "security-alternative-added", `callers may also authenticate with ${label(requirement)}`);
  }
}

const FLOW_URLS = ["authorizationUrl", "tokenUrl", "refreshUrl"] as const;

/** A URL in the form a client would request it: host case and default ports do not matter. */
function normalUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

function compareFlows(a: Json, b: Json, scope: Scope) {
  const flowsA = (a.flows ?? {}) as Record<string, Json>;
  const flowsB = (b.flows ?? {}) as Record<string, Json>;
  for (const [flow, before] of Object.entries(flowsA)) {
    const after = flowsB[flow];
    const at = child(scope, "flows", flow);
    if (!after) {
      breaking(at, "security-oauth-flow-removed", `the OAuth 2 ${flow} flow was removed: clients using it cannot get a token`, "base");
      continue;
    }
    for (const key of FLOW_URLS) {
      // A URL the flow did not have configures nothing a client relies on.
      if (before[key] !== undefined && normalUrl(before[key]) !== normalUrl(after[key]))
        breaking(
          child(at, key),
          "security-oauth-url-changed",
          `the ${flow} flow's ${key} changed from ${show(before[key])} to ${show(after[key])}: clients configured with the old one fail`,
        );
    }
  }
  for (const flow of Object.keys(flowsB))
    if (!flowsA[flow]) changelog(child(scope, "flows", flow), "security-oauth-flow-added", `new OAuth 2 ${flow} flow`);
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
    if (normalUrl(a.openIdConnectUrl) !== normalUrl(b.openIdConnectUrl))
      breaking(
        child(scope, "openIdConnectUrl"),
        "security-openid-connect-url-changed",
        `openIdConnectUrl changed from ${show(a.openIdConnectUrl)} to ${show(b.openIdConnectUrl)}: clients discover the provider from the old one`,
      );
    compareFlows(a, b, scope);
    if (a.description !== b.description) changelog(child(scope, "description"), "description-changed", "description changed");
  }
}
