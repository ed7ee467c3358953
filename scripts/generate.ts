/** `pnpm generate`: lint spec/, bundle it, regenerate generated/, then build the client and mock packages. */
import { buildPackages, CLIENT, CompileError, MOCK } from "../pipeline/build-packages.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel } from "../pipeline/paths.ts";
import { renderGenerated } from "../pipeline/render-generated.ts";
import { withRollback, writeGenerated } from "../pipeline/write-generated.ts";

const started = performance.now();
try {
  const files = await renderGenerated(await loadSpec());
  // Both packages are checked before either is emitted; a failure puts the previous generated/ back.
  await withRollback(async () => {
    const changed = await writeGenerated(files);
    console.log(
      changed.length === 0
        ? `generate: ${rel(generatedDir)}/ already up to date`
        : `generate: wrote ${changed.map((name) => `${rel(generatedDir)}/${name}`).join(", ")}`,
    );
    const built = await buildPackages([CLIENT, MOCK]);
    console.log(`generate: built ${built.join(" and ")} in ${Math.round(performance.now() - started)} ms`);
  });
} catch (error) {
  if (error instanceof CompileError) {
    console.error(error.message);
    console.error(
      `generate: ${error.label} does not compile against the new ${rel(generatedDir)}/, so the previous ${rel(generatedDir)}/ and every dist/ were kept. Fix ${rel(error.dir)}/src/ (or the change in spec/) and run \`pnpm generate\` again.`,
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
