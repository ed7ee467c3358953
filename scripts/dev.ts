/**
 * `pnpm dev`: serves the Prism mock and watches spec/. Every save is linted, bundled and
 * turned into types in this process, and the mock then serves the new spec. Lint errors
 * are printed with file and line; generated/ keeps the last good version meanwhile.
 */
import { join } from "node:path";
import { watchSpec, type DevResult } from "../pipeline/watch-spec.ts";
import { LintError, printLintProblems } from "../pipeline/openapi-model.ts";
import { generatedDir, rel, root } from "../pipeline/paths.ts";
import { startPrismMock } from "../pipeline/prism-front.ts";

const host = process.env.MOCK_HOST ?? "127.0.0.1";
const port = Number(process.env.MOCK_PORT ?? 4010);
const time = () => new Date().toTimeString().slice(0, 8);

let mock: Awaited<ReturnType<typeof startPrismMock>> | undefined;

async function report(result: DevResult) {
  if (result.ok) {
    let served = "";
    if (mock) {
      await mock.reload(result.bundled);
      served = "; mock reloaded";
    }
    const what = result.changed.length ? `updated ${result.changed.join(", ")}` : "generated/ unchanged";
    console.log(`${time()} ${result.trigger}: ${what} in ${Math.round(result.ms)} ms${served}`);
  } else if (result.error instanceof LintError) {
    printLintProblems(result.error);
    console.log(`${time()} ${result.trigger}: ${result.error.message}; generated/ and the mock keep the last good spec. Watching…`);
  } else {
    console.log(`${time()} ${result.trigger}: failed: ${String(result.error)}. Watching…`);
  }
}

const watcher = watchSpec({ specDir: join(root, "spec"), outDir: generatedDir, onResult: report });
await watcher.run("start");
try {
  mock = await startPrismMock({ host, port });
  console.log(`dev: Prism mock at ${mock.url}; watching ${rel(join(root, "spec"))}/ (Ctrl-C to stop)`);
} catch (error) {
  console.error(`dev: could not start the mock on ${host}:${port} (${String(error)}); set MOCK_PORT. Still watching spec/.`);
}

const stop = () => void Promise.all([watcher.close(), mock?.close()]).then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
