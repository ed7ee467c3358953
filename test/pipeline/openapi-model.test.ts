/**
 * The OpenAPI model every step reads: a spec linted and bundled by Redocly (references kept),
 * the same bundle dereferenced, and the file each path item was written in. Run on the
 * construct fixture and on copies of it in a temporary folder, inside each test: a mutant is
 * switched on after a test file's top level has run.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { dereference, LintError, loadSpec, operationsOf, printLintProblems, type Spec } from "../../pipeline/openapi-model.ts";
import { rel } from "../../pipeline/paths.ts";
import { MAX_BUNDLE_BYTES, SpecInputError } from "../../pipeline/spec-limits.ts";
import { fixtureConfig, fixtureDir, fixtureEntry } from "../support/construct-fixture.ts";

const work = await mkdtemp(join(tmpdir(), "openapi-model-"));
afterAll(() => rm(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A copy of the fixture whose openapi.yaml `edit` rewrites; returns its entry. */
async function fixtureCopy(name: string, edit: (entry: string) => string | Promise<string>): Promise<string> {
  const dir = join(work, name);
  await cp(fixtureDir, dir, { recursive: true });
  const entry = join(dir, "openapi.yaml");
  await writeFile(entry, await edit(await readFile(entry, "utf8")));
  return entry;
}

const hasRef = (node: unknown): boolean =>
  Array.isArray(node)
    ? node.some(hasRef)
    : !!node && typeof node === "object" && Object.entries(node).some(([key, value]) => key === "$ref" || hasRef(value));

describe("loadSpec", () => {
  test("bundles with local references kept, resolves every one, and names the file of each path item", async () => {
    const { bundled, resolved, pathFiles } = await loadSpec(fixtureEntry, fixtureConfig);
    expect(JSON.stringify(bundled)).toContain('"$ref":"#/components/schemas/Point"');
    expect(hasRef(resolved)).toBe(false);
    expect(resolved.paths!["/items"]!.get!.parameters!.find((p) => p.name === "X-Point")!.schema).toMatchObject({
      type: "object",
      required: ["x", "y"],
    });
    expect(Object.keys(pathFiles!)).toEqual(Object.keys(resolved.paths!));
    expect(pathFiles!["/health"]).toBe("test/fixtures/constructs/paths/health.yaml");
    expect(pathFiles!["/path-simple/{id}/{tags}/{point}"]).toBe("test/fixtures/constructs/paths/path-simple_{id}_{tags}_{point}.yaml");
  });

  test("names the entry itself for a path item written in it", async () => {
    const health = await readFile(join(fixtureDir, "paths/health.yaml"), "utf8");
    const inline = health
      .trimEnd()
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n");
    const entry = await fixtureCopy("inline", (text) => text.replace("  /health:\n    $ref: paths/health.yaml", `  /health:\n${inline}`));
    const { pathFiles, resolved } = await loadSpec(entry, fixtureConfig);
    expect(resolved.paths!["/health"]!.get!.operationId).toBe("getHealth");
    expect(pathFiles!["/health"]).toBe(rel(entry));
    expect(pathFiles!["/items"]).toBe(rel(join(entry, "../paths/items.yaml")));
  });

  test("throws LintError for a problem of any severity, with the problems", async () => {
    // An unused component: a warning under Redocly's recommended rules.
    const entry = await fixtureCopy("warning", (text) =>
      text.replace("components:\n", "components:\n  schemas:\n    Unused:\n      type: string\n"),
    );
    const error = await loadSpec(entry, fixtureConfig).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LintError);
    expect((error as LintError).problems.map((p) => [p.ruleId, p.severity])).toEqual([["no-unused-components", "warn"]]);
    expect((error as LintError).message).toBe(`${rel(join(entry, ".."))}/ has 0 error(s) and 1 warning(s)`);
  });

  test("throws the resolver's refusal (a YAML anchor in a component file), not the lint problems it caused", async () => {
    const entry = await fixtureCopy("anchor", (text) => text);
    const schema = join(entry, "../components/schemas/Point.yaml");
    await writeFile(schema, (await readFile(schema, "utf8")).replace("  x:\n    type: integer", "  x: &int\n    type: integer"));
    const error = await loadSpec(entry, fixtureConfig).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecInputError);
    expect((error as SpecInputError).problems.map((p) => p.ruleId)).toEqual(["spec-input/no-yaml-aliases"]);
    expect((error as SpecInputError).problems[0]!.message).toContain("a YAML anchor (&int) is refused in anchor/");
  });

  test("throws the resolver's refusal of the entry itself, which Redocly's lint throws on", async () => {
    const entry = await fixtureCopy("entry-anchor", (text) => text.replace("servers:\n  - url:", "servers:\n  - &server\n    url:"));
    const error = await loadSpec(entry, fixtureConfig).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecInputError);
    expect((error as SpecInputError).problems[0]!.message).toContain("a YAML anchor (&server) is refused in entry-anchor/");
  });
});

