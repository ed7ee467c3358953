/**
 * The operation model over the construct fixture (test/fixtures/constructs/): for every
 * operation, what the model says about its parameters (style, explode, shape, required),
 * its request body, its answers and its security, against a table written from the
 * fixture's YAML. The model is computed inside each test: a mutant is switched on after a
 * test file's top level has run.
 */
import { describe, expect, test } from "vitest";
import { operationsOf } from "../../pipeline/openapi-model.ts";
import { operationModel, type ModelOperation } from "../../pipeline/operation-model.ts";
import { loadFixture } from "../support/construct-fixture.ts";

const { resolved, pathFiles } = await loadFixture();
const model = () => operationModel(resolved);

/** A parameter as one line: location, name, style, explode, shape and the flags that are set. */
const parameterLine = (p: ModelOperation["parameters"][number]) =>
  [
    `${p.in} ${p.name}: ${p.style}`,
    p.explode ? "exploded" : "not exploded",
    p.shape,
    ...(p.required ? ["required"] : []),
    ...(p.allowReserved ? ["allowReserved"] : []),
    ...(p.deprecated ? ["deprecated"] : []),
  ].join(", ");

/** An answer as one line: status, kind, media types with their example names, headers with `required`. */
const responseLine = (r: ModelOperation["responses"][number]) =>
  [
    `${r.status} ${r.kind}`,
    ...r.contents.map((c) => `${c.mediaType} (${c.kind}) [${Object.keys(c.examples).join(", ")}]`),
    ...r.headers.map((h) => `header ${h.name}${h.required ? " required" : ""}`),
  ].join("; ");

const bodyLine = (b: ModelOperation["body"]) =>
  b &&
  [
    b.required ? "required" : "optional",
    ...b.contents.map((c) => `${c.mediaType} (${c.kind}) [${Object.keys(c.examples).join(", ")}]`),
  ].join("; ");

const bearer = [[{ scheme: "BearerAuth", scopes: [] }]];
const badRequest = "400 problem; application/problem+json (problem) [invalid_request]";
const unauthorized = "401 problem; application/problem+json (problem) [unauthorized]";
const notFound = "404 problem; application/problem+json (problem) [not_found]";
const echo = "200 json; application/json (json) [received]";
const resourceId = "path id: simple, not exploded, primitive, required";

interface Row {
  method: string;
  path: string;
  tags: string[];
  security: { scheme: string; scopes: string[] }[][];
  parameters: string[];
  body: string | null;
  responses: string[];
  idempotencyKey?: string;
}

