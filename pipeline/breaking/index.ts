/**
 * Breaking changes for clients between two versions of the spec, plus a changelog of the
 * rest. Both sides are dereferenced by Redocly first (openapi-model.ts), so the rules see
 * plain objects. The rules are grouped by what they compare, one module per group:
 * operations.ts (paths, operationIds, webhooks), parameters.ts (with serialization.ts for
 * style/explode), request-body.ts, responses.ts (statuses, media types, headers),
 * schemas.ts (types, enums, composition, discriminators, formats, patterns, limits,
 * nullability, readOnly/writeOnly), security.ts (requirements, schemes, OAuth flows) and
 * problem-codes.ts. The report folds what they find into one entry per change
 * (entries.ts) and checks info.version against it (version.ts). Why not oasdiff: it is a
 * Go binary, which cannot be installed offline.
 */
import type { Spec } from "../openapi-model.ts";
import { compareOperations } from "./operations.ts";
import { compareSecuritySchemes } from "./security.ts";
import { breakingToday } from "./sunset.ts";
import type { Change, Json } from "./types.ts";

export type { Change } from "./types.ts";

export interface DiffOptions {
  /** The date a removal is judged against for its `x-sunset` (YYYY-MM-DD); default SPEC_BREAKING_TODAY, else today (UTC). */
  today?: string;
}

/** Every change from `base` to `revision`, breaking ones and changelog entries, in document order. */
export function diffSpecs(base: Spec, revision: Spec, options: DiffOptions = {}): Change[] {
  const out: Change[] = [];
  compareOperations(base, revision, out, options.today ?? breakingToday());
  compareSecuritySchemes(base, revision, out);
  if (base.info?.description !== revision.info?.description)
    out.push({
      rule: "description-changed",
      kind: "changelog",
      where: "info",
      message: "the API description changed",
      pointer: "/info",
      side: "revision",
    });
  return out;
}

/** Only the breaking changes. */
export function breakingChanges(base: Spec, revision: Spec, options: DiffOptions = {}): Change[] {
  return diffSpecs(base, revision, options).filter((change) => change.kind === "breaking");
}

/** True when the revision's major version is above the base's, which declares the breaks intended. */
export function majorRaised(base: Spec | Json, revision: Spec | Json): boolean {
  const major = (doc: Spec | Json) => Number(String((doc.info as Json | undefined)?.version ?? "0").split(".")[0]);
  return major(revision) > major(base);
}
