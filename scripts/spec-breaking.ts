/**
 * `pnpm spec:breaking [options] [base-ref]`: the changes in spec/ (working tree) that break
 * clients, against generated/openapi.json committed at base-ref (default: the merge base
 * with main), with a changelog of the rest. See USAGE for options and exit codes.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AcceptListError, applyAcceptList, readAcceptList } from "../pipeline/breaking/accept-list.ts";
import { diffSpecs, majorRaised } from "../pipeline/breaking/index.ts";
import { FORMATS, formatReport, type Format, type Report } from "../pipeline/breaking/report.ts";
import { SourceMap } from "../pipeline/breaking/source-map.ts";
import { checkVersion } from "../pipeline/breaking/version.ts";
import { dereference, LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { root, specDir } from "../pipeline/paths.ts";

const USAGE = `usage: pnpm spec:breaking [--format text|markdown|json|github] [base-ref | --base-file <openapi.json>]

  base-ref             a commit of this repository (branch, tag or hash) whose generated/openapi.json
                       is the base; default: the merge base of HEAD with main
  --base-file <file>   a bundled OpenAPI document to compare with instead
  --accepted <file>    the accept list to apply (default spec/breaking-accepted.yaml)
  --format <format>    text (default), markdown (a pull-request comment), json, or github
                       (workflow annotations on the spec/ file and line of each change)

Breaking changes can be accepted one by one, with a reason, in spec/breaking-accepted.yaml.

info.version (spec/openapi.yaml) must follow the change: a break needs a new major, an
addition a new minor, a documentation edit a new patch. The report names the version to use.

exit codes: 0  no breaking change (or all accepted, or allowed by a raised major version);
               a missing minor or patch bump is a warning line, not a failure
            1  breaking changes without a raised major
            2  usage or input error (unknown option, bad base, spec/ does not lint)`;

/** A usage or input error: exit 2. */
class InputError extends Error {}

type Json = Record<string, unknown>;

function parseOptions() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        "base-file": { type: "string" },
        accepted: { type: "string" },
        format: { type: "string", default: "text" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The commit `ref` names, checked before git reads anything else with it. */
function commitOf(ref: string): string {
  // An argument starting with "-" would be read by git as an option (`--output=<file>` writes a file).
  if (ref.startsWith("-") || ref.trim() === "") throw new InputError(`"${ref}" is not a commit: a base ref cannot start with "-"`);
  try {
    return git("rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`);
  } catch {
    throw new InputError(`"${ref}" does not name a commit of this repository`);
  }
}

function defaultBase(): { commit: string; label: string } {
  for (const main of ["main", "origin/main"]) {
    try {
      const commit = git("merge-base", "HEAD", commitOf(main));
      return { commit, label: `the merge base with ${main} (${commit.slice(0, 10)})` };
    } catch {
      // try the next name
    }
  }
  throw new InputError("no branch main to compare with; pass a base ref: pnpm spec:breaking <ref>");
}

/** Parses a base document and checks that it is an OpenAPI 3 document before any rule reads it. */
function openApiDocument(text: string, label: string): Json {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${label} is not JSON: ${(error as Error).message}`);
  }
  const json = doc as Json;
  const problems = [
    (!doc || typeof doc !== "object" || Array.isArray(doc)) && "it is not an object",
    !/^3\.[01]\./.test(String(json?.openapi)) && `"openapi" is ${JSON.stringify(json?.openapi)}, not 3.0.x or 3.1.x`,
    (typeof json?.info !== "object" || json.info === null) && `"info" is missing`,
    json?.paths !== undefined &&
      (typeof json.paths !== "object" || json.paths === null || Array.isArray(json.paths)) &&
      `"paths" is not an object`,
  ].filter(Boolean);
  if (problems.length) throw new InputError(`${label} is not an OpenAPI document: ${problems.join("; ")}`);
  return json;
}

async function loadBase(values: { "base-file"?: string }, positionals: string[]): Promise<{ doc: Json; label: string }> {
  if (positionals.length > 1) throw new InputError(`one base ref at most, got ${positionals.length}`);
  if (values["base-file"]) {
    if (positionals.length) throw new InputError("give a base ref or --base-file, not both");
    const file = values["base-file"];
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
    }
    return { doc: openApiDocument(text, file), label: file };
  }
  const { commit, label } = positionals[0] ? { commit: commitOf(positionals[0]), label: positionals[0] } : defaultBase();
  let text: string;
  try {
    text = git("show", `${commit}:generated/openapi.json`);
  } catch {
    throw new InputError(`${label} (${commit.slice(0, 10)}) has no generated/openapi.json`);
  }
  const where = `generated/openapi.json at ${label}`;
  return { doc: openApiDocument(text, where), label: where };
}

async function main(): Promise<number> {
  const { values, positionals } = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new InputError(`unknown format "${values.format}"`);
  const base = await loadBase(values, positionals);
  const head = await loadSpec();
  const changes = diffSpecs(await dereference(base.doc), head.resolved);
  const stale = applyAcceptList(changes, await readAcceptList(values.accepted ?? join(specDir, "breaking-accepted.yaml")));
  const sources = new SourceMap(head.bundled, specDir);
  const located = changes.map((change) => ({ ...change, source: sources.locate(change.pointer) }));
  const open = located.filter((c) => c.kind === "breaking" && !c.accepted).length;
  const anyAccepted = located.some((c) => c.accepted);
  const raised = majorRaised(base.doc, head.bundled as unknown as Json);
  const versions = { base: String((base.doc.info as Json).version), revision: String(head.bundled.info?.version) };
  const report: Report = {
    base: base.label,
    versions,
    changes: located,
    stale,
    verdict: open === 0 ? (anyAccepted ? "accepted" : "none") : raised ? "allowed-by-major" : "breaking",
    version: checkVersion(versions.base, versions.revision, changes),
    versionSource: sources.locate("/info/version"),
  };
  console.log(formatReport(report, format));
  // Only a break without a major fails. A missing minor or patch bump harms no client (the
  // release can still set it), and failing every pull request that forgets one would teach
  // people to ignore this check: it is a warning line (a ::warning annotation on GitHub).
  return report.verdict === "breaking" ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof LintError) printLintProblems(error);
  console.error(`spec:breaking: ${(error as Error).message}`);
  if (error instanceof InputError) console.error(`\n${USAGE}`);
  else if (!(error instanceof LintError || error instanceof AcceptListError)) console.error(error);
  process.exitCode = 2;
}
