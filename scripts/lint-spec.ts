/**
 * `pnpm lint:spec [entry]`: lints spec/ with redocly.yaml, as `redocly lint` would, but through
 * the pipeline's own model, so that a `$ref` leaving spec/ is refused here exactly as in every
 * other step (the Redocly CLI would read or fetch it). Problems print in Redocly's stylish format.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { rel, specEntry } from "../pipeline/paths.ts";

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const entry = positionals[0] ? resolve(positionals[0]) : specEntry;

try {
  await loadSpec(entry);
  console.log(`lint:spec: ${rel(entry)} and every file it refers to are valid`);
} catch (error) {
  if (error instanceof LintError) {
    printLintProblems(error);
    console.error(`lint:spec: ${error.message}. Fix them and run \`pnpm lint:spec\` again.`);
  } else console.error(error);
  process.exitCode = 1;
}
