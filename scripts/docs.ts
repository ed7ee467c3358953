/** `pnpm docs`: writes the offline API reference to dist/docs/index.html from generated/openapi.json. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderReference } from "../pipeline/api-reference.ts";
import { dereference, LintError, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel, root } from "../pipeline/paths.ts";

const out = join(root, "dist/docs/index.html");
const spec = JSON.parse(await readFile(join(generatedDir, "openapi.json"), "utf8"));
try {
  // The page inlines the bundle; a hand-edited one must not point the browser (or us) elsewhere.
  await dereference(spec);
} catch (error) {
  if (error instanceof LintError) printLintProblems(error);
  console.error(`docs: ${rel(join(generatedDir, "openapi.json"))} cannot be rendered. Run \`pnpm generate\` to rebuild it from spec/.`);
  process.exit(1);
}
const { html } = await renderReference(spec);
await mkdir(join(root, "dist/docs"), { recursive: true });
await writeFile(out, html);
console.log(
  `docs: wrote ${rel(out)} (${Math.round(html.length / 1024)} KiB, no network needed); open it in a browser, or run pnpm mock and visit /docs`,
);
