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
import { readAddress, startServer, stopOnSignals } from "../pipeline/server-cli.ts";

const time = () => new Date().toTimeString().slice(0, 8);

// The mock starts first, on the committed generated/, so a taken port is reported before any work.
const mock = await startServer("dev", readAddress("dev"), startPrismMock);

async function report(result: DevResult) {
  if (result.ok) {
    // An unchanged generated/ means the mock already serves this spec.
    const changed = result.changed.length > 0;
    if (changed) await mock.reload(result.bundled);
    const what = changed ? `updated ${result.changed.join(", ")}` : "generated/ unchanged";
    console.log(`${time()} ${result.trigger}: ${what} in ${Math.round(result.ms)} ms${changed ? "; mock reloaded" : ""}`);
  } else if (result.error instanceof LintError) {
    printLintProblems(result.error);
    console.log(`${time()} ${result.trigger}: ${result.error.message}; generated/ and the mock keep the last good spec. Watching…`);
  } else {
    console.log(`${time()} ${result.trigger}: failed: ${String(result.error)}. Watching…`);
  }
}

const watcher = watchSpec({ specDir: join(root, "spec"), outDir: generatedDir, writeOutside: true, onResult: report });
stopOnSignals("dev", () => Promise.all([watcher.close(), mock.close()]));
await watcher.run("start");
console.log(`dev: Prism mock at ${mock.url}; watching ${rel(join(root, "spec"))}/ (Ctrl-C to stop)`);
