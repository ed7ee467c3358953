/**
 * Loaded with `node --import`: resolves `@hostup/billing-openapi` (and its subpaths) to the
 * generated/ directory named by HOSTUP_GENERATED_DIR instead of the repository's. It lets a
 * benchmark run the built packages against a spec generated into a temporary directory,
 * without copying or rebuilding them.
 */
import { registerHooks } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.HOSTUP_GENERATED_DIR;
if (!dir) throw new Error("generated-elsewhere: set HOSTUP_GENERATED_DIR to a generated/ directory");
// The subpaths the package exports (generated/package.json), mapped to their files.
const files: Record<string, string> = { "": "index.js", "/openapi.json": "openapi.json", "/package.json": "package.json" };

registerHooks({
  resolve(specifier, context, nextResolve) {
    const match = /^@hostup\/billing-openapi(\/.*)?$/.exec(specifier);
    const file = match ? files[match[1] ?? ""] : undefined;
    if (!file) return nextResolve(specifier, context);
    return { url: pathToFileURL(join(dir, file)).href, shortCircuit: true, format: file.endsWith(".json") ? "json" : "module" };
  },
});
