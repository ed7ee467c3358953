/** `pnpm generate`: lint spec/, bundle it, regenerate generated/, then build the client and mock packages. */
import { buildClient, buildMock } from "../pipeline/build-packages.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel } from "../pipeline/paths.ts";
import { renderGenerated } from "../pipeline/render-generated.ts";
import { writeGenerated } from "../pipeline/write-generated.ts";

const started = performance.now();
try {
  const changed = await writeGenerated(await renderGenerated(await loadSpec()));
  console.log(
    changed.length === 0
      ? `generate: ${rel(generatedDir)}/ already up to date`
      : `generate: wrote ${changed.map((name) => `${rel(generatedDir)}/${name}`).join(", ")}`,
  );
  const built = [await buildClient(), await buildMock()];
  console.log(`generate: built ${built.join(" and ")} in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  if (error instanceof LintError) {
    printLintProblems(error);
    console.error(`generate: ${error.message}; nothing was written. Fix spec/ and run \`pnpm generate\` again.`);
  } else {
    console.error(error);
    console.error("generate: failed. Fix the error above and run `pnpm generate` again.");
  }
  process.exitCode = 1;
}
