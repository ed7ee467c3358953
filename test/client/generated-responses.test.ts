/**
 * The answer types the generator renders (responses.gen.ts) for the construct fixture and for
 * small specs of their own: the Problem codes, the field pointers and the success answers of
 * each operation, read back from the rendered source and checked against what the spec says,
 * and the one run-time value, the request-ID header, imported from the rendered module.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { operationModel, type JsonSchema, type ModelOperation } from "../../pipeline/operation-model.ts";
import { methods } from "../../pipeline/render-client.ts";
import { bodyPointers, problemCodes, renderResponses, requestIdHeader, withResponseOverload } from "../../pipeline/render-responses.ts";
import { loadFixture } from "../support/construct-fixture.ts";
import { renderedModules, type RenderedModules } from "../support/rendered-module.ts";

const fixture = (await loadFixture()).resolved;

let modules: RenderedModules;
beforeAll(async () => {
  modules = await renderedModules();
});
afterAll(() => modules?.close());

/** The members of the rendered `export interface <name>`, by key (unquoted), as written. */
function members(source: string, name: string): Record<string, string> {
  const start = source.indexOf(`export interface ${name} {\n`);
  const body = source.slice(source.indexOf("\n", start) + 1, source.indexOf("\n}\n", start));
  return Object.fromEntries(
    body.split("\n").map((line) => {
      const [, key, type] = /^ {2}("(?:[^"\\]|\\.)*"|[\w$]+): (.*);$/.exec(line)!;
      return [key!.startsWith('"') ? (JSON.parse(key!) as string) : key!, type!];
    }),
  );
}
/** The quoted members of a union type, parsed: `"a" | "b"` → ["a", "b"]. */
const literals = (type: string) => type.split(" | ").map((member) => JSON.parse(member) as string);

/** A pointer type rendered as a template literal, with `${number}` given the value 0. */
const instance = (type: string) => new Function("number", `return ${type};`)(0) as string;

/** The fixture's operation `operationId` in the spec, as written. */
function specOperation(operationId: string) {
  for (const item of Object.values(fixture.paths ?? {}))
    for (const op of Object.values(item as Record<string, { operationId?: string; responses?: Record<string, any> }>))
      if (op?.operationId === operationId) return op;
  throw new Error(`no operation ${operationId}`);
}

/** A bare operation of the model, with only what the renderers read set. */
function operation(overrides: Partial<ModelOperation>): ModelOperation {
  return { operationId: "op", responses: [], body: null, ...overrides } as ModelOperation;
}
const answer = (status: string, examples: unknown[], headers: { name: string; required: boolean }[] = []) => ({
  status,
  kind: "problem",
  headers,
  contents: [
    { mediaType: "application/problem+json", kind: "problem", examples: Object.fromEntries(examples.map((e, i) => [`e${i}`, e])) },
  ],
});

describe("ProblemCodes", () => {
  test("lists for each fixture operation the codes of its error answers' examples, or `string` where it documents none", () => {
    const rendered = members(renderResponses(fixture as never), "ProblemCodes");
    for (const { operationId } of methods(fixture as never)) {
      const codes = Object.entries(specOperation(operationId).responses ?? {})
        .filter(([status]) => !status.startsWith("2"))
        .flatMap(([, response]) => Object.values(response.content ?? {}))
        .flatMap((media: any) => Object.values(media.examples ?? {}).map((example: any) => example.value?.code));
      const expected = [...new Set(codes.filter((code) => typeof code === "string"))];
      if (expected.length === 0) expect(rendered[operationId], operationId).toBe("string");
      else expect(new Set(literals(rendered[operationId]!)), operationId).toEqual(new Set(expected));
    }
    expect(Object.keys(rendered)).toEqual(methods(fixture as never).map((m) => m.operationId));
  });

  test("reads 4xx, 5xx and default answers in the spec's order, each code once, and skips success examples and non-string codes", () => {
    const op = operation({
      responses: [
        answer("200", [{ code: "ok_code" }]),
        answer("204", [{ code: "no_content_code" }]),
        answer("2XX", [{ code: "range_code" }]),
        answer("404", [{ code: "not_found" }, { code: 404 }, null, "text"]),
        answer("500", [{ code: "internal_error" }, { code: "not_found" }]),
        answer("default", [{ code: "unexpected" }]),
        answer("4XX", [{ code: "client_range" }]),
      ] as never,
    });
    expect(problemCodes(op)).toEqual(["not_found", "internal_error", "unexpected", "client_range"]);
    expect(problemCodes(operation({ responses: [answer("201", [{ code: "created" }])] as never }))).toEqual([]);
  });
});