// Written from test/fixtures/constructs/paths/*.yaml, in the fixture's path order.
const expected: Record<string, Row> = {
  getPathSimple: {
    method: "GET",
    path: "/path-simple/{id}/{tags}/{point}",
    tags: ["Parameters"],
    security: bearer,
    parameters: [
      "path id: simple, not exploded, primitive, required",
      "path tags: simple, not exploded, array, required",
      "path point: simple, exploded, object, required",
    ],
    body: null,
    responses: [echo, badRequest],
  },
  getPathLabel: {
    method: "GET",
    path: "/path-label/{id}/{tags}/{point}",
    tags: ["Parameters"],
    security: bearer,
    parameters: [
      "path id: label, not exploded, primitive, required",
      "path tags: label, exploded, array, required",
      "path point: label, not exploded, object, required",
    ],
    body: null,
    responses: [echo, badRequest],
  },
  getPathMatrix: {
    method: "GET",
    path: "/path-matrix/{id}/{tags}/{point}",
    tags: ["Parameters"],
    security: bearer,
    parameters: [
      "path id: matrix, exploded, primitive, required",
      "path tags: matrix, not exploded, array, required",
      "path point: matrix, exploded, object, required",
    ],
    body: null,
    responses: [echo, badRequest],
  },
  getQueryStyles: {
    method: "GET",
    path: "/query-styles",
    tags: ["Parameters"],
    security: bearer,
    parameters: [
      "query search: form, exploded, primitive, required, allowReserved",
      "query status: form, exploded, array",
      "query ids: form, not exploded, array",
      "query page: form, not exploded, primitive",
      "query near: form, exploded, object",
      "query origin: form, not exploded, object",
      "query words: spaceDelimited, not exploded, array",
      "query size: spaceDelimited, not exploded, object",
      "query colors: pipeDelimited, not exploded, array",
      "query corner: pipeDelimited, not exploded, object",
      "query filter: deepObject, exploded, object",
    ],
    body: null,
    responses: [echo, badRequest],
  },
  listItems: {
    method: "GET",
    path: "/items",
    tags: ["Parameters"],
    security: bearer,
    parameters: [
      // No style or explode written: the query's defaults, form and exploded.
      "query limit: form, exploded, primitive",
      "query cursor: form, exploded, primitive",
      // No style written: the header's default, simple and not exploded.
      "header X-Tenant: simple, not exploded, primitive, required",
      "header X-Trace-Ids: simple, not exploded, array",
      "header X-Point: simple, exploded, object",
      "cookie theme: form, exploded, primitive",
      "cookie flags: form, not exploded, array",
      "cookie prefs: form, not exploded, object",
    ],
    body: null,
    responses: [
      "200 json; application/json (json) [firstPage]; header Link; header X-Total-Count required; header X-Request-Id",
      badRequest,
      unauthorized,
    ],
  },
  createItems: {
    method: "POST",
    path: "/items/batch",
    tags: ["Bodies"],
    security: [[{ scheme: "ApiKeyHeader", scopes: [] }]],
    parameters: [],
    body: "required; application/json (json) [two]",
    responses: ["201 json; application/json (json) [two]", badRequest, unauthorized],
  },
  updateItem: {
    method: "PATCH",
    path: "/items/{id}",
    tags: ["Bodies"],
    security: bearer,
    parameters: [resourceId],
    body: "required; application/merge-patch+json (json) [archive]",
    responses: ["200 json; application/json (json) [archived]", badRequest, notFound],
  },
  createPayment: {
    method: "POST",
    path: "/payments",
    tags: ["Bodies"],
    security: bearer,
    parameters: [],
    body: "required; application/json (json) [card, bankTransfer]",
    responses: ["201 json; application/json (json) [card, bankTransfer]", badRequest],
  },
  cancelJob: {
    method: "POST",
    path: "/jobs/{id}/actions/cancel",
    tags: ["Bodies"],
    security: bearer,
    parameters: [resourceId, "header Idempotency-Key: simple, not exploded, primitive, required"],
    body: "optional; application/json (json) [withReason]",
    responses: ["204 none", notFound],
    idempotencyKey: "Idempotency-Key",
  },
  createSession: {
    method: "POST",
    path: "/sessions",
    tags: ["Bodies"],
    security: [],
    parameters: [],
    body: "required; application/x-www-form-urlencoded (form) [signIn]",
    responses: ["201 json; application/json (json) [session]", badRequest],
  },
  uploadDocument: {
    method: "POST",
    path: "/documents",
    tags: ["Bodies"],
    security: bearer,
    parameters: [],
    body: "required; multipart/form-data (multipart) [report]",
    responses: ["201 json; application/json (json) [report]", badRequest],
  },
  replaceDocumentContent: {
    method: "PUT",
    path: "/documents/{id}/content",
    tags: ["Bodies"],
    security: [[{ scheme: "BasicAuth", scopes: [] }]],
    parameters: [resourceId],
    // A lone `example` is named "example".
    body: "required; application/octet-stream (binary) [example]",
    responses: ["204 none", unauthorized, notFound],
  },
  downloadDocumentPdf: {
    method: "GET",
    path: "/documents/{id}/pdf",
    tags: ["Answers"],
    security: [[{ scheme: "ApiKeyQuery", scopes: [] }]],
    parameters: [resourceId],
    body: null,
    responses: ["200 binary; application/pdf (binary) [minimal]", unauthorized, notFound],
  },
  createNote: {
    method: "POST",
    path: "/notes",
    tags: ["Bodies"],
    security: bearer,
    parameters: [],
    body: "required; text/plain (text) [example]",
    responses: ["201 text; text/plain (text) [created]", badRequest],
  },
  exportItemsCsv: {
    method: "GET",
    path: "/reports/items-csv",
    tags: ["Answers"],
    security: [[{ scheme: "SessionCookie", scopes: [] }]],
    parameters: [],
    body: null,
    responses: ["200 text; text/csv (text) [two]", unauthorized],
  },
  refreshCache: {
    method: "POST",
    path: "/cache/actions/refresh",
    tags: ["Answers"],
    security: bearer,
    parameters: [],
    body: null,
    // JSON key order: the integer-like "401" before "2XX".
    responses: [unauthorized, "2XX json; application/json (json) [refreshed]"],
  },
  getHealth: {
    method: "GET",
    path: "/health",
    tags: ["Answers"],
    security: [],
    parameters: [],
    body: null,
    responses: ["default json; application/json (json) [ok]"],
  },
};

