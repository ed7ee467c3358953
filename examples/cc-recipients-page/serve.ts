/**
 * `pnpm start` (or `node serve.ts`): serves the page on http://127.0.0.1:5173, or on the port
 * in PORT (`PORT=5174 pnpm start`), and prints the address. The page calls no API until its
 * URL names one: `?api=http://127.0.0.1:4010` next to `pnpm mock` or `pnpm mock:stateful`,
 * or `?msw` for no server at all (see src/config.ts for every parameter).
 *
 * It rebuilds when a file under src/ or index.html is saved; reload the browser to get it. A
 * build error is printed and the last good build is served meanwhile.
 */
import { watch } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPage, type PageFiles } from "./build.ts";

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_PORT = 5173;

const raw = process.env.PORT ?? String(DEFAULT_PORT);
const port = Number(raw);
if (!/^\d+$/.test(raw) || port > 65535) {
  console.error(`page: PORT=${raw} is not a port number (0-65535); try PORT=${DEFAULT_PORT + 1} pnpm start`);
  process.exit(1);
}

let files: PageFiles = await buildPage();

let timer: ReturnType<typeof setTimeout> | undefined;
function rebuild(): void {
  // Editors write a file in several steps: one build after the last of them.
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const started = performance.now();
    try {
      files = await buildPage();
      console.log(`page: rebuilt in ${Math.round(performance.now() - started)} ms; reload the browser`);
    } catch (error) {
      console.error(`page: build failed, still serving the last good build:\n${(error as Error).message}`);
    }
  }, 50);
}
watch(join(here, "src"), { recursive: true }, rebuild);
watch(join(here, "index.html"), rebuild);

const server = createServer((request, response) => {
  const file = files[new URL(request.url ?? "/", "http://localhost").pathname];
  response
    .writeHead(file ? 200 : 404, { "Content-Type": file?.[0] ?? "text/plain", "Cache-Control": "no-store" })
    .end(file?.[1] ?? "not found");
});
server.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EADDRINUSE") console.error(`page: port ${port} is in use; start on another with PORT=${port + 1} pnpm start`);
  else console.error(`page: cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  const { port: bound } = server.address() as { port: number };
  const url = `http://127.0.0.1:${bound}/`;
  console.log(`page: serving on ${url} (PORT=${bound}; watching src/ and index.html)`);
  console.log(`page:   ${url}?msw                          no server: a mock in the page`);
  console.log(`page:   ${url}?api=http://127.0.0.1:4010    next to pnpm mock:stateful or pnpm mock`);
});
