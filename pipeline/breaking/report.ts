/**
 * The spec:breaking report in four formats: `text` for a terminal, `markdown` to paste as a
 * pull-request comment, `json` for tools, `github` for workflow annotations on the spec/
 * file and line of each change.
 */
import type { Acceptance } from "./accept-list.ts";
import type { SourceLocation } from "./source-map.ts";
import type { Change } from "./types.ts";

export const FORMATS = ["text", "markdown", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface Located extends Change {
  source: SourceLocation;
}

export interface Report {
  base: string;
  versions: { base: string; revision: string };
  changes: Located[];
  stale: Acceptance[];
  verdict: "none" | "allowed-by-major" | "accepted" | "breaking";
}

const open = (changes: Located[]) => changes.filter((c) => c.kind === "breaking" && !c.accepted);
const accepted = (changes: Located[]) => changes.filter((c) => c.kind === "breaking" && c.accepted);
const changelog = (changes: Located[]) => changes.filter((c) => c.kind === "changelog");
const at = (c: Located) => `${c.source.file}:${c.source.line}`;

function summary(report: Report): string {
  const count = open(report.changes).length;
  const versions = `${report.versions.base} → ${report.versions.revision}`;
  switch (report.verdict) {
    case "none":
      return "no breaking changes for clients";
    case "accepted":
      return `no breaking changes for clients beyond the ${accepted(report.changes).length} accepted in spec/breaking-accepted.yaml`;
    case "allowed-by-major":
      return `${count} breaking change(s), allowed: info.version's major was raised (${versions})`;
    case "breaking":
      return `${count} breaking change(s) for clients. Undo them, accept each in spec/breaking-accepted.yaml with a reason, or raise info.version's major in spec/openapi.yaml (now ${versions}) if they are intended.`;
  }
}

function text(report: Report): string {
  const lines = [`spec:breaking: spec/ compared with ${report.base}`];
  for (const c of open(report.changes)) lines.push(`  ${c.rule.padEnd(36)} ${c.where}: ${c.message}  (${at(c)})`);
  for (const c of accepted(report.changes)) lines.push(`  accepted ${c.rule} ${c.where}: ${c.message}  (${at(c)}); reason: ${c.accepted}`);
  for (const a of report.stale) lines.push(`  stale acceptance (matches nothing): ${a.rule} ${a.where}`);
  const log = changelog(report.changes);
  if (log.length) {
    lines.push("Changelog (not breaking):");
    for (const c of log) lines.push(`  ${c.rule.padEnd(36)} ${c.where}: ${c.message}  (${at(c)})`);
  }
  lines.push(`spec:breaking: ${summary(report)}`);
  return lines.join("\n");
}

const cell = (value: string) => value.replaceAll("|", "\\|").replaceAll("\n", " ");

function markdown(report: Report): string {
  const table = (changes: Located[], extra?: (c: Located) => string) => [
    `| Rule | Where | Change | Source${extra ? " | Reason" : ""} |`,
    `| --- | --- | --- | ---${extra ? " | ---" : ""} |`,
    ...changes.map(
      (c) => `| \`${c.rule}\` | \`${cell(c.where)}\` | ${cell(c.message)} | \`${at(c)}\`${extra ? ` | ${cell(extra(c))}` : ""} |`,
    ),
  ];
  const lines = [`## API changes against ${report.base}`, "", `**${summary(report)}**`, ""];
  if (open(report.changes).length) lines.push("### Breaking changes", "", ...table(open(report.changes)), "");
  if (accepted(report.changes).length)
    lines.push("### Accepted breaking changes", "", ...table(accepted(report.changes), (c) => c.accepted ?? ""), "");
  if (report.stale.length)
    lines.push("### Stale acceptances", "", ...report.stale.map((a) => `- \`${a.rule}\` \`${a.where}\` matches nothing`), "");
  const log = changelog(report.changes);
  if (log.length) lines.push("### Changelog", "", ...log.map((c) => `- \`${c.where}\`: ${c.message} (\`${at(c)}\`)`), "");
  return lines.join("\n");
}

// Workflow commands: data escapes %, CR, LF; properties also , and :.
const data = (value: string) => value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
const property = (value: string) => data(value).replaceAll(":", "%3A").replaceAll(",", "%2C");

function github(report: Report): string {
  const annotate = (level: string, c: Located, title: string, message: string) =>
    `::${level} file=${property(c.source.file)},line=${c.source.line},title=${property(title)}::${data(message)}`;
  const lines = [
    ...open(report.changes).map((c) => annotate("error", c, `Breaking: ${c.rule}`, `${c.where}: ${c.message}`)),
    ...accepted(report.changes).map((c) =>
      annotate("notice", c, `Accepted break: ${c.rule}`, `${c.where}: ${c.message}. Reason: ${c.accepted}`),
    ),
    ...changelog(report.changes).map((c) => annotate("notice", c, `API change: ${c.rule}`, `${c.where}: ${c.message}`)),
  ];
  lines.push(`spec:breaking: ${summary(report)}`);
  return lines.join("\n");
}

function json(report: Report): string {
  const strip = ({ side: _side, ...change }: Located) => change;
  return JSON.stringify(
    {
      base: report.base,
      versions: report.versions,
      verdict: report.verdict,
      breaking: open(report.changes).map(strip),
      accepted: accepted(report.changes).map(strip),
      stale: report.stale,
      changelog: changelog(report.changes).map(strip),
    },
    null,
    2,
  );
}

export function formatReport(report: Report, format: Format): string {
  return { text, markdown, json, github }[format](report);
}
