/**
 * `pnpm generate`: lint spec/, bundle it, regenerate generated/ and the files outside it (the
 * client's operation layer, its TanStack Query bindings, the README's method and example-name
 * tables), then build the client and mock packages. Everything is rendered before anything
 * is written; a package that does not compile puts every generated file back as it was.
 *
 * `pnpm generate --out <dir> [--spec <openapi.yaml>] [--config <redocly.yaml>]` renders another
 * spec (spec/ by default), linted with its own Redocly configuration (the repository's by
 * default), into `<dir>` instead: `<dir>/generated/` and the client's generated sources under
 * `<dir>/packages/billing-client/src/`. Nothing in the repository is written or built.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildPackages, CLIENT, CompileError, MOCK } from "../pipeline/build-packages.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel, specEntry } from "../pipeline/paths.ts";
import { renderOutputs } from "../pipeline/render-outputs.ts";
import { writeClientElsewhere, writeGeneratedElsewhere } from "../pipeline/write-elsewhere.ts";
import { withRollback, writeGenerated, writeGeneratedFiles } from "../pipeline/write-generated.ts";

const { values } = parseArgs({ options: { spec: { type: "string" }, config: { type: "string" }, out: { type: "string" } } });
if ((values.spec || values.config) && !values.out) {
  console.error("generate: --spec and --config need --out <dir>: only spec/ is generated into the repository.");
  process.exit(2);
}
for (const [option, path] of [
  ["--spec", values.spec],
  ["--config", values.config],
] as const) {
  if (path && !existsSync(path)) {
    console.error(`generate: ${option} ${path}: no such file.`);
    process.exit(2);
  }
}
if (values.out) await generateElsewhere(values.out, values.spec, values.config);
else await generateHere();

/** --out: lint and bundle the spec, write generated/, then the client's sources if its renderer carries the spec. */
async function generateElsewhere(out: string, spec?: string, config?: string) {
  const dir = resolve(out);
  const entry = spec ? resolve(spec) : specEntry;
  const wrote = (paths: string[]) => console.log(`generate: wrote under ${out}: ${paths.map((path) => relative(dir, path)).join(", ")}`);
  let written: string[];
  try {
    const model = await loadSpec(entry, config && resolve(config));
    written = await writeGeneratedElsewhere(model, dir);
    try {
      written.push(...(await writeClientElsewhere(model, dir)));
    } catch (error) {
      wrote(written);
      console.error(`generate: the client's generated sources were not written: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
      return;
    }
  } catch (error) {
    if (error instanceof LintError) printLintProblems(error);
    else console.error(error);
    console.error(`generate: ${rel(entry)} did not generate; nothing was written. Fix it and run the same command again.`);
    process.exitCode = 1;
    return;
  }
  wrote(written);
}

async function generateHere() {
  const started = performance.now();
  try {
    const { generated, files } = await renderOutputs(await loadSpec());
    // Both packages are checked before either is emitted; a failure puts the previous files back.
    await withRollback(async () => {
      const changed = [
        ...(await writeGenerated(generated)).map((name) => `${rel(generatedDir)}/${name}`),
        ...(await writeGeneratedFiles(files)).map(rel),
      ];
      console.log(changed.length === 0 ? "generate: everything already up to date" : `generate: wrote ${changed.join(", ")}`);
      const built = await buildPackages([CLIENT, MOCK]);
      console.log(`generate: built ${built.join(" and ")} in ${Math.round(performance.now() - started)} ms`);
    }, files.keys());
  } catch (error) {
    if (error instanceof CompileError) {
      console.error(error.message);
      console.error(
        `generate: ${error.label} does not compile against the new ${rel(generatedDir)}/, so the previous generated files and every dist/ were kept. Fix ${rel(error.dir)}/src/ (or the change in spec/) and run \`pnpm generate\` again.`,
      );
    } else if (error instanceof LintError) {
      printLintProblems(error);
      console.error(`generate: ${error.message}; nothing was written. Fix spec/ and run \`pnpm generate\` again.`);
    } else {
      console.error(error);
      console.error("generate: failed. Fix the error above and run `pnpm generate` again.");
    }
    process.exitCode = 1;
  }
}
