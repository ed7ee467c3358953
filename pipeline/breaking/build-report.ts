/**
 * The spec:breaking report of one comparison, as `pnpm spec:breaking` prints it and
 * `pnpm spec:review` embeds it: every change, the accept list applied, each change located in
 * spec/, and the verdict.
 */
import { join } from "node:path";
import type { SpecModel } from "../openapi-model.ts";
import { dereference } from "../openapi-model.ts";
import { specDir } from "../paths.ts";
import type { Base } from "../spec-base.ts";
import { applyAcceptList, readAcceptList } from "./accept-list.ts";
import { diffSpecs, majorRaised } from "./index.ts";
import type { Report } from "./report.ts";
import { SourceMap } from "./source-map.ts";
import { checkVersion } from "./version.ts";
import type { Json } from "./types.ts";

/** The accept list spec:breaking applies unless told otherwise. */
export const DEFAULT_ACCEPT_LIST = join(specDir, "breaking-accepted.yaml");

export async function buildBreakingReport(base: Base, head: SpecModel, acceptList = DEFAULT_ACCEPT_LIST): Promise<Report> {
  const changes = diffSpecs(await dereference(base.doc), head.resolved);
  const stale = applyAcceptList(changes, await readAcceptList(acceptList));
  const sources = new SourceMap(head.bundled, specDir);
  const located = changes.map((change) => ({ ...change, source: sources.locate(change.pointer) }));
  const open = located.filter((c) => c.kind === "breaking" && !c.accepted).length;
  const anyAccepted = located.some((c) => c.accepted);
  const raised = majorRaised(base.doc, head.bundled as unknown as Json);
  const versions = { base: String((base.doc.info as Json).version), revision: String(head.bundled.info?.version) };
  return {
    base: base.label,
    versions,
    changes: located,
    stale,
    verdict: open === 0 ? (anyAccepted ? "accepted" : "none") : raised ? "allowed-by-major" : "breaking",
    version: checkVersion(versions.base, versions.revision, changes),
    versionSource: sources.locate("/info/version"),
  };
}
