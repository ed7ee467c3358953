/**
 * `pnpm bench:spec`: how fast a spec change reaches the types.
 * - save → types: the `pnpm dev` loop watching a copy of spec/, median of 20 edits (target ≤ 300 ms);
 * - `pnpm generate` from cold: a fresh Node process, median of 3 runs (target ≤ 3 s).
 */
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { watchSpec } from "../pipeline/watch-spec.ts";
import { root } from "../pipeline/paths.ts";

const EDITS = 20;
const COLD_RUNS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const verdict = (value: number, target: number) => (value <= target ? "met" : "MISSED");

async function saveToTypes(): Promise<number[]> {
  const work = await mkdtemp(join(tmpdir(), "bench-spec-"));
  const specDir = join(work, "spec");
  const outDir = join(work, "generated");
  await cp(join(root, "spec"), specDir, { recursive: true });
  const file = join(specDir, "components/schemas/InvoiceEmailResend.yaml");
  const original = await readFile(file, "utf8");
  const typesFile = join(outDir, "openapi.d.ts");
  const watcher = watchSpec({ specDir, outDir, onResult: () => {} });
  await watcher.run("start");
  await watcher.ready;
  const samples: number[] = [];
  try {
    for (let i = 0; i < EDITS; i++) {
      const marker = `Bench edit ${i}.`;
      const started = performance.now();
      await writeFile(file, original.replace("When the email was queued.", marker));
      while (!(await readFile(typesFile, "utf8").catch(() => "")).includes(marker)) {
        if (performance.now() - started > 10_000) throw new Error(`edit ${i} never reached ${typesFile}`);
        await sleep(1);
      }
      samples.push(performance.now() - started);
      await sleep(50); // let the watcher go idle, as between a person's saves
    }
  } finally {
    await watcher.close();
    await rm(work, { recursive: true, force: true });
  }
  return samples;
}

function coldGenerate(): number[] {
  const samples: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [join(root, "scripts/generate.ts")], { cwd: root, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pnpm generate failed:\n${result.stderr}`);
    samples.push(performance.now() - started);
  }
  return samples;
}

const edits = await saveToTypes();
const cold = coldGenerate();
const editMedian = median(edits);
const coldMedian = median(cold);
console.log(`bench:spec on Node ${process.version}, ${(await import("node:os")).cpus().length} cores`);
console.log(
  `save → types on disk   median ${editMedian.toFixed(0)} ms  (min ${Math.min(...edits).toFixed(0)}, max ${Math.max(...edits).toFixed(0)}, n=${EDITS})  target ≤ 300 ms: ${verdict(editMedian, 300)}`,
);
console.log(
  `pnpm generate (cold)   median ${(coldMedian / 1000).toFixed(2)} s  (runs ${cold.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s)  target ≤ 3 s: ${verdict(coldMedian, 3000)}`,
);
