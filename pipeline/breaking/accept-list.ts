/**
 * spec/breaking-accepted.yaml: breaking changes a maintainer accepts on purpose, one entry
 * per change with a written reason. An accepted change is still reported, marked as such,
 * and no longer fails spec:breaking.
 */
import { parse } from "yaml";
import { MAX_SPEC_FILE_BYTES, mib, readBounded } from "../spec-limits.ts";
import { findYamlAlias } from "../yaml-aliases.ts";
import type { Change } from "./types.ts";

export interface Acceptance {
  /** The rule id, as reported. */
  rule: string;
  /** `METHOD /path` (or `security scheme X`), as reported; it also covers what is reported under it, e.g. `METHOD /path response 200`. */
  where: string;
  /** Optional: text the change's message must contain, when one rule fires twice on one operation. */
  match?: string;
  /** Why the break is acceptable; shown in the report. */
  reason: string;
}

export class AcceptListError extends Error {
  override name = "AcceptListError";
}

export async function readAcceptList(file: string): Promise<Acceptance[]> {
  // A file of spec/, so as untrusted and as bounded as the others (see spec-limits.ts).
  const read = await readBounded(file, MAX_SPEC_FILE_BYTES).catch(() => undefined);
  if (!read) return [];
  if ("tooLarge" in read) {
    throw new AcceptListError(
      `${file} is ${read.tooLarge} bytes, over the ${mib(MAX_SPEC_FILE_BYTES)} limit per spec file (MAX_SPEC_FILE_BYTES)`,
    );
  }
  const alias = findYamlAlias(read.text);
  if (alias) throw new AcceptListError(`${file}:${alias.line}:${alias.col}: a YAML ${alias.kind} (${alias.source}) is refused in spec/`);
  let parsed: { accepted?: unknown };
  try {
    parsed = (parse(read.text) ?? {}) as { accepted?: unknown };
  } catch (error) {
    throw new AcceptListError(`${file} is not YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const entries = parsed.accepted ?? [];
  if (!Array.isArray(entries)) throw new AcceptListError(`${file}: "accepted" must be a list`);
  return entries.map((entry: Partial<Acceptance>, index) => {
    for (const key of ["rule", "where", "reason"] as const) {
      if (typeof entry?.[key] !== "string" || entry[key].trim() === "")
        throw new AcceptListError(`${file}: accepted[${index}] needs a non-empty "${key}"`);
    }
    return entry as Acceptance;
  });
}

/** Marks each accepted change; returns the acceptances that matched nothing (stale). */
export function applyAcceptList(changes: Change[], list: Acceptance[]): Acceptance[] {
  const used = new Set<Acceptance>();
  for (const change of changes) {
    if (change.kind !== "breaking") continue;
    const acceptance = list.find(
      (a) =>
        a.rule === change.rule &&
        (change.where === a.where || change.where.startsWith(`${a.where} `)) &&
        (!a.match || change.message.includes(a.match)),
    );
    if (acceptance) {
      change.accepted = acceptance.reason.trim();
      used.add(acceptance);
    }
  }
  return list.filter((a) => !used.has(a));
}
