/**
 * `pnpm bench:breaking [corpus-dir]`: measures the breaking-change detector on a labelled
 * corpus of base/revision pairs (default ../shared/breaking-corpus/, converted from
 * oasdiff's checker tests; not part of the repository). Prints the share of breaking pairs
 * caught, the share of non-breaking pairs flagged, and every miss by category.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { breakingChanges } from "../pipeline/breaking/index.ts";
import { dereference, type Spec } from "../pipeline/openapi-model.ts";
import { rel, root } from "../pipeline/paths.ts";

interface Case {
  id: string;
  base: string;
  revision: string;
  expected: string[];
  level: "ERR" | "WARN" | "INFO";
  category: string;
  note?: string;
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { verbose: { type: "boolean", short: "v" } } });
const dir = resolve(positionals[0] ?? join(root, "..", "shared", "breaking-corpus"));
let cases: Case[];
try {
  cases = JSON.parse(await readFile(join(dir, "cases.json"), "utf8")) as Case[];
} catch (error) {
  console.error(
    `bench:breaking: cannot read ${join(dir, "cases.json")} (${(error as Error).message}); pass the corpus folder: pnpm bench:breaking <dir>`,
  );
  process.exit(2);
}

const documents = new Map<string, Promise<Spec>>();
const load = (file: string) => {
  if (!documents.has(file))
    documents.set(
      file,
      readFile(join(dir, file), "utf8").then((text) => dereference(JSON.parse(text))),
    );
  return documents.get(file)!;
};

const started = performance.now();
const results: { c: Case; found: string[] }[] = [];
for (const c of cases) {
  const found = breakingChanges(await load(c.base), await load(c.revision)).map(
    (change) => `${change.rule}: ${change.where}: ${change.message}`,
  );
  results.push({ c, found });
}

const share = (level: Case["level"], flagged: boolean) => {
  const all = results.filter((r) => r.c.level === level);
  const hits = all.filter((r) => r.found.length > 0 === flagged);
  return { all, hits, percent: (100 * hits.length) / all.length };
};
const caught = share("ERR", true);
const falseAlarms = share("INFO", true);
const warned = share("WARN", true);

function byCategory(list: typeof results, title: string, showFound: boolean) {
  if (list.length === 0) return;
  console.log(`\n${title} (${list.length}):`);
  const categories = [...new Set(list.map((r) => r.c.category))].sort();
  for (const category of categories) {
    const inCategory = list.filter((r) => r.c.category === category);
    console.log(`  ${category} (${inCategory.length})`);
    for (const r of inCategory) {
      console.log(`    ${r.c.id}  [oasdiff: ${r.c.expected.join(", ")}]${r.c.note ? `  note: ${r.c.note}` : ""}`);
      if (showFound) for (const line of r.found.slice(0, values.verbose ? 20 : 2)) console.log(`      ours: ${line}`);
    }
  }
}

byCategory(
  caught.all.filter((r) => r.found.length === 0),
  "Breaking pairs missed",
  false,
);
byCategory(falseAlarms.hits, "Non-breaking pairs flagged", true);
console.log(`\nbench:breaking: ${cases.length} pairs from ${rel(dir)} in ${Math.round(performance.now() - started)} ms`);
console.log(`  breaking (ERR) caught:        ${caught.hits.length}/${caught.all.length} = ${caught.percent.toFixed(1)} %  (target ≥ 90 %)`);
console.log(
  `  non-breaking (INFO) flagged:  ${falseAlarms.hits.length}/${falseAlarms.all.length} = ${falseAlarms.percent.toFixed(1)} %  (target ≤ 8 %)`,
);
console.log(
  `  probably breaking (WARN) flagged: ${warned.hits.length}/${warned.all.length} = ${warned.percent.toFixed(1)} %  (not scored)`,
);
