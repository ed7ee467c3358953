/**
 * `pnpm generate`: lint spec/, bundle it, regenerate generated/ and the files outside it (the
 * client's operation layer, its TanStack Query bindings, the README's method and example-name
 * tables), then build the client and mock packages. Everything is rendered before anything
 * is written; a package that does not compile puts every generated file back as it was.
 */
import { buildPackages, CLIENT, CompileError, MOCK } from "../pipeline/build-packages.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel } from "../pipeline/paths.ts";
import { renderOutputs } from "../pipeline/render-outputs.ts";
import { withRollback, writeGenerated, writeGeneratedFiles } from "../pipeline/write-generated.ts";

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
