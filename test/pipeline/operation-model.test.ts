/** The operation model: computed once from the resolved spec, with OpenAPI's defaults filled in and every unsupported construct refused by name. */
import { describe, expect, test } from "vitest";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { contentKind, operationModel, runtimeSchema, UnsupportedConstructError } from "../../pipeline/operation-model.ts";

const spec = (operation: Record<string, unknown>, path = "/things/{id}", extra: Record<string, unknown> = {}) =>
  ({
    openapi: "3.1.0",
    servers: [{ url: "https://api.example.test" }],
    paths: { [path]: { post: { operationId: "op", responses: { "204": { description: "done" } }, ...operation } } },
    ...extra,
  }) as unknown as Spec;
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };

describe("operationModel", () => {
  test("fills in each location's default style and explode (OpenAPI 3.1 Parameter Object)", () => {
    const model = operationModel(
      spec({
        parameters: [
          idParameter,
          { name: "q", in: "query", schema: { type: "array", items: { type: "string" } } },
          { name: "X-Trace", in: "header", schema: { type: "string" } },
          { name: "c", in: "cookie", schema: { type: "object", properties: {} } },
          { name: "d", in: "query", style: "deepObject", explode: true, schema: { type: "object" } },
        ],
      }),
    );
    const parameters = model.operations.op!.parameters.map(({ name, style, explode, shape }) => [name, style, explode, shape]);
    expect(parameters).toEqual([
      ["id", "simple", false, "primitive"],
      ["q", "form", true, "array"],
      ["X-Trace", "simple", false, "primitive"],
      ["c", "form", true, "object"],
      ["d", "deepObject", true, "object"],
    ]);
    expect(model.operations.op!.parameters[0]!.required).toBe(true);
  });

  test("puts path parameters first, in the order the path names them", () => {
    const model = operationModel(
      spec(
        {
          parameters: [
            { name: "q", in: "query", schema: { type: "string" } },
            { name: "b", in: "path", required: true, schema: { type: "string" } },
            { name: "a", in: "path", required: true, schema: { type: "string" } },
          ],
        },
        "/x/{a}/y/{b}",
      ),
    );
    expect(model.operations.op!.parameters.map((p) => p.name)).toEqual(["a", "b", "q"]);
  });

  test("names the Idempotency-Key header parameter, whatever its case", () => {
    const model = operationModel(
      spec({ parameters: [idParameter, { name: "idempotency-key", in: "header", schema: { type: "string" } }] }),
    );
    expect(model.operations.op!.idempotencyKey).toBe("idempotency-key");
    expect(operationModel(spec({ parameters: [idParameter] })).operations.op!.idempotencyKey).toBeNull();
  });

  test("gives each body and answer its kind by media type", () => {
    expect(
      ["application/json", "application/merge-patch+json", "application/problem+json", "application/x-www-form-urlencoded"].map(
        contentKind,
      ),
    ).toEqual(["json", "json", "problem", "form"]);
    expect(["multipart/form-data", "text/plain", "text/csv; charset=utf-8", "application/xml", "application/pdf"].map(contentKind)).toEqual(
      ["multipart", "text", "text", "text", "binary"],
    );
    const model = operationModel(
      spec({
        parameters: [idParameter],
        requestBody: { content: { "application/octet-stream": { schema: {} } } },
        responses: {
          "2XX": { description: "bytes", content: { "application/pdf": { example: "%PDF-1.7" } } },
          default: { description: "error", content: { "application/problem+json": { schema: { type: "object" } } } },
          "204": { description: "nothing", headers: { Link: { required: false, schema: { type: "string" }, example: "</p2>; rel=next" } } },
        },
      }),
    );
    const { body, responses } = model.operations.op!;
    expect(body).toEqual({
      required: false,
      contents: [{ mediaType: "application/octet-stream", kind: "binary", schema: {}, examples: {} }],
    });
    // Statuses as JSON orders them: the written-out ones first, ascending, then ranges and default.
    expect(responses.map(({ status, kind }) => [status, kind])).toEqual([
      ["204", "none"],
      ["2XX", "binary"],
      ["default", "problem"],
    ]);
    expect(responses[1]!.contents[0]!.examples).toEqual({ example: "%PDF-1.7" });
    expect(responses[0]!.headers).toEqual([{ name: "Link", required: false, schema: { type: "string" }, example: "</p2>; rel=next" }]);
  });

  test("takes the document's security unless the operation has its own, and models every scheme type", () => {
    const schemes = {
      bearer: { type: "http", scheme: "Bearer" },
      basic: { type: "http", scheme: "basic" },
      key: { type: "apiKey", in: "query", name: "api_key" },
      oauth: { type: "oauth2", flows: {} },
      oidc: { type: "openIdConnect", openIdConnectUrl: "https://id.example.test/.well-known/openid-configuration" },
    };
    const document = spec({ parameters: [idParameter] }, "/things/{id}", {
      security: [{ bearer: [] }, { key: [], basic: [] }],
      components: { securitySchemes: schemes },
    });
    const model = operationModel(document);
    expect(model.operations.op!.security).toEqual([
      [{ scheme: "bearer", scopes: [] }],
      [
        { scheme: "key", scopes: [] },
        { scheme: "basic", scopes: [] },
      ],
    ]);
    expect(Object.fromEntries(Object.entries(model.securitySchemes).map(([name, s]) => [name, s.credential]))).toEqual({
      bearer: "bearer",
      basic: "basic",
      key: "apiKey",
      oauth: "bearer",
      oidc: "bearer",
    });
    expect(model.securitySchemes.key).toMatchObject({ in: "query", name: "api_key" });
    expect(operationModel(spec({ parameters: [idParameter], security: [] }), undefined).operations.op!.security).toEqual([]);
  });

  test.each([
    [
      { parameters: [idParameter, { name: "id", in: "query", schema: { type: "string" } }] },
      "parameter name `id` used both in path and in query",
    ],
    [{ parameters: [{ ...idParameter, style: "form" }] }, "path parameter `id` in the `form` style"],
    [
      { parameters: [idParameter, { name: "h", in: "header", style: "form", schema: { type: "string" } }] },
      "header parameter `h` in the `form` style",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", content: { "application/json": {} } }] },
      "query parameter `q` described by `content`",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "deepObject", schema: { type: "array" } }] },
      "deepObject style that is not an exploded object",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "pipeDelimited", schema: { type: "string" } }] },
      "primitive type in the pipeDelimited style",
    ],
    [{ parameters: [] }, "path variable `{id}` without a path parameter"],
    [{ parameters: [idParameter], callbacks: { done: {} } }, "`callbacks`"],
  ])("refuses what it cannot carry, naming the operation, the construct and the file (%#)", (operation, construct) => {
    const refusal = (() => {
      try {
        operationModel(spec(operation), () => "spec/paths/things_{id}.yaml");
      } catch (error) {
        return error as UnsupportedConstructError;
      }
    })();
    expect(refusal).toBeInstanceOf(UnsupportedConstructError);
    expect(refusal!.construct).toContain(construct);
    expect(refusal!.message).toMatch(/^op: .* \(spec\/paths\/things_\{id\}\.yaml\)/);
  });

  test("refuses a scheme the client cannot send", () => {
    const document = spec({ parameters: [idParameter] }, "/things/{id}", {
      components: { securitySchemes: { tls: { type: "mutualTLS" } } },
    });
    expect(() => operationModel(document)).toThrow(/security scheme `tls`: type `mutualTLS`/);
  });
});

describe("runtimeSchema", () => {
  test("drops documentation members at every depth, but keeps properties named like them", () => {
    expect(
      runtimeSchema({
        type: "object",
        description: "d",
        properties: { title: { type: "string", examples: ["x"] }, description: { type: "string", description: "y" } },
        items: { title: "t", type: "integer" },
      }),
    ).toEqual({ type: "object", properties: { title: { type: "string" }, description: { type: "string" } }, items: { type: "integer" } });
  });
});
