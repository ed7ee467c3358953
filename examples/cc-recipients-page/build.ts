/**
 * Bundles the page with esbuild, as a frontend build would: `main.js` and a chunk per dynamic
 * import (the MSW mock loads only with `?msw`), the HTML, and MSW's service worker, which
 * must come from the page's own origin. Returns the files by URL path, in memory.
 *
 * With `?msw` the page's head starts what the worker needs at once, as a bundler's modulepreload
 * injection does: the worker's registration and the mock's chunks, so they load while main.js does.
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
  const chunks = Object.fromEntries(result.outputFiles.map((file) => [`/${basename(file.path)}`, file.text]));
  const html = (await readFile(join(here, "index.html"), "utf8")).replace("</head>", `${mswHead(chunks)}\n  </head>`);
  const files: PageFiles = {
    "/": ["text/html; charset=utf-8", html],
    "/mockServiceWorker.js": [
      "text/javascript",
      await readFile(join(dirname(createRequire(import.meta.url).resolve("msw/package.json")), "lib/mockServiceWorker.js"), "utf8"),
    ],
  };
  for (const file of result.outputFiles) files[`/${basename(file.path)}`] = ["text/javascript", file.text];
  return files;
}

/** The mock's chunk and the chunks it imports, by URL path. */
function mockChunks(chunks: Record<string, string>): string[] {
  const entry = Object.keys(chunks).find((path) => /^\/mock-worker-[\w-]+\.js$/.test(path));
  const needed = new Set<string>();
  const visit = (path: string) => {
    if (needed.has(path) || chunks[path] === undefined) return;
    needed.add(path);
    for (const [, name] of chunks[path].matchAll(/from\s*"\.\/([\w-]+\.js)"/g)) visit(`/${name}`);
  };
  if (entry) visit(entry);
  return [...needed];
}

/** A script for the head that, with `?msw` only, registers the worker and preloads the mock's chunks. */
function mswHead(chunks: Record<string, string>): string {
  const body = [
    `if (new URLSearchParams(location.search).has("msw")) {`,
    `  navigator.serviceWorker?.register("/mockServiceWorker.js").catch(() => {});`,
    `  for (const href of ${JSON.stringify(mockChunks(chunks))}) {`,
    `    const link = document.head.appendChild(document.createElement("link"));`,
    `    link.rel = "modulepreload";`,
    `    link.href = href;`,
    `  }`,
    `}`,
  ];
  return `  <script>\n${body.map((line) => `      ${line}`).join("\n")}\n    </script>`;
}
