/**
 * `pnpm test:mutation [-- <stryker options>]`: runs StrykerJS over packages/*\/src,
 * pipeline/breaking/ and the generator's files in pipeline/ (see stryker.config.json), then
 * prints the score of every source file against the 85 % target, the surviving mutants, and
 * the mutants marked equivalent with a reason.
 * Exits 1 when a file is under the target. Not part of `pnpm test`: a full run takes minutes.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { rel, root } from "../pipeline/paths.ts";

const TARGET = 85;
const SUITES = ["packages", "breaking", "generator"] as const;
type Suite = (typeof SUITES)[number];
const GLOB = /[*?[\]{}!]/;

/** The `--mutate` / `-m` patterns given on the command line (comma-separated, as Stryker reads them). */
function mutatePatterns(args: string[]): string[] {
  const patterns: string[] = [];
  args.forEach((arg, index) => {
    const inline = /^--mutate=(.*)$/.exec(arg)?.[1];
    const value = inline ?? (arg === "--mutate" || arg === "-m" ? args[index + 1] : undefined);
    if (value !== undefined) patterns.push(...value.split(",").filter(Boolean));
  });
  return patterns;
}

/** The suites whose tests can reach the files `pattern` names; every suite when its folder is a glob. */
function suitesOfPattern(pattern: string): readonly Suite[] {
  const [top, next] = pattern.split("/");
  if (top === "packages") return ["packages"];
  if (top !== "pipeline" || next === undefined) return SUITES;
  if (next === "breaking") return ["breaking"];
  // `pipeline/**` or `pipeline/*.ts` may name files of both.
  return GLOB.test(next) ? ["breaking", "generator"] : ["generator"];
}

/**
 * The test suites (vitest.mutation.config.ts) that can reach the mutated files: all of them
 * unless the patterns name their folders, which saves the other suites' dry runs. A negated
 * pattern only takes files away, so it adds no suite.
 */
function suitesFor(patterns: string[]): Suite[] {
  const positive = patterns.filter((pattern) => !pattern.startsWith("!"));
  if (positive.length === 0) return [...SUITES];
  const named = new Set(positive.flatMap(suitesOfPattern));
  return SUITES.filter((suite) => named.has(suite));
}

/**
 * `--ignoreStatic false` as the README spells it: Stryker's CLI only has `--ignoreStatic`
 * (on), and would read "false" as a config file, so it becomes stryker.static.config.mjs.
 */
function withStatic(args: string[]): string[] {
  const at = args.findIndex((arg, index) => (arg === "--ignoreStatic" && args[index + 1] === "false") || arg === "--ignoreStatic=false");
  if (at < 0) return args;
  const rest = args.filter((_, index) => index !== at && !(args[at] === "--ignoreStatic" && index === at + 1));
  return ["stryker.static.config.mjs", ...rest];
}
const report = join(root, "reports/mutation/mutation.json");

interface Mutant {
  status: "Killed" | "Survived" | "NoCoverage" | "Timeout" | "Ignored" | "CompileError" | "RuntimeError" | "Pending";
  mutatorName: string;
  replacement?: string;
  statusReason?: string;
  location: { start: { line: number; column: number } };
}

// `pnpm test:mutation -- --mutate x` hands the script a literal `--`, after which Stryker's CLI
// would read every option as a file name.
const given = process.argv.slice(2);
const args = withStatic(given[0] === "--" ? given.slice(1) : given);
const suites = suitesFor(mutatePatterns(args));
console.log(`test:mutation: tests of ${suites.join(" and ")} (vitest.mutation.config.ts)`);
const run = spawnSync("stryker", ["run", ...args], {
  cwd: root,
  stdio: "inherit",
  shell: false,
  env: { ...process.env, MUTATION_TESTS: suites.join(",") },
});
if (run.status !== 0) {
  console.error(`test:mutation: stryker exited with ${run.status ?? run.signal}; see its output above.`);
  process.exit(2);
}

const { files } = JSON.parse(await readFile(report, "utf8")) as { files: Record<string, { mutants: Mutant[] }> };
let below = 0;
let equivalent = 0;
let staticSkipped = 0;
const rows: string[] = [];
const survivors: string[] = [];
for (const [file, { mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  const count = (...statuses: Mutant["status"][]) => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count("Killed", "Timeout");
  const undetected = count("Survived", "NoCoverage");
  // Ignored: marked equivalent with a disable comment, or left out by --ignoreStatic (said apart).
  const staticOnes = mutants.filter((m) => m.status === "Ignored" && /^Static mutant/.test(m.statusReason ?? "")).length;
  const ignored = count("Ignored") - staticOnes;
  equivalent += ignored;
  staticSkipped += staticOnes;
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  if (score < TARGET) below++;
  rows.push(
    `${score.toFixed(1).padStart(6)} %  ${score >= TARGET ? "met " : "MISS"}  ${String(detected).padStart(4)} killed  ${String(undetected).padStart(3)} survived  ${String(ignored).padStart(3)} equivalent  ${file}`,
  );
  for (const m of mutants.filter((m) => m.status === "Survived" || m.status === "NoCoverage")) {
    survivors.push(
      `  ${file}:${m.location.start.line}:${m.location.start.column}  ${m.mutatorName}${m.replacement ? ` → ${m.replacement.split("\n")[0]}` : ""}${m.status === "NoCoverage" ? "  (no test reaches it)" : ""}`,
    );
  }
}
console.log(`\ntest:mutation: score per file (target ≥ ${TARGET} %), from ${rel(report)}`);
for (const row of rows) console.log(row);
console.log(`\nsurviving mutants: ${survivors.length}`);
for (const line of survivors) console.log(line);
console.log(`mutants marked equivalent (// Stryker disable … with a reason): ${equivalent}`);
if (staticSkipped > 0) console.log(`static mutants not run (--ignoreStatic), so not in the scores: ${staticSkipped}`);
if (below > 0) {
  console.error(
    `test:mutation: ${below} file(s) under ${TARGET} %. Add tests that kill the survivors above, then run \`pnpm test:mutation\` again.`,
  );
  process.exitCode = 1;
}
