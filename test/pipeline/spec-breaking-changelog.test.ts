/** The spec:breaking changelog: one entry per change with every place it is used, description edits included, grouped by operation in a stable order, in every format. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { operationModel } from "@hostup/billing-openapi";
import { entriesOf, groupsOf, type Located } from "../../pipeline/breaking/entries.ts";
import { diffSpecs } from "../../pipeline/breaking/index.ts";
import { SourceMap } from "../../pipeline/breaking/source-map.ts";
import { dereference, HTTP_METHODS, type Response } from "../../pipeline/openapi-model.ts";
import { specDir } from "../../pipeline/paths.ts";
import { runScript } from "../support/process.ts";
import { spec } from "../support/spec.ts";

type Json = Record<string, any>;
const ours = () => structuredClone(spec) as Json;
const operations = Object.values(operationModel.operations);
const label = (op: { method: string; path: string }) => `${op.method} ${op.path}`;

/** Operations by path, then by method in HTTP_METHODS order: the order the changelog promises. */
function inOrder(ops: typeof operations): string[] {
  const methodRank = (m: string) => HTTP_METHODS.indexOf(m.toLowerCase() as (typeof HTTP_METHODS)[number]);
  return [...ops].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : methodRank(a.method) - methodRank(b.method))).map(label);
}

/** Every error status of an operation whose answer is a Problem document, as the spec writes them. */
const problemStatuses = (op: (typeof operations)[number]) =>
  op.responses.filter((r) => /^[45]/.test(r.status) && r.contents.some((c) => c.kind === "problem")).map((r) => r.status);
/** The operations a Problem edit reaches, in changelog order. */
const problemOperations = () => inOrder(operations.filter((op) => problemStatuses(op).length > 0));

/** The operations whose bundled definition reaches the component `ref` through any chain of `$ref`s. */
function operationsUsing(ref: string): string[] {
  const reaches = (node: unknown, seen: Set<string>): boolean => {
    if (Array.isArray(node)) return node.some((n) => reaches(n, seen));
    if (!node || typeof node !== "object") return false;
    const target = (node as Json).$ref;
    if (typeof target === "string") {
      if (target === ref) return true;
      if (seen.has(target)) return false;
      seen.add(target);
      const resolvedTarget = target
        .slice(2)
        .split("/")
        .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
      return reaches(resolvedTarget, seen);
    }
    return Object.values(node).some((n) => reaches(n, seen));
  };
  return inOrder(
    operations.filter((op) => {
      const item = (spec as Json).paths[op.path] as Json;
      return reaches([item.parameters ?? [], item[op.method.toLowerCase()]], new Set());
    }),
  );
}

/** The error responses (status × operation) that carry the Problem schema, counted from the spec. */
async function problemUses(): Promise<number> {
  const resolved = await dereference(ours());
  let uses = 0;
  for (const item of Object.values(resolved.paths ?? {}) as Json[])
    for (const operation of Object.values(item) as Json[])
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Response>))
        if (/^[45]/.test(status) && Object.keys(response.content ?? {}).some((type) => type.includes("problem"))) uses++;
  return uses;
}

/** The changes from `base` to spec/'s bundle, located in spec/ as the CLI does. */
async function located(base: Json): Promise<Located[]> {
  const sources = new SourceMap(spec, specDir);
  return diffSpecs(await dereference(base), await dereference(ours())).map((change) => ({
    ...change,
    source: sources.locate(change.pointer),
  }));
}

/** A base whose Problem schema was worded differently: one edit that every error response of every operation shows. */
function reworded(): Json {
  const older = ours();
  older.components.schemas.Problem.description = "Older wording of the Problem schema.";
  return older;
}

describe("one entry per change", () => {
  test("a component edit used by every error response is one entry listing each place", async () => {
    const changes = await located(reworded());
    const uses = await problemUses();
    expect(uses).toBeGreaterThan(10);
    expect(changes).toHaveLength(uses);
    const entries = entriesOf(changes);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ rule: "description-changed", source: { file: "spec/components/schemas/Problem.yaml" } });
    expect(entries[0]!.places).toHaveLength(uses);
    expect(entries[0]!.operations).toEqual(problemOperations());
    // statuses of one operation are folded: "POST /x response 400, 401, …; GET /y response 401, …"
    const byLabel = new Map(operations.map((op) => [label(op), op]));
    expect(entries[0]!.where).toBe(
      problemOperations()
        .map((op) => `${op} response ${problemStatuses(byLabel.get(op)!).join(", ")}`)
        .join("; "),
    );
  });

  test("two different edits at two places stay two entries", async () => {
    const older = reworded();
    older.components.schemas.InvoiceEmailResend.description = "Older wording of the resend answer.";
    const entries = entriesOf(await located(older));
    expect(entries.map((e) => e.source.file).sort()).toEqual([
      "spec/components/schemas/InvoiceEmailResend.yaml",
      "spec/components/schemas/Problem.yaml",
    ]);
  });
});