describe("the operation model of the construct fixture", () => {
  test("has every operation of the fixture, in document order, and no other", () => {
    expect(Object.keys(model().operations)).toEqual(Object.keys(expected));
  });

  test.each(Object.entries(expected))("%s: method, path, parameters, body, answers and security", (operationId, row) => {
    const operation = model().operations[operationId]!;
    expect({
      method: operation.method,
      path: operation.path,
      tags: operation.tags,
      security: operation.security,
      parameters: operation.parameters.map(parameterLine),
      body: bodyLine(operation.body),
      responses: operation.responses.map(responseLine),
      ...(operation.idempotencyKey === null ? {} : { idempotencyKey: operation.idempotencyKey }),
    }).toEqual(row);
    expect(operation.operationId).toBe(operationId);
    expect(operation.safe).toBe(row.method === "GET");
    expect(operation.deprecated).toBe(false);
  });

  test("carries each operation's summary and description as the fixture writes them", () => {
    const operations = model().operations;
    for (const { operation } of operationsOf(resolved)) {
      expect(operations[operation.operationId!]!.summary).toBe(operation.summary);
      expect(operations[operation.operationId!]!.description).toBe(operation.description);
    }
    expect(operations.getHealth!.summary).toBe("Report the service's health");
  });

  test("gives each parameter the fixture's example, and its schema without documentation", () => {
    const operations = model().operations;
    const fromSpec = operationsOf(resolved).flatMap(({ operation, parameters }) =>
      parameters.map((p) => [operation.operationId!, p.in, p.name, p.example] as const),
    );
    expect(fromSpec.length).toBeGreaterThan(20);
    for (const [operationId, where, name, example] of fromSpec) {
      const parameter = operations[operationId]!.parameters.find((p) => p.in === where && p.name === name);
      expect(parameter?.example, `${operationId} ${where} ${name}`).toEqual(example);
    }
    const point = { type: "object", required: ["x", "y"], properties: { x: { type: "integer" }, y: { type: "integer" } } };
    const listItems = operations.listItems!.parameters;
    expect(listItems.find((p) => p.name === "X-Point")!.schema).toEqual(point);
    expect(listItems.find((p) => p.name === "limit")!.schema).toEqual({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    // The path's pattern travels with the schema: the mocks and the client check it.
    expect(operations.updateItem!.parameters[0]!.schema).toEqual({ type: "string", pattern: "^it_[0-9a-z]{8}$" });
  });

  test("gives each request body its schema and examples, and each answer its examples without a schema", () => {
    const operations = model().operations;
    const upload = operations.uploadDocument!.body!.contents[0]!;
    expect(upload.schema).toEqual({
      type: "object",
      required: ["file", "title"],
      properties: {
        file: { type: "string", contentMediaType: "application/octet-stream" },
        title: { type: "string" },
        tags: { type: "array", items: { type: "string" } },
        origin: { type: "object", required: ["x", "y"], properties: { x: { type: "integer" }, y: { type: "integer" } } },
      },
    });
    expect(upload.examples).toEqual({ report: { file: "hello", title: "Report", tags: ["q1", "draft"], origin: { x: 1, y: 2 } } });
    expect(operations.createNote!.body!.contents[0]).toEqual({
      mediaType: "text/plain",
      kind: "text",
      schema: { type: "string", maxLength: 1000 },
      examples: { example: "Call Ada on Monday." },
    });
    const pdf = operations.downloadDocumentPdf!.responses[0]!;
    expect(pdf.contents).toEqual([{ mediaType: "application/pdf", kind: "binary", examples: { minimal: "%PDF-1.7\n%%EOF\n" } }]);
    for (const operation of Object.values(operations)) {
      for (const response of operation.responses) {
        for (const content of response.contents)
          expect(content, `${operation.operationId} ${response.status}`).not.toHaveProperty("schema");
      }
    }
  });

  test("gives each answer header its required, schema and example", () => {
    const [page] = model().operations.listItems!.responses;
    expect(page!.headers).toEqual([
      {
        name: "Link",
        required: false,
        schema: { type: "string" },
        example: '<https://api.constructs.test/v1/items?cursor=c2>; rel="next"',
      },
      { name: "X-Total-Count", required: true, schema: { type: "integer", minimum: 0 }, example: 2 },
      { name: "X-Request-Id", required: false, schema: { type: "string" }, example: "req_0001" },
    ]);
  });

  test("models every security scheme the fixture declares, with the credential the client sends", () => {
    expect(model().securitySchemes).toEqual({
      BearerAuth: { type: "http", scheme: "bearer", credential: "bearer" },
      BasicAuth: { type: "http", scheme: "basic", credential: "basic" },
      ApiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", credential: "apiKey" },
      ApiKeyQuery: { type: "apiKey", in: "query", name: "api_key", credential: "apiKey" },
      SessionCookie: { type: "apiKey", in: "cookie", name: "session", credential: "apiKey" },
    });
    expect(model().serverUrl).toBe("https://api.constructs.test/v1");
  });

  test("names the file a refused operation was written in", () => {
    const broken = structuredClone(resolved);
    delete broken.paths!["/health"]!.get!.operationId;
    const fileOf = (path: string) => pathFiles?.[path] ?? "?";
    expect(() => operationModel(broken, fileOf)).toThrow(
      "GET /health: an operation without `operationId` is not supported by the pipeline (test/fixtures/constructs/paths/health.yaml)",
    );
    expect(() => operationModel(broken)).toThrow("(the path item /health)");
  });
});