describe("FieldPointers", () => {
  test("for each fixture operation with a JSON body: the whole body and every property, an array's items by index", () => {
    const rendered = members(renderResponses(fixture as never), "FieldPointers");
    const model = operationModel(fixture as never);
    let json = 0;
    for (const op of Object.values(model.operations)) {
      const content = op.body?.contents[0];
      if (!content || !["json", "problem"].includes(content.kind)) {
        expect(rendered[op.operationId], op.operationId).toBe("string");
        continue;
      }
      json++;
      const pointers = rendered[op.operationId]!.split(" | ").map(instance);
      expect(pointers, op.operationId).toEqual(bodyPointers(content.schema).map((p) => p.replace("${number}", "0")));
    }
    expect(json).toBeGreaterThan(1);
    // The fixture's batch body is an array of items.
    expect(rendered.createItems).toContain("`/${number}/name`");
  });

  test("reads a problem+json request body as JSON too", () => {
    const spec = structuredClone(fixture) as any;
    const update = spec.paths["/items/{id}"].patch.requestBody;
    update.content = { "application/problem+json": Object.values(update.content)[0] };
    const rendered = members(renderResponses(spec), "FieldPointers");
    expect(literals(rendered.updateItem!)).toEqual(bodyPointers(Object.values<any>(update.content)[0].schema));
    expect(literals(rendered.updateItem!)).toContain("/name");
  });

  test("walks nested objects, arrays and every allOf, oneOf and anyOf branch, escaping ~ and / (RFC 6901)", () => {
    const schema = {
      type: "object",
      properties: {
        "a/b": { type: "string" },
        "c~d": { type: "object", properties: { e: { type: "string" } } },
        list: { type: "array", items: { type: "object", properties: { f: {} } } },
        plain: { type: "array", items: true },
      },
      allOf: [{ properties: { g: {} } }],
      oneOf: [{ properties: { h: {} } }, { properties: { g: {} } }],
      anyOf: [{ properties: { i: {} } }],
    } as JsonSchema;
    expect(bodyPointers(schema)).toEqual([
      "",
      "/a~1b",
      "/c~0d",
      "/c~0d/e",
      "/list",
      "/list/${number}",
      "/list/${number}/f",
      "/plain",
      "/g",
      "/h",
      "/i",
    ]);
  });

  test("stops a recursive schema four levels down, and gives nothing for a schema without properties", () => {
    const node: Record<string, unknown> = { type: "object" };
    node.properties = { child: node };
    expect(bodyPointers(node as JsonSchema)).toEqual([
      "",
      "/child",
      "/child/child",
      "/child/child/child",
      "/child/child/child/child",
      "/child/child/child/child/child",
    ]);
    const list: Record<string, unknown> = { type: "array" };
    list.items = list;
    expect(bodyPointers(list as JsonSchema)).toEqual([
      "",
      "/${number}",
      "/${number}/${number}",
      "/${number}/${number}/${number}",
      "/${number}/${number}/${number}/${number}",
      "/${number}/${number}/${number}/${number}/${number}",
    ]);
    expect(bodyPointers({ type: "string" } as JsonSchema)).toEqual([]);
    expect(bodyPointers(undefined)).toEqual([]);
  });

  test("a property name with a backtick or backslash under an array stays one literal pointer", () => {
    const spec = structuredClone(fixture) as any;
    const batch = spec.paths["/items/batch"].post.requestBody.content["application/json"].schema;
    batch.items.properties = { "a`b\\c": { type: "string" }, "${x}": { type: "string" } };
    const pointers = members(renderResponses(spec), "FieldPointers").createItems!.split(" | ").map(instance);
    expect(pointers).toEqual(["", "/0", "/0/a`b\\c", "/0/${x}"]);
  });
});

describe("Answers", () => {
  test("one member per documented success answer: its status, body, required and optional headers", () => {
    const rendered = members(renderResponses(fixture as never), "Answers");
    expect(rendered.listItems).toMatch(/^Answer<200, operations\["listItems"\]\["responses"\]\[200\]/);
    const listHeaders = Object.entries(specOperation("listItems").responses!["200"].headers as Record<string, { required?: boolean }>);
    const union = (names: string[]) => names.map((n) => JSON.stringify(n)).join(" | ") || "never";
    const required = union(listHeaders.filter(([, h]) => h.required).map(([n]) => n));
    const optional = union(listHeaders.filter(([, h]) => !h.required).map(([n]) => n));
    expect(rendered.listItems!.endsWith(`, ${required}, ${optional}>`)).toBe(true);
    expect(required).not.toBe("never");
    expect(optional).not.toBe("never");
    expect(rendered.cancelJob).toBe("Answer<204, undefined, never, never>");
  });

  test("a status range or default answers with any status number", () => {
    const rendered = members(renderResponses(fixture as never), "Answers");
    expect(rendered.refreshCache).toMatch(/^Answer<number, operations\["refreshCache"\]\["responses"\]\["2XX"\]/);
    expect(rendered.getHealth).toMatch(/^Answer<number, operations\["getHealth"\]\["responses"\]\["default"\]/);
  });

  test("several success answers are a union; an operation without one answers anything", () => {
    const spec = structuredClone(fixture) as any;
    const health = spec.paths["/health"].get;
    health.responses = {
      "200": { description: "Up.", headers: { "X-Up": { schema: { type: "string" } } } },
      "202": { description: "Later." },
    };
    const cancel = spec.paths["/jobs/{id}/actions/cancel"].post;
    cancel.responses = { "404": cancel.responses["404"] };
    const rendered = members(renderResponses(spec), "Answers");
    expect(rendered.getHealth).toBe('Answer<200, undefined, never, "X-Up"> | Answer<202, undefined, never, never>');
    expect(rendered.cancelJob).toBe("Answer<number, unknown, never, never>");
  });
});

