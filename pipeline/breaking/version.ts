/**
 * Does `info.version` follow the change? Semantic versioning read for an API contract: a
 * change that breaks clients needs a new major, one that adds (operations, fields,
 * statuses, alternatives, deprecations) a new minor, a documentation-only one a new patch,
 * and no change none. The check names the version to use, computed from the base's.
 */
import type { Change } from "./types.ts";

export const BUMPS = ["none", "patch", "minor", "major"] as const;
export type Bump = (typeof BUMPS)[number];

/** Changelog rules that touch only documentation: a patch. Every other changelog rule is a minor, the cautious default for a new rule. */
const DOCUMENTATION = new Set(["description-changed", "example-added"]);

export interface VersionCheck {
  base: string;
  revision: string;
  /** What the changes call for. */
  needed: Bump;
  /** What the revision did: `lower` when it went down, `unknown` when either side is not `x.y.z`. */
  made: Bump | "lower" | "unknown";
  /** The version to use when `made` falls short of `needed`; never the base's own. */
  suggested?: string;
}

/**
 * The bump a list of changes needs. An accepted break does not need a major (that is what
 * accepting it means) but it still changes the contract, so it needs a minor.
 */
export function neededBump(changes: Change[]): Bump {
  let needed: Bump = "none";
  const raise = (to: Bump) => {
    if (BUMPS.indexOf(to) > BUMPS.indexOf(needed)) needed = to;
  };
  for (const change of changes) {
    if (change.kind === "breaking") raise(change.accepted ? "minor" : "major");
    else raise(DOCUMENTATION.has(change.rule) ? "patch" : "minor");
  }
  return needed;
}

type Triple = [number, number, number];

function parse(version: string): Triple | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function madeBump(base: Triple, revision: Triple): Bump | "lower" {
  for (const [index, bump] of (["major", "minor", "patch"] as const).entries()) {
    if (revision[index]! > base[index]!) return bump;
    if (revision[index]! < base[index]!) return "lower";
  }
  return "none";
}

/** `base` raised by `bump`: 1.2.3 → 2.0.0, 1.3.0 or 1.2.4. */
export function raise(base: string, bump: Exclude<Bump, "none">): string {
  const [major, minor, patch] = parse(base) ?? [0, 0, 0];
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export function checkVersion(base: string, revision: string, changes: Change[]): VersionCheck {
  const needed = neededBump(changes);
  const [from, to] = [parse(base), parse(revision)];
  if (!from || !to) return { base, revision, needed, made: "unknown" };
  const made = madeBump(from, to);
  const short = made === "lower" || BUMPS.indexOf(made) < BUMPS.indexOf(needed);
  return { base, revision, needed, made, ...(short && needed !== "none" ? { suggested: raise(base, needed) } : {}) };
}

/** One line on the version, and whether it is a warning. */
export function describeVersion(check: VersionCheck): { line: string; warning: boolean } {
  const { base, revision, needed, made, suggested } = check;
  if (made === "unknown")
    return {
      line: `info.version ${base} → ${revision} is not x.y.z: the version bump (${needed} needed) is not checked`,
      warning: needed !== "none",
    };
  if (made === "lower" && !suggested) return { line: `info.version went down (${base} → ${revision})`, warning: true };
  if (suggested)
    return {
      line: `info.version needs a ${needed} bump for these changes: set it to ${suggested} in spec/openapi.yaml (${base} → ${suggested}; now ${revision})`,
      warning: true,
    };
  if (needed === "none")
    return { line: `info.version ${revision}: nothing changed${made === "none" ? "" : ` (raised from ${base})`}`, warning: false };
  return { line: `info.version ${base} → ${revision} fits the changes (${needed} needed, ${made} made)`, warning: false };
}
