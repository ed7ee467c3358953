/**
 * The spec:breaking report in four formats: `text` for a terminal, `markdown` to paste as a
 * pull-request comment, `json` for tools, `github` for workflow annotations on the spec/
 * file and line of each change. Each lists one entry per change (entries.ts), grouped by
 * the operations it touches, and ends with the verdict and the version check.
 */
import type { Acceptance } from "./accept-list.ts";
import { entriesOf, groupsOf, type Entry, type Group, type Located } from "./entries.ts";
import type { SourceLocation } from "./source-map.ts";
import { describeVersion, raise, type VersionCheck } from "./version.ts";

export const FORMATS = ["text", "markdown", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

export type { Located } from "./entries.ts";

export interface Report {
  base: string;
  versions: { base: string; revision: string };
  changes: Located[];
  stale: Acceptance[];
  verdict: "none" | "allowed-by-major" | "accepted" | "breaking";
  version: VersionCheck;
  /** Where info.version is written, for the annotation of a version warning. */
  versionSource?: SourceLocation;
}

interface Sections {
  all: Entry[];
  open: Entry[];
  accepted: Entry[];
  changelog: Entry[];
}

function sections(report: Report): Sections {
  const entries = entriesOf(report.changes);
  return {
    all: entries,
    open: entries.filter((c) => c.kind === "breaking" && !c.accepted),
    accepted: entries.filter((c) => c.kind === "breaking" && c.accepted),
    changelog: entries.filter((c) => c.kind === "changelog"),
  };
}

const at = (c: { source: SourceLocation }) => `${c.source.file}:${c.source.line}`;
const label = (group: Group) => group.operations.join(", ");

function summary(report: Report, s: Sections): string {
  const count = s.open.length;
  const versions = `${report.versions.base} → ${report.versions.revision}`;
  switch (report.verdict) {
    case "none":
      return "no breaking changes for clients";
    case "accepted":
      return `no breaking changes for clients beyond the ${s.accepted.length} accepted in spec/breaking-accepted.yaml`;
    case "allowed-by-major":
      return `${count} breaking change(s), allowed: info.version's major was raised (${versions})`;
    case "breaking":
      return `${count} breaking change(s) for clients. Undo them, accept each in spec/breaking-accepted.yaml with a reason, or raise info.version's major in spec/openapi.yaml (${report.versions.base} → ${raise(report.versions.base, "major")}) if they are intended.`;
  }
}

/** The version line, unless the verdict already asked for the major. */
function versionLine(report: Report): { line: string; warning: boolean } | undefined {
  return report.verdict === "breaking" ? undefined : describeVersion(report.version);
}

function text(report: Report): string {
  const s = sections(report);
  const lines = [`spec:breaking: spec/ compared with ${report.base}`];
  const list = (title: string, entries: Entry[], line: (c: Entry) => string) => {
    if (!entries.length) return;
    lines.push(title);
    for (const group of groupsOf(entries)) {
      lines.push(`  ${label(group)}`);
      for (const c of group.entries) lines.push(`    ${line(c)}`);
    }
  };
  list("Breaking changes:", s.open, (c) => `${c.rule.padEnd(36)} ${c.where}: ${c.message}  (${at(c)})`);
  list("Accepted breaking changes:", s.accepted, (c) => `accepted ${c.rule} ${c.where}: ${c.message}  (${at(c)}); reason: ${c.accepted}`);
  for (const a of report.stale) lines.push(`  stale acceptance (matches nothing): ${a.rule} ${a.where}`);
  list("Changelog (not breaking):", s.changelog, (c) => `${c.rule.padEnd(36)} ${c.where}: ${c.message}  (${at(c)})`);
  lines.push(`spec:breaking: ${summary(report, s)}`);
  const version = versionLine(report);
  if (version) lines.push(`spec:breaking: ${version.warning ? "warning: " : ""}${version.line}`);
  return lines.join("\n");
}

const cell = (value: string) => value.replaceAll("|", "\\|").replaceAll("\n", " ");

function markdown(report: Report): string {
  const s = sections(report);
  const table = (entries: Entry[], extra?: (c: Entry) => string) => [
    `| Rule | Where | Change | Source${extra ? " | Reason" : ""} |`,
    `| --- | --- | --- | ---${extra ? " | ---" : ""} |`,
    ...entries.map(
      (c) => `| \`${c.rule}\` | \`${cell(c.where)}\` | ${cell(c.message)} | \`${at(c)}\`${extra ? ` | ${cell(extra(c))}` : ""} |`,
    ),
  ];
  const lines = [`## API changes against ${report.base}`, "", `**${summary(report, s)}**`, ""];
  const version = versionLine(report);
  if (version) lines.push(`${version.warning ? "⚠️ " : ""}Version: ${version.line}`, "");
  // Entries come sorted by group, so each table keeps one operation's rows together.
  if (s.open.length) lines.push("### Breaking changes", "", ...table(s.open), "");
  if (s.accepted.length) lines.push("### Accepted breaking changes", "", ...table(s.accepted, (c) => c.accepted ?? ""), "");
  if (report.stale.length)
    lines.push("### Stale acceptances", "", ...report.stale.map((a) => `- \`${a.rule}\` \`${a.where}\` matches nothing`), "");
  if (s.changelog.length) {
    lines.push("### Changelog", "");
    for (const group of groupsOf(s.changelog))
      lines.push(`#### ${cell(label(group))}`, "", ...group.entries.map((c) => `- \`${cell(c.where)}\`: ${c.message} (\`${at(c)}\`)`), "");
  }
  return lines.join("\n");
}

// Workflow commands: data escapes %, CR, LF; properties also , and :.
const data = (value: string) => value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
const property = (value: string) => data(value).replaceAll(":", "%3A").replaceAll(",", "%2C");

function github(report: Report): string {
  const s = sections(report);
  const annotate = (level: string, source: SourceLocation, title: string, message: string) =>
    `::${level} file=${property(source.file)},line=${source.line},title=${property(title)}::${data(message)}`;
  const lines = [
    ...s.open.map((c) => annotate("error", c.source, `Breaking: ${c.rule}`, `${c.where}: ${c.message}`)),
    ...s.accepted.map((c) => annotate("notice", c.source, `Accepted break: ${c.rule}`, `${c.where}: ${c.message}. Reason: ${c.accepted}`)),
    ...s.changelog.map((c) => annotate("notice", c.source, `API change: ${c.rule}`, `${c.where}: ${c.message}`)),
  ];
  const version = versionLine(report);
  if (version?.warning)
    lines.push(annotate("warning", report.versionSource ?? { file: "spec/openapi.yaml", line: 1 }, "Version", version.line));
  lines.push(`spec:breaking: ${summary(report, s)}`);
  return lines.join("\n");
}

function json(report: Report): string {
  const s = sections(report);
  const kinds = (entries: Entry[]) => ({
    breaking: entries.filter((c) => s.open.includes(c)),
    accepted: entries.filter((c) => s.accepted.includes(c)),
    changelog: entries.filter((c) => s.changelog.includes(c)),
  });
  return JSON.stringify(
    {
      base: report.base,
      versions: report.versions,
      verdict: report.verdict,
      version: { ...report.version, ...(versionLine(report) ?? {}) },
      breaking: s.open,
      accepted: s.accepted,
      stale: report.stale,
      changelog: s.changelog,
      groups: groupsOf(s.all).map((group) => ({
        operations: group.operations,
        ...kinds(group.entries),
      })),
    },
    null,
    2,
  );
}

export function formatReport(report: Report, format: Format): string {
  return { text, markdown, json, github }[format](report);
}