describe("the operations' keys", () => {
  test("an operationId that is not an identifier is quoted in every interface", () => {
    const spec = structuredClone(fixture) as any;
    spec.paths["/health"].get.operationId = "health-check";
    const source = renderResponses(spec);
    for (const name of ["ProblemCodes", "FieldPointers", "Answers"]) expect(Object.keys(members(source, name))).toContain("health-check");
    expect(source).toContain('  "health-check": ');
    expect(source).toContain("  getPathSimple: ");
  });
});

describe("requestIdHeader", () => {
  const withHeaders = (...names: string[]): ModelOperation[] => [
    operation({ responses: [answer("400", [])] as never }),
    operation({
      responses: [
        answer(
          "200",
          [],
          names.map((name) => ({ name, required: false })),
        ),
      ] as never,
    }),
  ];

  test("is the first response header named for a request ID, lower case", () => {
    expect(requestIdHeader(withHeaders("X-Total", "X-Request-Id", "Request-Id"))).toBe("x-request-id");
    expect(requestIdHeader(withHeaders("Request-Id"))).toBe("request-id");
    expect(requestIdHeader(withHeaders("RequestID"))).toBe("requestid");
  });

  test("is undefined when no header names a request ID exactly", () => {
    expect(
      requestIdHeader(withHeaders("X-Request-Ids", "Correlation-Request-Id", "X-Request", "XRequest-Id", "Request--Id")),
    ).toBeUndefined();
    expect(requestIdHeader([])).toBeUndefined();
  });

  test("is what the rendered module exports: the fixture's header, or undefined for a spec without one", async () => {
    const rendered = await modules.load<{ requestIdHeader: string | undefined }>(renderResponses(fixture as never));
    expect(rendered.requestIdHeader).toBe("x-request-id");
    const spec = structuredClone(fixture) as any;
    delete spec.paths["/items"].get.responses["200"].headers["X-Request-Id"];
    const without = await modules.load<{ requestIdHeader: string | undefined }>(renderResponses(spec));
    expect(without.requestIdHeader).toBeUndefined();
    expect(Object.keys(without)).toContain("requestIdHeader");
  });
});

describe("withResponseOverload", () => {
  const jsdoc = (lines: string[]) => `/** ${lines.join(" ¶ ")} */\n`;
  const [cancel] = methods(fixture as never).filter((m) => m.operationId === "cancelJob");

  test("takes the method's arguments, an optional one as possibly undefined, then the required withResponse options", () => {
    const rendered = withResponseOverload(cancel!, [], jsdoc);
    const params = cancel!.arguments.map((a) => `${a.name}: ${a.type}${a.optional ? " | undefined" : ""}`);
    expect(rendered).toContain(`  cancelJob(${[...params, "options: WithResponseOptions"].join(", ")}): Promise<Answers["cancelJob"]>;\n`);
    expect(cancel!.arguments.some((a) => a.optional)).toBe(true);
    expect(rendered).toContain(" | undefined, ");
  });

  test("carries the method's documentation, then says what withResponse resolves with, with the tags last", () => {
    const rendered = withResponseOverload(cancel!, ["Cancel a job.", "@deprecated Since 2026.", "More."], jsdoc);
    const lines = rendered.slice(4, rendered.indexOf(" */")).split(" ¶ ");
    expect(lines).toEqual([
      "Cancel a job.",
      "More.",
      "With `withResponse: true`, resolves with the answer's status, headers, request ID and rate limit beside its body (`data`).",
      "@deprecated Since 2026.",
    ]);
  });

  test("quotes an operationId that is not an identifier", () => {
    const rendered = withResponseOverload({ ...cancel!, operationId: "cancel-job" }, [], jsdoc);
    expect(rendered).toContain('  "cancel-job"(');
    expect(rendered).toContain('Promise<Answers["cancel-job"]>');
  });
});
