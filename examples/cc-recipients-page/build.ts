/**
 * Bundles the page with esbuild, as a frontend build would: `main.js` and a chunk per dynamic
 * import (the MSW mock loads only with `?msw`), the HTML, and MSW's service worker, which
 * must come from the page's own origin. Returns the files by URL path, in memory.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

export type PageFiles = Record<string, [contentType: string, body: string]>;

export async function buildPage(): Promise<PageFiles> {
  const result = await build({
    entryPoints: [join(here, "src/main.tsx")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    minify: true,
    define: { "process.env.NODE_ENV": '"production"' },
    outdir: join(here, "dist"),
    write: false,
    logLevel: "error",
  });
  const files: PageFiles = {
    "/": ["text/html; charset=utf-8", await readFile(join(here, "index.html"), "utf8")],
    "/mockServiceWorker.js": [
      "text/javascript",
      await readFile(join(dirname(createRequire(import.meta.url).resolve("msw/package.json")), "lib/mockServiceWorker.js"), "utf8"),
    ],
  };
  for (const file of result.outputFiles) files[`/${basename(file.path)}`] = ["text/javascript", file.text];
  return files;
}
