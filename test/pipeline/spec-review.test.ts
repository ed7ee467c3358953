/**
 * pnpm spec:review: one report per spec change, in markdown and JSON, against a base that
 * differs from spec/ by an operation (the base lacks it), a required response field (the base
 * has one more) and a path parameter (an integer in the base). Each section is checked for
 * what that base must produce, and a base equal to spec/ for producing nothing.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { operationMetadata, operationModel } from "@hostup/billing-openapi";
import { sizeBudgetFor } from "../../pipeline/bundle-size.ts";
import { dereference, loadSpec, type SpecModel } from "../../pipeline/openapi-model.ts";
import { describeBundle, formatReview } from "../../pipeline/review/format.ts";
import { reviewSpecChange, type SpecReview } from "../../pipeline/review/index.ts";
import { loadBase } from "../../pipeline/spec-base.ts";
import { handledOperations, handlersFile, mockCoverage } from "../../pipeline/review/mock-coverage.ts";
import { operationHandlers } from "../../packages/billing-mock/src/operations.ts";
import { runScript, type Finished } from "../support/process.ts";
import { operationIds, resolved, spec } from "../support/spec.ts";
import { checkVersion } from "../../pipeline/breaking/version.ts";

type Json = Record<string, any>;
const review = (...args: string[]) => runScript("scripts/spec-review.ts", args);
const dir = mkdtemp(join(tmpdir(), "spec-review-"));
afterAll(async () => rm(await dir, { recursive: true, force: true }));

async function file(name: string, content: unknown): Promise<string> {
  const path = join(await dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const bundledOperation = (doc: Json, id: string) => {
  const { path, method } = operationMetadata[id as keyof typeof operationMetadata];
  return { item: doc.paths[path], method: method.toLowerCase() };
};
const componentName = (ref: string) => ref.split("/").at(-1)!;

// The spec's own names, read from it: the operation the base lacks, and one whose path
// parameter (a component) and JSON success schema (a component) the base has otherwise.
const added = operationIds.at(-1)!;
const refOf = (node: unknown) => (node as { $ref?: unknown } | undefined)?.$ref;
/** The operation's first path parameter written as a `$ref` to a component, with both names. */
function pathParameterComponent(id: string): { name: string; component: string } | undefined {
  const { item, method } = bundledOperation(spec, id);
  for (const parameter of [...(item[method].parameters ?? []), ...(item.parameters ?? [])]) {
    const ref = refOf(parameter);
    const component = typeof ref === "string" ? (spec as Json).components.parameters[componentName(ref)] : undefined;
    if (component?.in === "path") return { name: component.name, component: componentName(ref as string) };
  }
  return undefined;
}
/** The component schema of the operation's JSON success answer, when it is one with required fields. */
function successSchemaComponent(id: string): string | undefined {
  const success = operationModel.operations[id as keyof typeof operationMetadata].responses.find((r) => r.status.startsWith("2"));
  const json = success?.contents.find((c) => c.kind === "json");
  if (!success || !json) return undefined;
  const { item, method } = bundledOperation(spec, id);
  const ref = refOf(item[method].responses[success.status].content[json.mediaType].schema);
  const name = typeof ref === "string" ? componentName(ref) : undefined;
  return name && Array.isArray((spec as Json).components.schemas[name]?.required) ? name : undefined;
}
const changed = operationIds.find((id) => id !== added && pathParameterComponent(id) && successSchemaComponent(id))!;
const { name: parameterName, component: parameterComponent } = pathParameterComponent(changed)!;
const schemaComponent = successSchemaComponent(changed)!;
// The base's edits show at every operation that shares the components: each user of the path
// parameter gains a pattern (breaking) and a wider type (changelog); each user of the schema loses a field.
const parameterUsers = operationIds.filter((id) => id !== added && pathParameterComponent(id)?.component === parameterComponent).length;
const schemaUsers = operationIds.filter((id) => id !== added && successSchemaComponent(id) === schemaComponent).length;
const breakingCount = parameterUsers + schemaUsers;
const changeCount = 2 * parameterUsers + schemaUsers + 1;
const operationCount = operationIds.length;

