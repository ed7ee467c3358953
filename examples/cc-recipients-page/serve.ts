/**
 * `pnpm start`: serves the page on http://127.0.0.1:5173 (PORT to change it). Open it with
 * `?msw` for no server at all, or `?api=http://127.0.0.1:4010` next to `pnpm mock` or
 * `pnpm mock:stateful` (see src/config.ts for every parameter).
 */
import { createServer } from "node:http";
import { buildPage } from "./build.ts";

const files = await buildPage();
const port = Number(process.env.PORT ?? 5173);
createServer((request, response) => {
  const file = files[new URL(request.url ?? "/", "http://localhost").pathname];
  response.writeHead(file ? 200 : 404, { "Content-Type": file?.[0] ?? "text/plain" }).end(file?.[1] ?? "not found");
}).listen(port, "127.0.0.1", () => console.log(`settings page on http://127.0.0.1:${port}/?msw`));
