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
  test("gives a JSON answer without examples its schema's sample, and nothing else one", () => {
    const order = { type: "object", properties: { id: { type: "integer", example: 7 }, note: { type: "string" } } };
    const model = operationModel(
      spec({
        parameters: [idParameter],
        requestBody: { content: { "application/json": { schema: order } } },
        responses: {
          "200": {
            description: "ok",
            content: {
              "application/json": { schema: order },
              "application/xml": { schema: order },
            },
          },
          "201": { description: "made", content: { "application/json": { schema: order, example: { id: 1 } } } },
          "202": { description: "queued", content: { "application/json": {} } },
          "404": {
            description: "gone",
            content: { "application/problem+json": { schema: { type: "object", properties: { title: { type: "string" } } } } },
          },
        },
      }),
    );
    const operation = model.operations.op!;
    const samples = operation.responses.flatMap((r) => r.contents.map((c) => [r.status, c.mediaType, c.sample]));
    expect(samples).toEqual([
      ["200", "application/json", { id: 7, note: "string" }],
      ["200", "application/xml", undefined],
      ["201", "application/json", undefined],
      ["202", "application/json", undefined],
      ["404", "application/problem+json", { title: "string" }],
    ]);
    expect(operation.body!.contents[0]).not.toHaveProperty("sample");
  });

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
    // Parameters and case do not change the kind; only the type/subtype as a whole names it.
    expect(
      [
        "application/json ; charset=utf-8",
        "Application/X-WWW-Form-Urlencoded",
        "application/x-www-form-urlencoded-v2",
        "x-application/x-www-form-urlencoded",
        "Multipart/Mixed",
        "x-multipart/mixed",
      ].map(contentKind),
    ).toEqual(["json", "form", "binary", "binary", "multipart", "binary"]);
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
    [{ parameters: [{ ...idParameter, in: "query" }] }, "path variable `{id}` without a path parameter"],
    [{ parameters: [{ ...idParameter, name: "other" }] }, "path variable `{id}` without a path parameter"],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "deepObject", explode: true, schema: { type: "array" } }] },
      "query parameter `q` in the deepObject style that is not an exploded object",
    ],
    [
      { parameters: [idParameter, { name: "c", in: "cookie", style: "simple", schema: { type: "string" } }] },
      "cookie parameter `c` in the `simple` style, which OpenAPI does not define for cookie parameters",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "simple", schema: { type: "string" } }] },
      "query parameter `q` in the `simple` style",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "deepObject", explode: false, schema: { type: "object" } }] },
      "query parameter `q` in the deepObject style that is not an exploded object",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "spaceDelimited", schema: { type: "integer" } }] },
      "query parameter `q` of a primitive type in the spaceDelimited style, which OpenAPI defines for arrays and objects only",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "spaceDelimited", explode: true, schema: { type: "object" } }] },
      "query parameter `q`: an exploded object in the spaceDelimited style, which OpenAPI leaves undefined",
    ],
    [
      { parameters: [idParameter, { name: "q", in: "query", style: "pipeDelimited", explode: true, schema: { type: "object" } }] },
      "an exploded object in the pipeDelimited style",
    ],
    [
      { parameters: [idParameter, { name: "x", in: "header", schema: {} }, { name: "x", in: "cookie", schema: {} }] },
      "parameter name `x` used both in header and in cookie",
    ],
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
    expect(refusal!.operation).toBe("op");
    expect(refusal!.file).toBe("spec/paths/things_{id}.yaml");
    expect(refusal!.message).toMatch(/^op: .* is not supported by the pipeline \(spec\/paths\/things_\{id\}\.yaml\); change the spec/);
  });

  test("takes the path item's parameters, the operation's own winning on the same name and location", () => {
    const document = spec({
      parameters: [
        { ...idParameter, schema: { type: "integer" } },
        { name: "b", in: "query", schema: {} },
      ],
    });
    document.paths!["/things/{id}"]!.parameters = [idParameter, { name: "a", in: "query", schema: { type: "string" } }] as never;
    const parameters = operationModel(document).operations.op!.parameters;
    expect(parameters.map((p) => [p.in, p.name, p.schema])).toEqual([
      ["path", "id", { type: "integer" }],
      ["query", "a", { type: "string" }],
      ["query", "b", {}],
    ]);
  });

  test("refuses a path item's parameter whose name the operation uses in another location", () => {
    const document = spec({ parameters: [idParameter, { name: "a", in: "header", schema: {} }] });
    document.paths!["/things/{id}"]!.parameters = [{ name: "a", in: "query", schema: {} }] as never;
    expect(() => operationModel(document)).toThrow("parameter name `a` used both in query and in header");
  });

  test("reads an operation's facts, with their defaults when the spec leaves them out", () => {
    const full = operationModel(
      spec({
        parameters: [idParameter],
        summary: "Get a thing",
        description: "Long.",
        deprecated: true,
        tags: ["Things"],
      }),
    ).operations.op!;
    expect(full).toMatchObject({
      method: "POST",
      summary: "Get a thing",
      description: "Long.",
      deprecated: true,
      tags: ["Things"],
      safe: false,
    });
    const bare = operationModel(spec({ parameters: [idParameter] })).operations.op!;
    expect(bare).toMatchObject({ summary: "", description: "", deprecated: false, tags: [], body: null, security: [] });
    const head = { openapi: "3.1.0", servers: [{ url: "https://a.test" }], paths: { "/h": { head: { operationId: "h" } } } };
    expect(operationModel(head as unknown as Spec).operations.h).toMatchObject({ method: "HEAD", safe: true, responses: [] });
  });

  test("reads a parameter's flags and shape, whatever way its schema says it", () => {
    const parameters = operationModel(
      spec({
        parameters: [
          { ...idParameter, required: false },
          { name: "a", in: "query", required: true, deprecated: true, allowReserved: true, schema: { type: ["array", "null"] } },
          { name: "o", in: "query", schema: { properties: { x: {} } } },
          { name: "n", in: "query", schema: { type: ["null", "object"] } },
          { name: "none", in: "query" },
        ],
      }),
    ).operations.op!.parameters;
    expect(parameters.map((p) => [p.name, p.required, p.deprecated, p.allowReserved, p.shape])).toEqual([
      ["id", true, false, false, "primitive"],
      ["a", true, true, true, "array"],
      ["o", false, false, false, "object"],
      ["n", false, false, false, "object"],
      ["none", false, false, false, "primitive"],
    ]);
    expect(parameters[4]!.schema).toEqual({});
    expect(parameters[4]).not.toHaveProperty("example");
  });

  test("takes a parameter's or header's example, else its first named example, else its schema's", () => {
    const header = (extra: Record<string, unknown>) => ({ schema: { type: "integer", example: 7, examples: [8] }, ...extra });
    const model = operationModel(
      spec({
        parameters: [
          { ...idParameter, example: "", examples: { a: { value: "x" } } },
          { name: "e", in: "query", examples: { first: { value: 1 }, second: { value: 2 } }, schema: { example: 3 } },
          { name: "s", in: "query", schema: { type: "integer", example: 0, examples: [4] } },
          { name: "t", in: "query", schema: { type: "integer", examples: [false, 5] } },
        ],
        responses: {
          "200": {
            description: "ok",
            headers: { A: header({ example: 0 }), B: header({ examples: { b: { value: 9 } } }), C: header({}), D: {} },
          },
        },
      }),
    ).operations.op!;
    expect(model.parameters.map((p) => p.example)).toEqual(["", 1, 0, false]);
    // Absent, not undefined: the model is plain JSON.
    expect(model.responses[0]!.headers).toStrictEqual([
      { name: "A", required: false, schema: { type: "integer" }, example: 0 },
      { name: "B", required: false, schema: { type: "integer" }, example: 9 },
      { name: "C", required: false, schema: { type: "integer" }, example: 7 },
      { name: "D", required: false },
    ]);
  });

  test("keeps a form or multipart body's encoding, each member only when the spec sets it", () => {
    const body = operationModel(
      spec({
        parameters: [idParameter],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: { type: "object", description: "d" },
              example: { a: 1 },
              examples: { other: { value: { a: 2 } } },
              encoding: {
                file: { contentType: "image/png" },
                tags: { style: "form", explode: false, allowReserved: true },
                none: {},
              },
            },
            "application/json": {},
          },
        },
      }),
    ).operations.op!.body;
    expect(body).toStrictEqual({
      required: true,
      contents: [
        {
          mediaType: "multipart/form-data",
          kind: "multipart",
          schema: { type: "object" },
          examples: { example: { a: 1 }, other: { a: 2 } },
          encoding: { file: { contentType: "image/png" }, tags: { style: "form", explode: false, allowReserved: true }, none: {} },
        },
        { mediaType: "application/json", kind: "json", examples: {} },
      ],
    });
  });

  test("keeps each requirement's scopes, and an empty requirement (optional credentials)", () => {
    const document = spec({ parameters: [idParameter], security: [{ oauth: ["read", "write"] }, {}] }, "/things/{id}", {
      components: { securitySchemes: { oauth: { type: "oauth2", flows: {} } } },
    });
    expect(operationModel(document).operations.op!.security).toEqual([[{ scheme: "oauth", scopes: ["read", "write"] }], []]);
  });

  test('serves a spec without a server from "/", as OpenAPI 3.1 says (§4.8.1.1)', () => {
    const document = spec({ parameters: [idParameter] });
    for (const servers of [undefined, [], [{ url: "" }]]) expect(operationModel({ ...document, servers } as Spec).serverUrl).toBe("/");
  });

  test("models a document without paths or components as having no operations and no schemes", () => {
    const model = operationModel({ openapi: "3.1.0", servers: [{ url: "https://a.test" }] } as unknown as Spec);
    expect(model).toEqual({ serverUrl: "https://a.test", operations: {}, securitySchemes: {} });
  });

  test("accepts what it can carry: an empty callbacks map, an unexploded deepObject-free pipeDelimited array, an exploded array", () => {
    const model = operationModel(
      spec({
        parameters: [
          idParameter,
          { name: "p", in: "query", style: "pipeDelimited", explode: true, schema: { type: "array" } },
          { name: "s", in: "query", style: "spaceDelimited", schema: { type: "object" } },
          { name: "Idempotency-Key", in: "query", schema: { type: "string" } },
          { name: "c", in: "cookie", style: "form", schema: { type: "string" } },
        ],
        callbacks: {},
      }),
    );
    expect(model.operations.op!.parameters.map((p) => [p.name, p.style, p.explode])).toEqual([
      ["id", "simple", false],
      ["p", "pipeDelimited", true],
      ["s", "spaceDelimited", false],
      ["Idempotency-Key", "form", true],
      ["c", "form", true],
    ]);
    // A query parameter of that name is no idempotency key: the key travels in a header.
    expect(model.operations.op!.idempotencyKey).toBeNull();
  });

  test("refuses a second operation with the same operationId, naming the file of the second", () => {
    const document = spec({ parameters: [idParameter] });
    document.paths!["/other"] = { get: { operationId: "op", responses: {} } } as never;
    expect(() => operationModel(document, (path) => `file of ${path}`)).toThrow(
      "op: a second operation with operationId `op` is not supported by the pipeline (file of /other)",
    );
  });

  test("refuses a requirement naming a scheme the document does not declare", () => {
    expect(() => operationModel(spec({ parameters: [idParameter], security: [{ missing: [] }] }))).toThrow(
      "op: security scheme `missing`, which components.securitySchemes does not declare",
    );
  });

  test.each([
    [{ type: "http", scheme: "digest" }, "security scheme `s`: HTTP scheme `digest` (the client sends bearer and basic credentials)"],
    [{ type: "http" }, "security scheme `s`: HTTP scheme `undefined`"],
    [{ type: "apiKey", in: "body", name: "k" }, "security scheme `s`: an apiKey without `in` and `name`"],
    [{ type: "apiKey", in: "header" }, "security scheme `s`: an apiKey without `in` and `name`"],
    [{ type: "mutualTLS" }, "security scheme `s`: type `mutualTLS` (a TLS client certificate is the fetch's business, not a request's)"],
  ])("refuses the security scheme %j, naming it", (scheme, message) => {
    const document = spec({ parameters: [idParameter] }, "/things/{id}", { components: { securitySchemes: { s: scheme } } });
    const refusal = (() => {
      try {
        operationModel(document);
      } catch (error) {
        return error as UnsupportedConstructError;
      }
    })();
    expect(refusal).toBeInstanceOf(UnsupportedConstructError);
    expect(refusal!.name).toBe("UnsupportedConstructError");
    expect(refusal!.operation).toBe("(document)");
    expect(refusal!.file).toBe("components/securitySchemes");
    expect(refusal!.message).toContain(message);
  });

  test("models each kind of scheme with the members the client reads", () => {
    const schemes = {
      header: { type: "apiKey", in: "header", name: "X-Key" },
      cookie: { type: "apiKey", in: "cookie", name: "sid" },
      bearer: { type: "http", scheme: "BEARER", bearerFormat: "JWT" },
      oauth: { type: "oauth2", flows: {} },
      oidc: { type: "openIdConnect", openIdConnectUrl: "https://id.example.test/.well-known/openid-configuration" },
    };
    const model = operationModel(spec({ parameters: [idParameter] }, "/things/{id}", { components: { securitySchemes: schemes } }));
    expect(model.securitySchemes).toEqual({
      header: { type: "apiKey", in: "header", name: "X-Key", credential: "apiKey" },
      cookie: { type: "apiKey", in: "cookie", name: "sid", credential: "apiKey" },
      bearer: { type: "http", scheme: "bearer", credential: "bearer" },
      oauth: { type: "oauth2", credential: "bearer" },
      oidc: { type: "openIdConnect", credential: "bearer" },
    });
  });

  test("refuses a scheme the client cannot send", () => {
    const document = spec({ parameters: [idParameter] }, "/things/{id}", {
      components: { securitySchemes: { tls: { type: "mutualTLS" } } },
    });
    expect(() => operationModel(document)).toThrow(/security scheme `tls`: type `mutualTLS`/);
  });
});

describe("runtimeSchema", () => {
  test("keeps the names under patternProperties and $defs, and strips inside arrays of schemas", () => {
    expect(
      runtimeSchema({
        patternProperties: { title: { type: "string", title: "t" } },
        $defs: { example: { type: "integer", $comment: "c" } },
        oneOf: [{ type: "string", externalDocs: { url: "https://d.test" } }, null, 3],
        enum: ["description", null],
      }),
    ).toEqual({
      patternProperties: { title: { type: "string" } },
      $defs: { example: { type: "integer" } },
      oneOf: [{ type: "string" }, null, 3],
      enum: ["description", null],
    });
  });

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
