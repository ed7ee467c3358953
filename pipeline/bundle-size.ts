/**
 * The client's size as an application ships it: the package entry bundled by esbuild,
 * minified, every dependency included unless `external`, then gzip -9. The main entry no
 * longer imports openapi-fetch (the client calls fetch itself; the typed openapi-fetch client
 * is the `/raw` subpath), so `subpath: "raw"` measures that one. Shared by `pnpm bench`
 * and `pnpm bench:scale`, which print it, and the size test, which holds the budget.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import type { Spec } from "./openapi-model.ts";
import { renderClientOperations } from "./render-client.ts";
import { renderResponses } from "./render-responses.ts";

/**
 * Budget min+gz for the bundle with every operation of spec/ (four), in bytes; the size test
 * holds it. It was set when the client carried openapi-fetch (about 2,300 B of it).
 */
export const CLIENT_SIZE_BUDGET = 5120;
/** min+gz budget for each operation beyond the spec's, in bytes. */
export const PER_OPERATION_BUDGET = 120;
/** How many operations the two figures above were set for: the spec's four. */
export const BUDGETED_OPERATIONS = 4;

/**
 * The budget for a client of `operations` operations: each one beyond the four
 * CLIENT_SIZE_BUDGET was set for adds PER_OPERATION_BUDGET, so an operation added to spec/
 * moves the limit with it and needs no edit here.
 */
export const sizeBudgetFor = (operations: number): number =>
  CLIENT_SIZE_BUDGET + Math.max(0, operations - BUDGETED_OPERATIONS) * PER_OPERATION_BUDGET;

export interface SizeOptions {
  /** Packages left out of the bundle. */
  external?: string[];
  /** Measure the client generated for this spec instead of the built one. */
  spec?: Spec;
  /** A subpath export (`raw`, `query`) instead of the package's main entry. */
  subpath?: string;
}

export async function clientBundleSize({ external = [], spec, subpath }: SizeOptions = {}): Promise<{ min: number; gz: number }> {
  const entry = fileURLToPath(import.meta.resolve(subpath ? `@hostup/billing-client/${subpath}` : "@hostup/billing-client"));
  // The built package with its operation layer and answer types swapped for the ones `spec` generates.
  const operations: Plugin = {
    name: "operations-for-spec",
    setup(esbuild) {
      // The rendered source imports its siblings by their .ts names; next to dist/ they are .js.
      esbuild.onLoad({ filter: /operations\.gen\.js$/ }, () => ({
        contents: renderClientOperations(spec!).replace(/(from "\.[^"]+)\.ts"/g, '$1.js"'),
        loader: "ts",
      }));
      // The request-ID header, the one run-time value of the answer types, is the spec's too.
      esbuild.onLoad({ filter: /responses\.gen\.js$/ }, () => ({
        contents: renderResponses(spec!).replace(/(from "\.[^"]+)\.ts"/g, '$1.js"'),
        loader: "ts",
      }));
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external,
    plugins: spec ? [operations] : [],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}