describe("description edits of parameters and security schemes", () => {
  test("are changelog entries, each under its own group", async () => {
    const older = ours();
    older.components.parameters.InvoiceId.description = "Older wording of the invoice id.";
    older.components.securitySchemes.BearerAuth.description = "Older wording of the bearer scheme.";
    const groups = groupsOf(entriesOf(await located(older)));
    expect(groups.map((g) => [g.operations, g.entries.map((e) => [e.kind, e.rule, e.message])])).toEqual([
      [
        operationsUsing("#/components/parameters/InvoiceId"),
        [["changelog", "description-changed", `path parameter "id"'s description changed`]],
      ],
      [["security scheme BearerAuth"], [["changelog", "description-changed", "description changed"]]],
    ]);
    // each points at the description line a contributor edits
    for (const [group, file] of [
      [groups[0]!, "spec/components/parameters/InvoiceId.yaml"],
      [groups[1]!, "spec/components/securitySchemes/BearerAuth.yaml"],
    ] as const) {
      const line = (await readFile(join(specDir, "..", file), "utf8")).split("\n").findIndex((l) => l.startsWith("description:")) + 1;
      expect(group.entries[0]!.source).toEqual({ file, line });
    }
  });
});

describe("grouped by operation, in a stable order", () => {
  test("the order does not depend on the order the differ found things in", async () => {
    const older = reworded();
    older.info.description = "Older API wording.";
    older.components.securitySchemes.SessionCookie.description = "Older cookie wording.";
    delete older.components.schemas.InvoiceCcRecipient.properties.description;
    older.components.schemas.InvoiceCcRecipient.required = ["id", "email"];
    const changes = await located(older);
    const forwards = entriesOf(changes);
    const backwards = entriesOf([...changes].reverse());
    expect(backwards).toEqual(forwards);
    const labels = groupsOf(forwards).map((g) => g.operations.join(", "));
    // operations by path then method, a shared edit after its first operation, then schemes, then the rest
    // Two operation groups compare as lists, operation by operation.
    const order = inOrder(operations);
    const byOrder = (a: string[], b: string[]): number => {
      const i = a.findIndex((l, k) => l !== b[k]);
      return i < 0 ? a.length - b.length : i >= b.length ? 1 : order.indexOf(a[i]!) - order.indexOf(b[i]!);
    };
    const operationGroups = [problemOperations(), operationsUsing("#/components/schemas/InvoiceCcRecipient")].sort(byOrder);
    expect(operationGroups[1]).not.toEqual([]);
    expect(labels).toEqual([...operationGroups.map((ops) => ops.join(", ")), "security scheme SessionCookie", "info"]);
  });
});

describe("pnpm spec:breaking: the changelog in each format", () => {
  const dir = mkdtemp(join(tmpdir(), "spec-breaking-changelog-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));
  const breaking = (...args: string[]) => runScript("scripts/spec-breaking.ts", args);
  async function file(doc: Json): Promise<string> {
    const path = join(await dir, "base.json");
    await writeFile(path, JSON.stringify(doc));
    return path;
  }

  test("text, markdown and json list the component edit once, under a heading of the operations it touches", async () => {
    const base = await file(reworded());
    const uses = await problemUses();
    const [text, markdown, json] = await Promise.all([
      breaking("--format", "text", "--base-file", base),
      breaking("--format", "markdown", "--base-file", base),
      breaking("--format", "json", "--base-file", base),
    ]);
    expect(text.stdout.match(/description-changed/g)).toHaveLength(1);
    const heading = problemOperations().join(", ");
    expect(text.stdout).toContain(`\n  ${heading}\n    description-changed `);
    expect(text.stdout).toMatch(new RegExp(`\n {4}description-changed +${problemOperations()[0]!.replace(/[{}]/g, "\\$&")} response `));
    expect(markdown.stdout.match(/Problem\.yaml/g)).toHaveLength(1);
    expect(markdown.stdout).toContain(`### Changelog\n\n#### ${heading}\n`);
    const report = JSON.parse(json.stdout);
    expect(report.changelog).toHaveLength(1);
    expect(report.changelog[0].places).toHaveLength(uses);
    expect(report.groups).toEqual([
      { operations: report.changelog[0].operations, breaking: [], accepted: [], changelog: report.changelog },
    ]);
  });
});
