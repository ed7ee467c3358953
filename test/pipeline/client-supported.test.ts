/**
 * `hostup/client-supported`: a construct the generated client cannot carry to the wire is
 * refused by lint, at its line, naming it, instead of being dropped from a method in silence.
 * Checked on a construct fixture written here (one operation per construct), on the spec, and
 * through `pnpm generate` on a copy of spec/ that gains a header parameter OpenAPI ignores.
 */
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { getLineColLocation, lintFromString, loadConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { stringify } from "yaml";
import { redoclyConfig, root } from "../../pipeline/paths.ts";
import { parameterProblem } from "../../pipeline/redocly/client-supported.ts";
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

const header = (name: string) => ({ parameters: [{ name, in: "header", schema: { type: "string" } }] });
const object = { type: "object", properties: { a: { type: "string" } } };
const nested = { type: "object", properties: { a: { type: "array", items: { type: "string" } } } };

describe("hostup/client-supported on a construct fixture", () => {
  const refused: [string, Json, RegExp][] = [
    [
      "a parameter by content",
      { parameters: [{ name: "q", in: "query", content: { "application/json": { schema: { type: "object" } } } }] },
      /described by `content`/,
    ],
    [
      "a header style on a query parameter",
      query("q", { type: "string" }, { style: "simple" }),
      /`simple` style, which OpenAPI does not define for query/,
    ],
    [
      "a form style on a path parameter",
      { parameters: [{ name: "id", in: "path", required: true, style: "form", schema: { type: "string" } }] },
      /`form` style, which OpenAPI does not define for path/,
    ],
    [
      "a deepObject array",
      query("q", { type: "array", items: { type: "string" } }, { style: "deepObject" }),
      /deepObject style but is not an exploded object/,
    ],
    [
      "a deepObject without explode",
      query("q", object, { style: "deepObject", explode: false }),
      /deepObject style but is not an exploded object/,
    ],
    ["a pipeDelimited primitive", query("q", { type: "string" }, { style: "pipeDelimited" }), /a primitive in the pipeDelimited style/],
    [
      "an exploded spaceDelimited object",
      query("q", object, { style: "spaceDelimited", explode: true }),
      /an exploded object in the spaceDelimited style/,
    ],
    ["a nested query object", query("q", nested, { style: "deepObject", explode: true }), /nests arrays or objects/],
    ["an array of arrays", query("q", { type: "array", items: { type: "array", items: { type: "string" } } }), /nests arrays or objects/],
    ["an Authorization header parameter", header("Authorization"), /OpenAPI says to ignore/],
    ["a Content-Type header parameter", header("content-type"), /OpenAPI says to ignore/],
    [
      "one name in the query and in a header",
      { parameters: [...query("v", { type: "string" }).parameters, ...header("v").parameters] },
      /parameter name `v` both in query and in header/,
    ],
    [
      "a form body that is an array",
      { requestBody: { content: { "application/x-www-form-urlencoded": { schema: { type: "array", items: { type: "string" } } } } } },
      /`application\/x-www-form-urlencoded` request body is not an object/,
    ],
    [
      "a multipart part with its own headers",
      {
        requestBody: {
          content: {
            "multipart/form-data": { schema: object, encoding: { a: { headers: { "X-Part": { schema: { type: "string" } } } } } },
          },
        },
      },
      /encoding of `a` sets `headers`/,
    ],
    [
      "a form field in another style",
      {
        requestBody: { content: { "application/x-www-form-urlencoded": { schema: object, encoding: { a: { style: "pipeDelimited" } } } } },
      },
      /encoding of `a` sets `style`/,
    ],
    ["no success answer", { responses: { "404": { description: "Missing." } } }, /documents no success answer \(404\)/],
    [
      "callbacks",
      { callbacks: { done: { "{$request.body#/url}": { post: { responses: { "200": { description: "OK." } } } } } } },
      /has `callbacks`/,
    ],
  ];
  for (const [what, operation, message] of refused) {
    test(`refuses ${what}, once, at its line`, async () => {
      const found = await problems(
        fixture({ op: operation }).replace(
          "/c/op:",
          operation.parameters && JSON.stringify(operation).includes('"path"') ? "/c/op/{id}:" : "/c/op:",
        ),
      );
      expect(found.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
      expect(found[0]!.line).toBeGreaterThan(1);
    });
  }

  test("refuses the security schemes the client has no credential for, and names them", async () => {
    const schemes = {
      digest: { type: "http", scheme: "digest" },
      tls: { type: "mutualTLS" },
      basic: { type: "http", scheme: "basic" },
      key: { type: "apiKey", in: "header", name: "X-API-Key" },
      query: { type: "apiKey", in: "query", name: "key" },
      oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://example.com/token", scopes: {} } } },
      oidc: { type: "openIdConnect", openIdConnectUrl: "https://example.com/.well-known/openid-configuration" },
      bearer: { type: "http", scheme: "bearer" },
      session: { type: "apiKey", in: "cookie", name: "sid" },
    };
    const security = Object.keys(schemes).map((name) => ({ [name]: [] }));
    const found = await problems(fixture({ op: { security } }, { components: { securitySchemes: schemes } }));
    expect(found.map((p) => p.message.split(" is not supported")[0])).toEqual([
      "Security scheme of type `http` (digest)",
      "Security scheme of type `mutualTLS`",
    ]);
  });

  test("accepts every style of every location, every body media type, every answer kind, 2XX and default", async () => {
    const array = { type: "array", items: { type: "string" } };
    const found = await problems(
      fixture({
        path: {
          parameters: [
            { name: "a", in: "path", required: true, schema: { type: "integer" } },
            { name: "b", in: "path", required: true, style: "label", explode: true, schema: array },
            { name: "c", in: "path", required: true, style: "matrix", schema: object },
          ],
        },
        queries: {
          parameters: [
            { name: "f", in: "query", explode: false, schema: array },
            { name: "s", in: "query", style: "spaceDelimited", schema: array },
            { name: "p", in: "query", style: "pipeDelimited", schema: object },
            { name: "d", in: "query", style: "deepObject", explode: true, schema: object },
            { name: "o", in: "query", schema: object },
            { name: "r", in: "query", allowReserved: true, schema: { type: "string" } },
            { name: "Idempotency-Key", in: "header", schema: { type: "string" } },
            { name: "theme", in: "cookie", explode: false, schema: array },
          ],
        },
        form: { requestBody: { content: { "application/x-www-form-urlencoded": { schema: object } } } },
        multipart: {
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: { type: "object", properties: { file: { type: "string", format: "binary" } } },
                encoding: { file: { contentType: "image/png" } },
              },
            },
          },
        },
        bytes: { requestBody: { content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } } },
        text: { requestBody: { content: { "text/plain": { schema: { type: "string" } } } } },
        json: {
          requestBody: { content: { "application/json": { schema: { oneOf: [{ type: "integer" }, { type: ["string", "null"] }] } } } },
        },
        pdf: {
          responses: { "200": { description: "PDF.", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } } },
        },
        csv: { responses: { "2XX": { description: "CSV.", content: { "text/csv": { schema: { type: "string" } } } } } },
        any: { responses: { default: { description: "Anything." } } },
        none: { responses: { "204": { description: "Done." } } },
      }).replace("/c/path:", "/c/path/{a}/{b}/{c}:"),
    );
    expect(found).toEqual([]);
  });

  test("does not apply to a document that says no client is generated from it", async () => {
    const source = fixture({ op: header("Authorization") });
    expect(await problems(source)).toHaveLength(1);
    expect(await problems(`x-generated-client: false\n${source}`)).toEqual([]);
  });

  test("the verdict alone on a parameter", () => {
    expect(parameterProblem({ in: "path" }, { type: "string" })).toBeUndefined();
    expect(parameterProblem({ in: "query", style: "spaceDelimited" }, { type: "array" })).toBeUndefined();
    expect(parameterProblem({ in: "query", style: "spaceDelimited" }, { type: "string" })).toMatch(/spaceDelimited/);
    expect(parameterProblem({ in: "cookie", style: "form" }, { type: ["object", "null"], properties: {} })).toBeUndefined();
  });
});

describe("pnpm generate on a spec/ that gains an Authorization header parameter", () => {
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
    // The list operation gains a header parameter OpenAPI ignores right after its operationId.
    const edited = text.replace(
      /(\n(\s+)operationId: listInvoiceCcRecipients\n)/,
      "$1$2parameters:\n$2  - name: Authorization\n$2    in: header\n$2    schema:\n$2      type: string\n",
    );
    expect(edited).not.toBe(text);
    await writeFile(pathFile, edited);
    const before = await readFile(join(work, "generated/openapi.json"), "utf8");
    const { code, stderr, stdout } = await run(process.execPath, ["scripts/generate.ts"], { cwd: work });
    expect(code).toBe(1);
    const output = stdout + stderr;
    expect(output).toMatch(/billing_payment-methods_contacts\.yaml/);
    expect(output).toMatch(/hostup\/client-supported/);
    expect(output).toMatch(/Parameter `Authorization` is a header that OpenAPI says to ignore/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(await readFile(join(work, "generated/openapi.json"), "utf8")).toBe(before);
  }, 60_000);
});
