/**
 * spec/breaking-accepted.yaml: breaking changes a maintainer accepts on purpose, one entry
 * per change with a written reason. An accepted change is still reported, marked as such,
 * and no longer fails spec:breaking.
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
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
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [];
  }
  const parsed = (parse(text) ?? {}) as { accepted?: unknown };
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