describe("dereference", () => {
  const bundle = () => ({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/a": {
        get: {
          operationId: "a",
          parameters: [
            { name: "p", in: "query", schema: { $ref: "#/components/schemas/Shared" } },
            { name: "q", in: "query", schema: { $ref: "#/components/schemas/Shared" } },
          ],
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: { schemas: { Shared: { type: "string", maxLength: 5 } } },
  });

  test("replaces every local reference by its target, each place with its own copy", async () => {
    const resolved = await dereference(bundle());
    expect(hasRef(resolved)).toBe(false);
    const [p, q] = resolved.paths!["/a"]!.get!.parameters!;
    expect(p!.schema).toEqual({ type: "string", maxLength: 5 });
    p!.schema!.maxLength = 1;
    expect(q!.schema).toEqual({ type: "string", maxLength: 5 });
    expect(resolved.components!.schemas!.Shared).toEqual({ type: "string", maxLength: 5 });
  });

  test("throws LintError naming a reference it cannot resolve", async () => {
    const broken = bundle();
    broken.paths["/a"].get.parameters[0]!.schema.$ref = "#/components/schemas/Missing";
    const error = await dereference(broken, "the base").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LintError);
    const [problem] = (error as LintError).problems;
    expect(problem!.message).toBe("Can't resolve $ref");
    expect(problem!.location[0]!.pointer).toBe("#/paths/~1a/get/parameters/0/schema");
    expect(problem!.location[0]!.source.absoluteRef).toBe("openapi.json");
  });

  test("refuses any reference out of the document, naming it as the bundled document", async () => {
    const leaking = bundle();
    leaking.paths["/a"].get.parameters[0]!.schema.$ref = "schemas.yaml#/Shared";
    const error = await dereference(leaking).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LintError);
    expect((error as LintError).problems[0]!.message).toContain('"schemas.yaml" leaves the bundled document');
  });

  test("refuses a document whose references multiply past the resolved limit, naming the document by its label", async () => {
    // L0 uses L1 twice, L1 uses L2 twice, ...: a few lines that resolve to 2^30 strings.
    const schemas: Record<string, unknown> = { L30: { type: "string" } };
    for (let i = 0; i < 30; i++) {
      const next = { $ref: `#/components/schemas/L${i + 1}` };
      schemas[`L${i}`] = { type: "object", properties: { a: next, b: next } };
    }
    const doubling = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, components: { schemas } };
    for (const [label, named] of [
      [undefined, "the bundled document"],
      ["the base", "the base"],
    ] as const) {
      const error = await dereference(doubling, label).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SpecInputError);
      const [problem] = (error as SpecInputError).problems;
      expect(problem!.ruleId).toBe("spec-input/resolved-size");
      expect(problem!.location[0]!.source.absoluteRef).toBe(named);
    }
  });

  test("refuses a document over the bundle limit before resolving it, naming it as the bundled document", async () => {
    const padded = { ...bundle(), "x-pad": "x".repeat(MAX_BUNDLE_BYTES) };
    const error = await dereference(padded, "the base").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecInputError);
    const [problem] = (error as SpecInputError).problems;
    expect(problem!.ruleId).toBe("spec-input/bundle-size");
    expect(problem!.location[0]!.source.absoluteRef).toBe("the bundled document");
  });

  test("leaves the document it is given unchanged", async () => {
    const given = bundle();
    await dereference(given);
    expect(given).toEqual(bundle());
  });
});

describe("operationsOf", () => {
  test("lists every operation in document order, methods in HTTP_METHODS order, with the path item's parameters", () => {
    const spec = {
      paths: {
        "/b": {
          parameters: [
            { name: "shared", in: "query" },
            { name: "over", in: "header", description: "item" },
            { name: "over", in: "query", description: "item" },
            { name: "other", in: "header" },
          ],
          post: { operationId: "bPost", parameters: [{ name: "over", in: "header", description: "own" }] },
          get: { operationId: "bGet" },
        },
        "/a": { summary: "no operations" },
        "/c": { delete: { operationId: "cDelete", parameters: [{ name: "x", in: "path" }] } },
      },
    } as unknown as Spec;
    const entries = operationsOf(spec);
    expect(entries.map(({ path, method, operation }) => [path, method, operation.operationId])).toEqual([
      ["/b", "get", "bGet"],
      ["/b", "post", "bPost"],
      ["/c", "delete", "cDelete"],
    ]);
    expect(entries[0]!.parameters.map((p) => `${p.in} ${p.name} ${p.description ?? ""}`.trim())).toEqual([
      "query shared",
      "header over item",
      "query over item",
      "header other",
    ]);
    expect(entries[1]!.parameters.map((p) => `${p.in} ${p.name} ${p.description ?? ""}`.trim())).toEqual([
      "query shared",
      "query over item",
      "header other",
      "header over own",
    ]);
    expect(entries[2]!.parameters.map((p) => p.name)).toEqual(["x"]);
    expect(operationsOf({} as Spec)).toEqual([]);
  });
});

describe("printLintProblems", () => {
  test("prints each problem under its file, with line, column, severity, rule and message, as `redocly lint` does", async () => {
    const entry = await fixtureCopy("print", (text) =>
      text.replace("components:\n", "components:\n  schemas:\n    Unused:\n      type: string\n"),
    );
    const error = (await loadSpec(entry, fixtureConfig).catch((caught: unknown) => caught)) as LintError;
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    printLintProblems(error);
    vi.restoreAllMocks();
    const text = written.join("").replace(/\x1b\[[0-9;]*m/g, "");
    expect(text).toContain("openapi.yaml:\n");
    expect(text).toMatch(/^ {2}\d+:\d+ +warning +no-unused-components +Component: "Unused" is never used\.$/m);
  });
});