function olderBase(): Json {
  const base = structuredClone(spec) as Json;
  const { item, method } = bundledOperation(base, added);
  delete item[method];
  const schema = base.components.schemas[schemaComponent];
  schema.properties.sentTo = { type: "string" };
  schema.required.push("sentTo");
  const parameter = base.components.parameters[parameterComponent];
  parameter.schema = { type: "integer" };
  delete parameter.example;
  delete parameter.examples;
  return base;
}

describe("pnpm spec:review: base and options", () => {
  test("refuses a base ref that starts with '-' before git runs (exit 2)", async () => {
    const target = join(await dir, "written-by-git");
    const result = await review("--", `--output=${target}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`"--output=${target}" is not a commit: a base ref cannot start with "-"`);
    expect(result.stderr).toContain("usage: pnpm spec:review");
    expect(existsSync(target)).toBe(false);
  });

  test("refuses a base ref that names no commit (exit 2)", async () => {
    const result = await review("no-such-branch-anywhere");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"no-such-branch-anywhere" does not name a commit of this repository');
  });

  test("refuses an unknown format and an unknown option (exit 2, with the usage)", async () => {
    const [format, option] = await Promise.all([review("--format", "text", "HEAD"), review("--bogus")]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "text"');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--bogus'");
    expect(option.stderr).toContain("usage: pnpm spec:review");
  });

  test("refuses a base file that is not an OpenAPI document, and a ref with --base-file (exit 2)", async () => {
    const garbage = await file("garbage.json", { openapi: "2.0", info: {} });
    const [notOpenApi, both] = await Promise.all([review("--base-file", garbage), review("--base-file", garbage, "HEAD")]);
    expect(notOpenApi.code).toBe(2);
    expect(notOpenApi.stderr).toMatch(/is not an OpenAPI document: "openapi" is "2.0"/);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give a base ref or --base-file, not both");
  });
});

describe("pnpm spec:review against a base with an operation fewer, a required field more and an integer path parameter", () => {
  let markdown: string;
  let report: Json;
  let cli: Finished;
  beforeAll(async () => {
    const base = await file("older.json", olderBase());
    // The sections are computed once in this process; the command runs beside it, for its exit code and output.
    const inProcess = async () => {
      const review = await reviewSpecChange(await loadBase(base, [], "pnpm spec:review"), await loadSpec());
      return { markdown: formatReview(review, "markdown"), json: formatReview(review, "json") };
    };
    const [sections, command] = await Promise.all([inProcess(), review("--base-file", base)]);
    [markdown, report, cli] = [sections.markdown, JSON.parse(sections.json), command];
  });

  test("prints the report and exits 0 although the guard finds breaking changes", () => {
    expect(cli.code).toBe(0);
    expect(report.breaking.verdict).toBe("breaking");
    expect(cli.stdout).toBe(`${markdown}\n`);
    expect(markdown).toMatch(/^<!-- spec-review -->\n## Spec review against .*older\.json$/m);
    expect(cli.stderr).toMatch(
      new RegExp(`spec:review: spec/ against .*older\\.json in [\\d.]+ s: ${changeCount} spec change\\(s\\) \\(verdict breaking\\)`),
    );
  });

  test("spec changes: the removed required field is breaking, the added operation is in the changelog", () => {
    const rules = report.breaking.changes.map((c: Json) => `${c.kind} ${c.rule}`);
    expect(rules).toContain("breaking response-required-property-removed");
    expect(rules).toContain("changelog operation-added");
    const removal = report.breaking.changes.find((c: Json) => c.rule === "response-required-property-removed");
    expect(removal.message).toContain('"sentTo"');
    expect(removal.source.file).toBe(`spec/components/schemas/${schemaComponent}.yaml`);
    expect(markdown).toMatch(/\| \*\*breaking\*\* \| `response-required-property-removed` \| .* \| response field "sentTo" was removed \|/);
    expect(markdown).toMatch(new RegExp(`\\| changelog \\| \`operation-added\` \\| .*new operation ${added}`));
    expect(markdown).toContain(`${breakingCount} breaking change(s) for clients`);
  });

  test("client API: the added method, the parameter's type, the removed field, each once at its declaration", () => {
    const changes = report.clientApi.changes as Json[];
    const find = (declaration: string, member: string) => changes.filter((c) => c.declaration === declaration && c.member === member);
    expect(find("BillingClient", `.${added}`)).toEqual([
      { change: "added", declaration: "BillingClient", member: `.${added}`, kind: "method", after: "function" },
    ]);
    // Each method has two signatures, its `withResponse` overload first: the parameter changed in both.
    for (const signature of ["#1", "#2"]) {
      expect(find("BillingClient", `.${changed}${signature}(${parameterName})`)).toEqual([
        {
          change: "changed",
          declaration: "BillingClient",
          member: `.${changed}${signature}(${parameterName})`,
          kind: "parameter",
          before: "number",
          after: "string",
        },
      ]);
    }
    const schema = `components["schemas"]["${schemaComponent}"]`;
    expect(find(schema, ".sentTo")).toEqual([
      { change: "removed", declaration: schema, member: ".sentTo", kind: "property", before: "string" },
    ]);
    // What the method resolves with is named, so the field's removal is not repeated under every method.
    expect(changes.filter((c) => c.member.endsWith("sentTo"))).toHaveLength(1);
    // The new method's parameters came with it: one change, not one per parameter.
    expect(
      changes.filter(
        (c) => c.declaration === "BillingClient" && /^[#\d]*\(/.test(c.member.slice(added.length + 1)) && c.member.startsWith(`.${added}`),
      ),
    ).toEqual([]);
    expect(find(`operations["${added}"]`, "")).toMatchObject([{ change: "added" }]);
    expect(report.clientApi.diagnostics.revision).toEqual([]);

    expect(markdown).toContain(`| added | \`BillingClient\` | \`.${added}\` | method |  | \`function\` |`);
    expect(markdown).toContain(
      `| changed | \`BillingClient\` | \`.${changed}#2(${parameterName})\` | parameter | \`number\` | \`string\` |`,
    );
    expect(markdown).toContain(`| removed | \`${schema}\` | \`.sentTo\` | property | \`string\` |  |`);
  });

  test("bundle size: base and revision measured, with the budget for the revision's operation count", () => {
    const { bundle } = report;
    expect(bundle.operations).toEqual({ base: operationCount - 1, revision: operationCount });
    expect(bundle.budget).toBe(sizeBudgetFor(operationCount));
    // An operation more costs bytes, and less than the per-operation budget allows.
    expect(bundle.revision).toBeGreaterThan(bundle.base);
    expect(bundle.revision - bundle.base).toBeLessThan(sizeBudgetFor(operationCount + 1) - sizeBudgetFor(operationCount) + 100);
    const line = describeBundle(bundle);
    expect(line).toMatch(/^\d,\d{3} B → \d,\d{3} B \(\+\d+ B; budget \d,\d{3} B\)$/);
    expect(line).toBe(
      `${bundle.base.toLocaleString("en-US")} B → ${bundle.revision.toLocaleString("en-US")} B (+${bundle.revision - bundle.base} B; budget ${bundle.budget.toLocaleString("en-US")} B)`,
    );
    expect(markdown).toContain(`| Bundle size | ${line} |`);
  });

  test("mock coverage: the added operation is listed with its behaviour, its examples and its scenario statuses", async () => {
    const operations = report.mock.operations as Json[];
    expect(operations.map((o) => o.operationId)).toEqual([added]);
    const coverage = operations[0]!;
    expect(coverage.presence).toBe("added");
    // Stateful behaviour when the mock has a handler for it; an operation new to the mock answers its examples.
    const handled = handledOperations(await readFile(handlersFile, "utf8")).has(added);
    expect(coverage.behaviour).toEqual({ base: null, revision: handled });
    const documented = resolved.paths![operationMetadata[added].path]![bundledOperation(spec, added).method as "get"]!.responses!;
    const statuses = Object.keys(documented);
    expect(coverage.scenarioStatuses).toEqual({ added: statuses, removed: [] });
    const examples = Object.entries(documented).flatMap(([status, response]) =>
      Object.values(response.content ?? {}).flatMap((media) => Object.keys(media.examples ?? {}).map((name) => `${status} ${name}`)),
    );
    expect(coverage.examples).toEqual({ added: examples, removed: [] });
    const cells = [
      `absent → ${handled ? "stateful behaviour" : "examples only"}`,
      examples.map((e) => `\`+${e}\``).join(" "),
      statuses.map((status) => `\`+${status}\``).join(" "),
    ];
    expect(markdown).toContain(`| \`${added}\` | added | ${cells.join(" | ")} |`);
    expect(markdown).toContain("in the working tree (a base file brings no mock source)");
  });
});

