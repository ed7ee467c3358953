/**
 * `hostup/client-supported`: a construct the generated client cannot carry to the wire is
 * refused by lint, at its line, naming it, instead of being dropped from a method in silence.
 * Checked on a construct fixture written here (one operation per construct), on the spec, and
 * through `pnpm generate` on a copy of spec/ that gains a header parameter.
 */
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { getLineColLocation, lintFromString, loadConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { stringify } from "yaml";
import { redoclyConfig, root } from "../../pipeline/paths.ts";
import { bodySchemaProblem, parameterProblem } from "../../pipeline/redocly/client-supported.ts";
import { run } from "../support/process.ts";

const config = await loadConfig({ configPath: redoclyConfig });

type Json = Record<string, unknown>;
const ok = { "200": { description: "OK.", content: { "application/json": { schema: { type: "object" } } } } };

/** A document with one GET per entry of `operations` (path `/c/<name>`), each with what the entry adds. */
function fixture(operations: Record<string, Json>, extra: Json = {}): string {
  const paths = Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [
      `/c/${name}`,
      { get: { operationId: name, summary: name, description: name, tags: ["c"], responses: ok, ...operation } },
    ]),
  );
  return stringify({
    openapi: "3.1.0",
    info: { title: "constructs", version: "1.0.0", description: "d", license: { name: "MIT", url: "https://example.com" } },
    servers: [{ url: "https://example.com" }],
    tags: [{ name: "c", description: "c" }],
    security: [],
    paths,
    ...extra,
  });
}

async function problems(source: string): Promise<{ message: string; line: number }[]> {
  const found: NormalizedProblem[] = await lintFromString({ source, absoluteRef: "/virtual/openapi.yaml", config });
  return found
    .filter((p) => p.ruleId === "hostup/client-supported")
    .map((p) => ({ message: p.message, line: getLineColLocation(p.location[0]!).start.line }));
}

const query = (name: string, schema: Json, more: Json = {}) => ({ parameters: [{ name, in: "query", schema, ...more }] });

