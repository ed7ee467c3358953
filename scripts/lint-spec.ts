/**
 * `pnpm lint:spec [entry] [--config <redocly.yaml>]`: lints spec/ with redocly.yaml (or the entry
 * with the configuration given), as `redocly lint` would, but through the pipeline's own model,
 * so that a `$ref` leaving spec/ is refused here exactly as in every other step (the Redocly
 * CLI would read or fetch it). Problems print in Redocly's stylish format.
 * Without an entry it lints the stateful mock's control API document too, by the same rules.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { rel, root, specEntry } from "../pipeline/paths.ts";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { config: { type: "string" } } });
const config = values.config && resolve(values.config);
const controlApi = resolve(root, "packages/billing-mock/control-api/openapi.yaml");
const entries = positionals[0] ? [resolve(positionals[0])] : [specEntry, controlApi];

for (const entry of entries) {
  try {
    await loadSpec(entry, config);
    console.log(`lint:spec: ${rel(entry)} and every file it refers to are valid`);
  } catch (error) {
    if (error instanceof LintError) {
      printLintProblems(error);
      console.error(`lint:spec: ${rel(entry)}: ${error.message}. Fix them and run \`pnpm lint:spec\` again.`);
    } else console.error(error);
    process.exitCode = 1;
  }
}
