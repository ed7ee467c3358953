/**
 * The client's size as an application ships it: the package entry bundled by esbuild,
 * minified, openapi-fetch included unless `external`, then gzip -9. Shared by `pnpm bench`,
 * which prints it, and the size test, which holds the budget.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** min+gz budget for the bundle with openapi-fetch, in bytes. */
export const CLIENT_SIZE_BUDGET = 5000;

export async function clientBundleSize(external: string[] = []): Promise<{ min: number; gz: number }> {
  const entry = fileURLToPath(import.meta.resolve("@hostup/billing-client"));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}