describe("pnpm spec:review against HEAD, with HEAD's own bundle as the revision", () => {
  test("reports no change in any section", async () => {
    // The revision is HEAD's committed bundle, not spec/: a working tree whose spec/ grew
    // (not yet committed) must not turn "a base equal to the revision" into a difference.
    const base = await loadBase(undefined, ["HEAD"], "pnpm spec:review");
    const committed = structuredClone(base.doc);
    const revision = { bundled: committed as unknown as SpecModel["bundled"], resolved: await dereference(committed) };
    const review = await reviewSpecChange(base, revision);
    const report = JSON.parse(formatReview(review, "json"));
    expect(report.base).toBe("generated/openapi.json at HEAD");
    expect(report.breaking.changes).toEqual([]);
    expect(report.clientApi).toEqual({ changes: [], diagnostics: { base: [], revision: [] } });
    expect(report.bundle.revision).toBe(report.bundle.base);
    expect(report.mock).toEqual({ operations: [], baseBehaviourFrom: "packages/billing-mock/src/operations.ts at HEAD" });
    const markdown = formatReview(review, "markdown");
    expect(markdown).toContain("| Client API | no change |");
    expect(markdown).toContain("No change to what the mocks answer.");
  });
});

describe("mock coverage: which operations have behaviour", () => {
  test("reads the handlers object's keys from operations.ts: the operations the built object has, each one of the spec", async () => {
    const handled = [...handledOperations(await readFile(handlersFile, "utf8"))].sort();
    // Only the object's keys are read: no handler runs, so it needs no store.
    expect(handled).toEqual(Object.keys(operationHandlers(undefined as never, () => new Date())).sort());
    expect(handled.length).toBeGreaterThan(0);
    for (const id of handled) expect(operationIds).toContain(id);
  });

  test("an operation whose handler was removed lost behaviour, and answers examples", async () => {
    const source = await readFile(handlersFile, "utf8");
    const cut = source.replace(new RegExp(`\\n    ${changed}\\(`), `\n    unrelated${changed}(`);
    expect(cut).not.toBe(source);
    const section = mockCoverage(
      { spec: resolved, handled: handledOperations(source) },
      { spec: resolved, handled: handledOperations(cut) },
      "test",
    );
    expect(section.operations).toEqual([
      {
        operationId: changed,
        presence: "kept",
        behaviour: { base: true, revision: false },
        examples: { added: [], removed: [] },
        scenarioStatuses: { added: [], removed: [] },
      },
    ]);
  });
});

