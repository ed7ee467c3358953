/**
 * `pnpm spec:breaking [base-ref]`: lists the changes in spec/ (working tree) that break
 * clients, against the bundled spec committed at base-ref (default: the merge base with
 * main). Exits 1 when there are any, unless info.version's major was raised.
 * `--base-file <openapi.json>` compares against a bundled spec file instead of a ref.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { breakingChanges, majorRaised } from "../pipeline/breaking.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { root } from "../pipeline/paths.ts";

type Json = Record<string, unknown>;
const { values, positionals } = parseArgs({ allowPositionals: true, options: { "base-file": { type: "string" } } });

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

async function loadBase(): Promise<{ doc: Json; label: string }> {
  if (values["base-file"]) {
    return { doc: JSON.parse(await readFile(values["base-file"], "utf8")) as Json, label: values["base-file"] };
  }
  let ref = positionals[0];
  let label = ref;
  if (!ref) {
    for (const main of ["main", "origin/main"]) {
      try {
        ref = git("merge-base", "HEAD", main);
        label = `the merge base with ${main} (${ref.slice(0, 10)})`;
        break;
      } catch {
        // try the next name
      }
    }
    if (!ref) throw new Error("no branch main to compare with; pass a base ref: pnpm spec:breaking <ref>");
  }
  try {
    return { doc: JSON.parse(git("show", `${ref}:generated/openapi.json`)) as Json, label: `generated/openapi.json at ${label}` };
  } catch {
    throw new Error(`cannot read generated/openapi.json at ${ref}: is it a commit of this repository that has generated/?`);
  }
}

try {
  const base = await loadBase();
  const head = (await loadSpec()).bundled as unknown as Json;
  const changes = breakingChanges(base.doc, head);
  console.log(`spec:breaking: spec/ compared with ${base.label}`);
  for (const change of changes) console.log(`  ${change.rule.padEnd(24)} ${change.where}: ${change.message}`);
  const versions = `${String((base.doc.info as Json).version)} → ${String((head.info as Json).version)}`;
  if (changes.length === 0) {
    console.log("spec:breaking: no breaking changes for clients");
  } else if (majorRaised(base.doc, head)) {
    console.log(`spec:breaking: ${changes.length} breaking change(s), allowed: info.version's major was raised (${versions})`);
  } else {
    console.log(
      `spec:breaking: ${changes.length} breaking change(s) for clients. Undo them, or raise info.version's major in spec/openapi.yaml (now ${versions}) if they are intended.`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  if (error instanceof LintError) printLintProblems(error);
  console.error(`spec:breaking: ${(error as Error).message}`);
  process.exitCode = 2;
}
