/**
 * The spec:review report as markdown (a pull-request comment) or JSON (for tools). The
 * breaking-change section reads only the guard's `Report` and `Change` objects, not its
 * formatter, so the guard's own formats can change without touching this one.
 */
import type { Located, Report } from "../breaking/report.ts";
import type { ApiChange } from "./api-diff.ts";
import type { BundleSection } from "./bundle-section.ts";
import type { SpecReview } from "./index.ts";
import type { OperationCoverage } from "./mock-coverage.ts";

export const REVIEW_FORMATS = ["markdown", "json"] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

/** Marks the comment, so a workflow can find and update it. */
export const COMMENT_MARKER = "<!-- spec-review -->";

/** Longest type printed in a markdown cell; JSON has them whole. */
const MAX_TYPE = 160;

export function formatReview(review: SpecReview, format: ReviewFormat): string {
  return format === "json" ? JSON.stringify(review, null, 2) : markdown(review);
}

const open = (r: Report) => r.changes.filter((c) => c.kind === "breaking" && !c.accepted);
const accepted = (r: Report) => r.changes.filter((c) => c.kind === "breaking" && c.accepted);
const changelog = (r: Report) => r.changes.filter((c) => c.kind === "changelog");

function verdict(r: Report): string {
  const versions = `${r.versions.base} → ${r.versions.revision}`;
  switch (r.verdict) {
    case "none":
      return "no breaking changes for clients";
    case "accepted":
      return `no breaking changes beyond the ${accepted(r).length} accepted in spec/breaking-accepted.yaml`;
    case "allowed-by-major":
      return `${open(r).length} breaking change(s), allowed: info.version's major was raised (${versions})`;
    case "breaking":
      return `${open(r).length} breaking change(s) for clients (info.version ${versions}); \`pnpm spec:breaking\` fails on them`;
  }
}

/** Inline code that survives backticks and pipes in the text (template literal types have both). */
function code(text: string): string {
  const one = text.replace(/\s*\n\s*/g, " ");
  const cut = one.length > MAX_TYPE ? `${one.slice(0, MAX_TYPE - 1)}…` : one;
  const fence = cut.includes("`") ? "``" : "`";
  return `${fence}${fence.length > 1 ? " " : ""}${cut}${fence.length > 1 ? " " : ""}${fence}`.replaceAll("|", "\\|");
}
const cell = (text: string) => text.replace(/\s*\n\s*/g, " ").replaceAll("|", "\\|");
const at = (c: Located) => `${c.source.file}:${c.source.line}`;
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function apiSummary(changes: ApiChange[]): string {
  if (!changes.length) return "no change";
  const by = (kind: ApiChange["change"]) => changes.filter((c) => c.change === kind).length;
  return `${by("added")} added, ${by("changed")} changed, ${by("removed")} removed`;
}

function breakingSection(r: Report): string[] {
  const lines = ["### Spec changes", "", `**${verdict(r)}**`, ""];
  const rows = [...open(r), ...accepted(r), ...changelog(r)];
  if (!rows.length) return [...lines, "No change to the spec's operations.", ""];
  lines.push("| Kind | Rule | Where | Change | Source |", "| --- | --- | --- | --- | --- |");
  for (const c of rows) {
    const kind = c.kind === "changelog" ? "changelog" : c.accepted ? `accepted: ${cell(c.accepted)}` : "**breaking**";
    lines.push(`| ${kind} | ${code(c.rule)} | ${code(c.where)} | ${cell(c.message)} | ${code(at(c))} |`);
  }
  for (const a of r.stale) lines.push("", `Stale acceptance (matches nothing): ${code(a.rule)} ${code(a.where)}`);
  return [...lines, ""];
}