describe("spec:review markdown", () => {
  test("a type with backticks and pipes stays inside its table cell", () => {
    const review: SpecReview = {
      base: "a base",
      breaking: {
        base: "a base",
        versions: { base: "1.0.0", revision: "1.0.0" },
        changes: [],
        stale: [],
        verdict: "none",
        version: checkVersion("1.0.0", "1.0.0", []),
      },
      clientApi: {
        changes: [
          {
            change: "changed",
            declaration: "BillingClient",
            member: ".raw",
            kind: "property",
            before: "Client<paths, `${string}/${string}`>",
            after: "A | B",
          },
        ],
        diagnostics: { base: [], revision: [] },
      },
      bundle: { base: 5104, revision: 5230, budget: 5240, operations: { base: 4, revision: 5 } },
      mock: { operations: [], baseBehaviourFrom: "here" },
    };
    const markdown = formatReview(review, "markdown");
    const row = markdown.split("\n").find((line) => line.startsWith("| changed | `BillingClient`"))!;
    expect(row).toBe("| changed | `BillingClient` | `.raw` | property | `` Client<paths, `${string}/${string}`> `` | `A \\| B` |");
    // Seven unescaped pipes: six cells.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(7);
    expect(markdown).toContain("| Bundle size | 5,104 B → 5,230 B (+126 B; budget 5,240 B) |");
  });
});