describe("hostup/client-supported on a construct fixture", () => {
  const refused: [string, Json, RegExp][] = [
    [
      "a header parameter",
      { parameters: [{ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string" } }] },
      /`Idempotency-Key` is a header parameter/,
    ],
    ["a cookie parameter", { parameters: [{ name: "theme", in: "cookie", schema: { type: "string" } }] }, /`theme` is a cookie parameter/],
    [
      "an integer path parameter",
      { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }] },
      /of type "integer": the client sends path parameters as strings only/,
    ],
    [
      "a query array without explode",
      query("status", { type: "array", items: { type: "string" } }, { explode: false }),
      /form style without explode/,
    ],
    [
      "a pipeDelimited query array",
      query("status", { type: "array", items: { type: "string" } }, { style: "pipeDelimited" }),
      /pipeDelimited style/,
    ],
    ["a form query object", query("filter", { type: "object", properties: { a: { type: "string" } } }), /object in the form style/],
    ["allowReserved", query("q", { type: "string" }, { allowReserved: true }), /allowReserved/],
    [
      "a parameter by content",
      { parameters: [{ name: "q", in: "query", content: { "application/json": { schema: { type: "object" } } } }] },
      /described by `content`/,
    ],
    [
      "a form body",
      { requestBody: { content: { "application/x-www-form-urlencoded": { schema: { type: "object" } } } } },
      /`application\/x-www-form-urlencoded` is not supported/,
    ],
    [
      "a multipart body",
      { requestBody: { content: { "multipart/form-data": { schema: { type: "object" } } } } },
      /`multipart\/form-data` is not supported/,
    ],
    [
      "an array JSON body",
      { requestBody: { content: { "application/json": { schema: { type: "array", items: { type: "string" } } } } } },
      /not an object with `properties` \(type "array"\)/,
    ],
    [
      "an integer body property",
      { requestBody: { content: { "application/json": { schema: { type: "object", properties: { n: { type: "integer" } } } } } } },
      /property `n` of type "integer"/,
    ],
    [
      "a oneOf body property",
      {
        requestBody: {
          content: {
            "application/json": { schema: { type: "object", properties: { v: { oneOf: [{ type: "string" }, { type: "number" }] } } } },
          },
        },
      },
      /property `v` of type "any"/,
    ],
    [
      "a PDF answer",
      { responses: { "200": { description: "PDF.", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } } } },
      /Response 200 media type `application\/pdf`/,
    ],
    [
      "a text answer",
      { responses: { "200": { description: "Text.", content: { "text/plain": { schema: { type: "string" } } } } } },
      /Response 200 media type `text\/plain`/,
    ],
    ["a 2XX range only", { responses: { "2XX": { description: "OK." } } }, /documents no 2xx status \(2XX\)/],
    ["a default answer only", { responses: { default: { description: "Any." } } }, /documents no 2xx status \(default\)/],
  ];
  for (const [what, operation, message] of refused) {
    test(`refuses ${what}, once, at its line`, async () => {
      const found = await problems(fixture({ op: operation }));
      expect(found).toHaveLength(1);
      expect(found[0]!.message).toMatch(message);
      expect(found[0]!.line).toBeGreaterThan(1);
    });
  }

  test("refuses security schemes the client has no credential for, and names them", async () => {
    const schemes = {
      basic: { type: "http", scheme: "basic" },
      key: { type: "apiKey", in: "header", name: "X-API-Key" },
      query: { type: "apiKey", in: "query", name: "key" },
      oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://example.com/token", scopes: {} } } },
      bearer: { type: "http", scheme: "bearer" },
      session: { type: "apiKey", in: "cookie", name: "sid" },
    };
    const security = Object.keys(schemes).map((name) => ({ [name]: [] }));
    const found = await problems(fixture({ op: { security } }, { components: { securitySchemes: schemes } }));
    expect(found.map((p) => p.message.split(" is not supported")[0])).toEqual([
      "Security scheme of type `http` (basic)",
      "Security scheme of type `apiKey` in header",
      "Security scheme of type `apiKey` in query",
      "Security scheme of type `oauth2`",
    ]);
  });

  test("accepts what the client carries: string path parameters, exploded form queries, deepObject, JSON objects, empty 2xx", async () => {
    const found = await problems(
      fixture({
        path: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] },
        queries: {
          parameters: [
            { name: "a", in: "query", schema: { type: "array", items: { type: "string" } } },
            { name: "n", in: "query", schema: { type: "integer" } },
            { name: "f", in: "query", style: "deepObject", schema: { type: "object", properties: { x: { type: "string" } } } },
          ],
        },
        body: {
          requestBody: {
            content: {
              "application/vnd.example+json": { schema: { type: "object", properties: { s: { type: "string" }, b: { type: "boolean" } } } },
            },
          },
          responses: { "204": { description: "Done." }, default: { description: "Error." } },
        },
      }).replace("/c/path:", "/c/path/{id}:"),
    );
    expect(found).toEqual([]);
  });

  test("does not apply to a document that says no client is generated from it", async () => {
    const source = fixture({ op: { parameters: [{ name: "h", in: "header", schema: { type: "string" } }] } });
    expect(await problems(source)).toHaveLength(1);
    expect(await problems(`x-generated-client: false\n${source}`)).toEqual([]);
  });

  test("the verdicts alone: a parameter and a body schema", () => {
    expect(parameterProblem({ in: "path" }, { type: "string" })).toBeUndefined();
    expect(parameterProblem({ in: "query", style: "form", explode: true }, { type: "array" })).toBeUndefined();
    expect(parameterProblem({ in: "query", style: "spaceDelimited" }, { type: "array" })).toMatch(/spaceDelimited/);
    expect(bodySchemaProblem({ type: "object", properties: { a: {} } }, () => ({ type: "number" }))).toBeUndefined();
    expect(bodySchemaProblem(undefined, () => undefined)).toMatch(/no type/);
  });
});

describe("pnpm generate on a spec/ that gains a header parameter", () => {
  let work: string | undefined;
  afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  test("fails naming the file, line and parameter, and writes nothing", async () => {
    work = await mkdtemp(join(tmpdir(), "client-supported-"));
    // The pipeline, spec/ and generated/ copied; node_modules shared.
    for (const part of ["pipeline", "scripts", "spec", "generated", "redocly.yaml", "package.json", "packages/billing-mock/control-api"]) {
      await cp(join(root, part), join(work, part), { recursive: true, filter: (source) => !source.includes("node_modules") });
    }
    await symlink(join(root, "node_modules"), join(work, "node_modules"));
    const pathFile = join(work, "spec/paths/billing_payment-methods_contacts.yaml");
    const text = await readFile(pathFile, "utf8");
    // The list operation gains a header parameter right after its operationId.
    const edited = text.replace(
      /(\n(\s+)operationId: listInvoiceCcRecipients\n)/,
      "$1$2parameters:\n$2  - name: X-Trace\n$2    in: header\n$2    schema:\n$2      type: string\n",
    );
    expect(edited).not.toBe(text);
    await writeFile(pathFile, edited);
    const before = await readFile(join(work, "generated/openapi.json"), "utf8");
    const { code, stderr, stdout } = await run(process.execPath, ["scripts/generate.ts"], { cwd: work });
    expect(code).toBe(1);
    const output = stdout + stderr;
    expect(output).toMatch(/billing_payment-methods_contacts\.yaml/);
    expect(output).toMatch(/hostup\/client-supported/);
    expect(output).toMatch(/Parameter `X-Trace` is a header parameter/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(await readFile(join(work, "generated/openapi.json"), "utf8")).toBe(before);
  }, 60_000);
});
