/**
 * The spec-change loop behind `pnpm dev`: watch the spec, and on every save lint,
 * bundle and regenerate in this process, then hand the new bundle to whoever serves it.
 */
import { watch } from "chokidar";
import { join, relative } from "node:path";
import { loadSpec, type SpecModel } from "./openapi-model.ts";
import { renderOutputs } from "./render-outputs.ts";
import { writeGenerated, writeGeneratedFiles } from "./write-generated.ts";

export type DevResult =
  | { ok: true; trigger: string; changed: string[]; ms: number; bundled: SpecModel["bundled"] }
  | { ok: false; trigger: string; error: unknown; ms: number };

export interface SpecWatcherOptions {
  specDir: string;
  outDir: string;
  /**
   * Also rewrite the generated files outside `outDir` (the client's operation layer and query
   * bindings, the README's tables), as `pnpm dev` does for the repository's own spec. Off for
   * a spec elsewhere, whose outputs must not land in the repository.
   */
  writeOutside?: boolean;
  /** The Redocly configuration to lint with; the repository's redocly.yaml when absent. */
  configPath?: string;
  /** Called after each regeneration attempt, successful or not. */
  onResult: (result: DevResult) => void | Promise<void>;
}

export interface SpecWatcher {
  /** Regenerates now, as if a file had been saved. */
  run(trigger: string): Promise<void>;
  /** Resolves once the watcher sees changes. */
  ready: Promise<void>;
  close(): Promise<void>;
}

// Editors save in several steps (truncate, write, rename); wait for them to settle.
const SETTLE_MS = 15;

export function watchSpec({ specDir, outDir, writeOutside = false, configPath, onResult }: SpecWatcherOptions): SpecWatcher {
  const entry = join(specDir, "openapi.yaml");
  let running: Promise<void> | undefined;
  let pending: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function regenerate(trigger: string) {
    const started = performance.now();
    let result: DevResult;
    try {
      const model = await loadSpec(entry, configPath);
      const { generated, files } = await renderOutputs(model);
      const changed = await writeGenerated(generated, outDir);
      if (writeOutside) changed.push(...(await writeGeneratedFiles(files)).map((path) => relative(process.cwd(), path)));
      result = { ok: true, trigger, changed, ms: performance.now() - started, bundled: model.bundled };
    } catch (error) {
      result = { ok: false, trigger, error, ms: performance.now() - started };
    }
    await onResult(result);
  }

  // One run at a time; saves during a run collapse into one more run after it.
  function run(trigger: string): Promise<void> {
    if (running) {
      pending = trigger;
      return running;
    }
    running = regenerate(trigger).finally(() => {
      running = undefined;
      if (pending !== undefined) {
        const next = pending;
        pending = undefined;
        void run(next);
      }
    });
    return running;
  }

  // chokidar, not fs.watch: Node's recursive watch on Linux loses a file that an editor
  // saves by writing a temporary file and renaming it over the original.
  const watcher = watch(specDir, { ignoreInitial: true, atomic: true });
  watcher.on("all", (_event, path) => {
    if (!/\.ya?ml$/.test(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(relative(process.cwd(), path)), SETTLE_MS);
  });
  return {
    run,
    ready: new Promise<void>((resolve) => watcher.once("ready", () => resolve())),
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
