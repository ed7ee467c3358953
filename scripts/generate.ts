/**
 * `pnpm generate`: lint spec/, bundle it, regenerate generated/ and the client's operation
 * layer (with its TanStack Query bindings and the README's method and example-name tables),
 * then build the client and mock packages.
 */
import { readFile } from "node:fs/promises";
import { buildClient, buildMock } from "../pipeline/build-packages.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel } from "../pipeline/paths.ts";
import { readmeFile, renderClientFiles } from "../pipeline/render-client.ts";
import { renderExampleTable, withExampleTable } from "../pipeline/render-example-table.ts";
import { queryBindingsFile, renderQueryBindings } from "../pipeline/render-query.ts";
import { renderGenerated } from "../pipeline/render-generated.ts";
import { writeGenerated, writeGeneratedFiles } from "../pipeline/write-generated.ts";

const started = performance.now();
try {
  const model = await loadSpec();
  // Everything is rendered before anything is written: a failure leaves every file as it was.
  const generated = await renderGenerated(model);
  const clientFiles = renderClientFiles(model.resolved, await readFile(readmeFile, "utf8"));
  clientFiles.set(queryBindingsFile, renderQueryBindings(model.resolved));
  clientFiles.set(readmeFile, withExampleTable(clientFiles.get(readmeFile)!, renderExampleTable(model.resolved)));
  const changed = [
    ...(await writeGenerated(generated)).map((name) => `${rel(generatedDir)}/${name}`),
    ...(await writeGeneratedFiles(clientFiles)).map(rel),
  ];
  console.log(changed.length === 0 ? "generate: everything already up to date" : `generate: wrote ${changed.join(", ")}`);
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
