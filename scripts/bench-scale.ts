/**
 * `pnpm bench:scale`: how the pipeline grows with the spec. Specs of 10, 100 and 1,000
 * operations (the real ones copied under new paths and operationIds) each go through the
 * pipeline in a temporary directory: lint + bundle, types and generated/, the client's
 * operation layer and query bindings, and the client bundle (min+gz) that results. The
 * largest spec also starts the stateful mock on it (every copied operation answers from its
 * example): the time from spawning the process to the first answer is its cold start.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientBundleSize, PER_OPERATION_BUDGET } from "../pipeline/bundle-size.ts";
import { mockColdStart } from "../pipeline/mock-cold-start.ts";
import { loadSpec, operationsOf } from "../pipeline/openapi-model.ts";
import { root } from "../pipeline/paths.ts";
import { asSpecFiles, withCopies, withOperationsOf } from "../pipeline/synthetic-spec.ts";
import { elsewhere, writeClientElsewhere, writeGeneratedElsewhere } from "../pipeline/write-elsewhere.ts";

const SIZES = [10, 100, 1_000];
const MOCK_COLD_START_TARGET_MS = 2_000;
const GENERATE_TARGET_MS = 10_000;
// Per-operation cost may vary by this much between sizes and still count as linear (timing noise).
const LINEAR_SLACK = 1.25;

// HostUp's operations and the construct fixture's, so the copies mix every construct the pipeline carries.
const hostup = await loadSpec();
const constructs = await loadSpec(join(root, "test/fixtures/constructs/openapi.yaml"), join(root, "test/fixtures/constructs/redocly.yaml"));
const bundled = withOperationsOf(hostup.bundled, constructs.bundled);
const resolved = hostup.resolved;
const realCount = operationsOf(resolved).length;
const real = (await clientBundleSize({ spec: resolved })).gz;

/**
 * The construct fixture's lint configuration, which holds for any spec, less the rule that
 * two specs' Problem examples must agree (HostUp's and the fixture's name other error types).
 */
async function mixedConfig(dir: string): Promise<string> {
  const config = (await readFile(join(root, "test/fixtures/constructs/redocly.yaml"), "utf8"))
    .replace("../../../pipeline/redocly/plugin.ts", join(root, "pipeline/redocly/plugin.ts"))
    .replace("hostup/problem-examples-agree: error", "hostup/problem-examples-agree: off");
  await writeFile(join(dir, "redocly.yaml"), config);
  return join(dir, "redocly.yaml");
}

interface Row {
  operations: number;
  lintBundle: number;
  types: number;
  client: number;
  total: number;
  gz: number;
}
const rows: Row[] = [];
let coldStart: { ms: number; fromExamples: number } | undefined;
console.log(`bench:scale: Node ${process.version}; copies of the spec's operations, each size in a temporary directory\n`);
console.log("operations  lint+bundle  types+generated/  client layer  total      bundle min+gz  per operation");
for (const operations of SIZES) {
  const dir = await mkdtemp(join(tmpdir(), `bench-scale-${operations}-`));
  try {
    const entry = join(dir, "openapi.json");
    await mkdir(join(dir, "paths"));
    for (const [name, content] of asSpecFiles(withCopies(bundled, operations))) await writeFile(join(dir, name), content);
    const t0 = performance.now();
    const model = await loadSpec(entry, await mixedConfig(dir));
    const t1 = performance.now();
    await writeGeneratedElsewhere(model, dir);
    const t2 = performance.now();
    await writeClientElsewhere(model, dir);
    const t3 = performance.now();
    const { gz } = await clientBundleSize({ spec: model.resolved });
    if (operations === SIZES.at(-1)) coldStart = await mockColdStart(elsewhere(dir).generated);
    const row = { operations, lintBundle: t1 - t0, types: t2 - t1, client: t3 - t2, total: t3 - t0, gz };
    rows.push(row);
    const ms = (value: number) => `${Math.round(value).toLocaleString("en-US")} ms`.padEnd(11);
    // Bytes each operation adds over the client for the spec's own operations.
    console.log(
      `${String(operations).padEnd(12)}${ms(row.lintBundle)}  ${ms(row.types).padEnd(16)}  ${ms(row.client).padEnd(12)}  ${ms(row.total)}` +
        `${`${gz.toLocaleString("en-US")} B`.padEnd(15)}${((gz - real) / (operations - realCount)).toFixed(1)} B`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const verdict = (met: boolean) => (met ? "met" : "MISSED");
const first = rows.at(-2)!;
const last = rows.at(-1)!;
const perOp = (row: Row, key: keyof Row) => row[key] / row.operations;
let missed = false;
console.log("");
for (const [key, label] of [
  ["total", "pipeline time"],
  ["client", "client layer time"],
] as const) {
  const ratio = perOp(last, key) / perOp(first, key);
  missed ||= ratio > LINEAR_SLACK;
  console.log(
    `${label}: ${first.operations} -> ${last.operations} operations, per-operation cost x${ratio.toFixed(2)}` +
      `  (target linear or better, <= x${LINEAR_SLACK}: ${verdict(ratio <= LINEAR_SLACK)})`,
  );
}
const perOperationBytes = (last.gz - real) / (last.operations - realCount);
missed ||= last.total > GENERATE_TARGET_MS || perOperationBytes > PER_OPERATION_BUDGET;
console.log(
  `${last.operations} operations generate in ${Math.round(last.total).toLocaleString("en-US")} ms` +
    `  (target <= ${GENERATE_TARGET_MS.toLocaleString("en-US")} ms: ${verdict(last.total <= GENERATE_TARGET_MS)})`,
);
console.log(
  `bundle per operation at ${last.operations}: ${perOperationBytes.toFixed(1)} B` +
    `  (target <= ${PER_OPERATION_BUDGET} B: ${verdict(perOperationBytes <= PER_OPERATION_BUDGET)})`,
);
if (coldStart) {
  missed ||= coldStart.ms > MOCK_COLD_START_TARGET_MS;
  console.log(
    `stateful mock on ${last.operations} operations (${coldStart.fromExamples} answering from examples): first answer ` +
      `${Math.round(coldStart.ms).toLocaleString("en-US")} ms after spawn  (target <= ${MOCK_COLD_START_TARGET_MS.toLocaleString("en-US")} ms: ${verdict(coldStart.ms <= MOCK_COLD_START_TARGET_MS)})`,
  );
}
if (missed) console.log("bench:scale: a target was missed (MISSED above).");