function apiSection({ changes, diagnostics }: SpecReview["clientApi"]): string[] {
  const lines = ["### Client API (`@hostup/billing-client` declarations)", ""];
  if (diagnostics.revision.length) {
    lines.push(
      `**The client's handwritten code does not compile against the revision's types (${count(diagnostics.revision.length, "error")}):**`,
      "",
      ...diagnostics.revision.slice(0, 5).map((d) => `- ${cell(d)}`),
      "",
    );
  }
  if (diagnostics.base.length) {
    // Its declarations are still emitted, with `any` where a name did not resolve: a change from `any` is that, not a real one.
    lines.push(
      `The client's handwritten code did not compile against the base's types (${count(diagnostics.base.length, "error")}); where a name did not resolve, the base side reads \`any\`.`,
      "",
    );
  }
  if (!changes.length) return [...lines, "No change to the public API.", ""];
  lines.push("| Change | Declaration | Member | Kind | Before | After |", "| --- | --- | --- | --- | --- | --- |");
  for (const c of changes) {
    const member = c.member ? code(c.member) : "";
    const before = c.before === undefined ? "" : code(c.before);
    const after = c.after === undefined ? "" : code(c.after);
    lines.push(`| ${c.change} | ${code(c.declaration)} | ${member} | ${c.kind} | ${before} | ${after} |`);
  }
  return [...lines, ""];
}

function bundleLines(review: SpecReview): string[] {
  const { bundle } = review;
  const over = bundle.revision > bundle.budget ? " **over budget**" : "";
  return [
    "### Bundle size (client entry and its dependencies, min+gz)",
    "",
    `${describeBundle(bundle)}${over}; ${count(bundle.operations.base, "operation")} → ${bundle.operations.revision}`,
    "",
  ];
}

function behaviour(c: OperationCoverage): string {
  const word = (has: boolean | null) => (has === null ? "absent" : has ? "stateful behaviour" : "examples only");
  return c.behaviour.base === c.behaviour.revision
    ? word(c.behaviour.revision)
    : `${word(c.behaviour.base)} → ${word(c.behaviour.revision)}`;
}

function mockSection({ operations, baseBehaviourFrom }: SpecReview["mock"]): string[] {
  const lines = ["### Mock coverage", ""];
  if (!operations.length) return [...lines, "No change to what the mocks answer.", ""];
  const changes = (added: string[], removed: string[]) =>
    [...added.map((x) => `+${x}`), ...removed.map((x) => `-${x}`)].map(code).join(" ");
  lines.push("| Operation | Change | Behaviour | Response examples | Scenario statuses |", "| --- | --- | --- | --- | --- |");
  for (const c of operations) {
    lines.push(
      `| ${code(c.operationId)} | ${c.presence} | ${behaviour(c)} | ${changes(c.examples.added, c.examples.removed)} | ${changes(c.scenarioStatuses.added, c.scenarioStatuses.removed)} |`,
    );
  }
  return [...lines, "", `Base behaviour read from ${code(baseBehaviourFrom)}.`, ""];
}

function markdown(review: SpecReview): string {
  const { breaking, clientApi, bundle, mock } = review;
  return [
    COMMENT_MARKER,
    `## Spec review against ${review.base}`,
    "",
    "| Section | Summary |",
    "| --- | --- |",
    `| Spec changes | ${cell(verdict(breaking))}; ${count(changelog(breaking).length, "changelog entry", "changelog entries")} |`,
    `| Client API | ${apiSummary(clientApi.changes)} |`,
    `| Bundle size | ${describeBundle(bundle)} |`,
    `| Mock coverage | ${mock.operations.length ? count(mock.operations.length, "operation") + " changed" : "no change"} |`,
    "",
    ...breakingSection(breaking),
    ...apiSection(clientApi),
    ...bundleLines(review),
    ...mockSection(mock),
  ].join("\n");
}

const bytes = (n: number) => `${n.toLocaleString("en-US")} B`;

/** `5,104 B → 5,230 B (+126 B; budget 5,240 B)`. */
export function describeBundle({ base, revision, budget }: Pick<BundleSection, "base" | "revision" | "budget">): string {
  const delta = revision - base;
  const sign = delta > 0 ? "+" : delta < 0 ? "-" : "±";
  return `${bytes(base)} → ${bytes(revision)} (${sign}${bytes(Math.abs(delta))}; budget ${bytes(budget)})`;
}
