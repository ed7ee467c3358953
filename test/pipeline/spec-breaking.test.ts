/** The breaking-change rules, one test per rule with base and revision side by side, and the changes that must not count. */
import { describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import { breakingChanges, diffSpecs, majorRaised, type Change } from "../../pipeline/breaking/index.ts";
import { patternWidens } from "../../pipeline/breaking/schemas.ts";
import { dereference } from "../../pipeline/openapi-model.ts";
import { spec } from "../support/spec.ts";

type Json = Record<string, any>;
const RESEND = operationMetadata.resendInvoiceEmail.path;
const CONTACTS = operationMetadata.addInvoiceCcRecipient.path;
const ours = () => structuredClone(spec) as Json;

async function diff(base: Json, revision: Json): Promise<Change[]> {
  return diffSpecs(await dereference(base), await dereference(revision));
}
/** The breaking rules `change` triggers on the project's own bundled spec. */
async function breaksOf(change: (doc: Json) => void): Promise<string[]> {
  const revision = ours();
  change(revision);
  return (await diff(ours(), revision)).filter((c) => c.kind === "breaking").map((c) => c.rule);
}

/** A one-operation document: a request body schema, a 200 response schema, parameters and headers. */
function doc(parts: { request?: Json; response?: Json; parameter?: Json; header?: Json; pathParameter?: Json }): Json {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1.0.0" },
    paths: {
      "/things/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, ...parts.pathParameter }],
        post: {
          operationId: "postThing",
          parameters: parts.parameter ? [{ name: "q", in: "query", ...parts.parameter }] : [],
          requestBody: { required: true, content: { "application/json": { schema: parts.request ?? { type: "object" } } } },
          responses: {
            "200": {
              description: "ok",
              headers: parts.header ? { "X-Rate": parts.header } : {},
              content: { "application/json": { schema: parts.response ?? { type: "object" } } },
            },
          },
        },
      },
    },
  };
}

const object = (properties: Json, required: string[] = []) => ({ type: "object", properties, required });

// [rule, where the schema sits, base, revision]
const schemaRules: [string, "request" | "response" | "parameter" | "header", Json, Json][] = [
  ["request-type-narrowed", "request", object({ n: { type: "number" } }), object({ n: { type: "integer" } })],
  ["request-became-not-nullable", "request", object({ n: { type: ["string", "null"] } }), object({ n: { type: "string" } })],
  ["request-became-enum", "request", object({ s: { type: "string" } }), object({ s: { type: "string", enum: ["a"] } })],
  ["request-enum-value-removed", "request", object({ s: { enum: ["a", "b"] } }), object({ s: { enum: ["a"] } })],
  ["request-const-changed", "request", object({ s: { type: "string" } }), object({ s: { const: "a" } })],
  ["request-format-changed", "request", object({ s: { type: "string" } }), object({ s: { type: "string", format: "email" } })],
  ["request-pattern-added", "request", object({ s: { type: "string" } }), object({ s: { type: "string", pattern: "^a+$" } })],
  ["request-pattern-changed", "request", object({ s: { pattern: "^[a-z]+$" } }), object({ s: { pattern: "^[a-f]+$" } })],
  ["request-max-length-tightened", "request", object({ s: { maxLength: 10 } }), object({ s: { maxLength: 5 } })],
  ["request-min-length-tightened", "request", object({ s: { type: "string" } }), object({ s: { minLength: 1 } })],
  ["request-maximum-tightened", "request", object({ n: { maximum: 10 } }), object({ n: { maximum: 9 } })],
  ["request-minimum-tightened", "request", object({ n: { minimum: 0 } }), object({ n: { minimum: 1 } })],
  ["request-exclusive-maximum-tightened", "request", object({ n: { type: "number" } }), object({ n: { exclusiveMaximum: 5 } })],
  ["request-max-items-tightened", "request", object({ l: { type: "array" } }), object({ l: { type: "array", maxItems: 3 } })],
  ["request-multiple-of-tightened", "request", object({ n: { multipleOf: 2 } }), object({ n: { multipleOf: 4 } })],
  ["request-unique-items-tightened", "request", object({ l: { type: "array" } }), object({ l: { type: "array", uniqueItems: true } })],
  ["request-property-became-required", "request", object({ a: {}, b: {} }, ["a"]), object({ a: {}, b: {} }, ["a", "b"])],
  ["request-property-added-required", "request", object({ a: {} }), object({ a: {}, b: {} }, ["b"])],
  [
    "request-property-removed",
    "request",
    { ...object({ a: {}, b: {} }), additionalProperties: false },
    { ...object({ a: {} }), additionalProperties: false },
  ],
  ["request-additional-properties-refused", "request", object({ a: {} }), { ...object({ a: {} }), additionalProperties: false }],
  ["request-all-of-added", "request", { allOf: [object({ a: {} })] }, { allOf: [object({ a: {} }), object({ b: { type: "string" } })] }],
  [
    "request-one-of-removed",
    "request",
    { oneOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] },
    { oneOf: [{ type: "string" }] },
  ],
  [
    "request-any-of-removed",
    "request",
    { anyOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] },
    { anyOf: [{ type: "string" }] },
  ],
  [
    "request-one-of-wrapped",
    "request",
    object({ a: {}, b: {} }, ["a", "b"]),
    { oneOf: [object({ a: {} }, ["a"]), object({ b: {} }, ["b"])] },
  ],
  ["request-if-changed", "request", object({ a: {} }), { ...object({ a: {} }), if: { required: ["a"] }, then: { required: ["b"] } }],
  ["request-pattern-properties-changed", "request", object({}), { ...object({}), patternProperties: { "^x-": { type: "string" } } }],
  ["response-type-widened", "response", object({ n: { type: "integer" } }, ["n"]), object({ n: { type: ["integer", "string"] } }, ["n"])],
  ["response-became-nullable", "response", object({ s: { type: "string" } }), object({ s: { type: ["string", "null"] } })],
  ["response-enum-value-added", "response", object({ s: { enum: ["a"] } }), object({ s: { enum: ["a", "b"] } })],
  ["response-enum-removed", "response", object({ s: { type: "string", enum: ["a"] } }), object({ s: { type: "string" } })],
  ["response-const-changed", "response", object({ s: { const: "a" } }), object({ s: { type: "string" } })],
  ["response-format-changed", "response", object({ s: { format: "date-time" } }), object({ s: { type: "string" } })],
  ["response-max-length-loosened", "response", object({ s: { maxLength: 5 } }), object({ s: { maxLength: 10 } })],
  ["response-minimum-loosened", "response", object({ n: { minimum: 1 } }), object({ n: { type: "number" } })],
  ["response-property-became-optional", "response", object({ a: {} }, ["a"]), object({ a: {} })],
  ["response-required-property-removed", "response", object({ a: {} }, ["a"]), object({})],
  ["response-property-removed", "response", object({ a: {}, b: {} }, ["a"]), object({ a: {} }, ["a"])],
  [
    "response-additional-properties-allowed",
    "response",
    { ...object({}), additionalProperties: false },
    { ...object({}), additionalProperties: true },
  ],
  [
    "response-one-of-added",
    "response",
    { oneOf: [{ type: "string" }, { type: "integer" }] },
    { oneOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] },
  ],
  ["response-one-of-wrapped", "response", object({ a: {} }, ["a"]), { oneOf: [object({ a: {} }, ["a"]), object({ b: {} }, ["b"])] }],
  ["response-contains-changed", "response", { type: "array" }, { type: "array", contains: { type: "string" } }],
  [
    "request-parameter-default-changed",
    "parameter",
    { schema: { type: "integer", default: 10 } },
    { schema: { type: "integer", default: 20 } },
  ],
  ["request-parameter-became-required", "parameter", { schema: { type: "string" } }, { required: true, schema: { type: "string" } }],
  [
    "request-parameter-serialization-changed",
    "parameter",
    { schema: { type: "array" } },
    { style: "pipeDelimited", schema: { type: "array" } },
  ],
  ["request-type-narrowed", "parameter", { schema: { type: "string" } }, { schema: { type: "integer" } }],
  ["response-header-became-optional", "header", { required: true, schema: { type: "integer" } }, { schema: { type: "integer" } }],
  ["response-type-widened", "header", { schema: { type: "integer" } }, { schema: { type: "string" } }],
];

describe("spec:breaking schema, parameter and header rules", () => {
  test.each(schemaRules)("%s (%s)", async (rule, place, base, revision) => {
    const key = place === "header" ? "header" : place === "parameter" ? "parameter" : place;
    const changes = (await diff(doc({ [key]: base }), doc({ [key]: revision }))).filter((c) => c.kind === "breaking");
    expect(changes.map((c) => c.rule)).toContain(rule);
    // and the reverse direction of a one-way rule is not that rule
    const back = (await diff(doc({ [key]: revision }), doc({ [key]: base }))).filter((c) => c.kind === "breaking");
    if (!/changed|wrapped|serialization/.test(rule)) expect(back.map((c) => c.rule)).not.toContain(rule);
  });

  test("a required field added through allOf counts like an inline one", async () => {
    const base = { allOf: [object({ a: {} }, ["a"]), object({ b: {} })] };
    const revision = { allOf: [object({ a: {} }, ["a"]), object({ b: {} }, ["b"])] };
    expect((await diff(doc({ request: base }), doc({ request: revision }))).map((c) => c.rule)).toContain(
      "request-property-became-required",
    );
  });

  test("readOnly properties are not request input; writeOnly ones are not response output", async () => {
    const readOnly = (required: string[]) => object({ id: { type: "string", readOnly: true, maxLength: 5 } }, required);
    expect(await breaking(doc({ request: readOnly([]) }), doc({ request: readOnly(["id"]) }))).toEqual([]);
    const writeOnly = (required: string[]) => object({ secret: { type: "string", writeOnly: true } }, required);
    expect(await breaking(doc({ response: writeOnly(["secret"]) }), doc({ response: writeOnly([]) }))).toEqual([]);
  });

  test("a widened pattern is not a break; one not provably wider is a possible break", () => {
    expect(patternWidens("^[a-z]+$", ".*")).toBe(true);
    expect(patternWidens("^[a-z]+$", "^[a-z]+$|^[0-9]+$")).toBe(true);
    expect(patternWidens("^[a-z]+$", undefined)).toBe(true);
    expect(patternWidens("^[a-z]+$", "^[a-z0-9]+$")).toBe(false);
  });

  test("a path-level parameter is compared too", async () => {
    const base = doc({});
    const revision = doc({ pathParameter: { schema: { type: "string", pattern: "^t_[0-9]+$" } } });
    expect(await breaking(base, revision)).toEqual(["request-pattern-added"]);
  });

  test("a renamed path variable is not a removed operation", async () => {
    const revision = doc({});
    revision.paths["/things/{thingId}"] = revision.paths["/things/{id}"];
    delete revision.paths["/things/{id}"];
    revision.paths["/things/{thingId}"].parameters[0].name = "thingId";
    expect(await breaking(doc({}), revision)).toEqual([]);
  });
});

async function breaking(base: Json, revision: Json): Promise<string[]> {
  return breakingChanges(await dereference(base), await dereference(revision)).map((c) => c.rule);
}

describe("spec:breaking operation, response and security rules on the project's spec", () => {
  test("finds nothing between identical specs", async () => {
    expect(await diff(ours(), ours())).toEqual([]);
  });
  test("operation-removed", async () => {
    expect(await breaksOf((d) => delete d.paths[RESEND])).toEqual(["operation-removed"]);
  });
  test("operation-id-changed (the generated client's method name)", async () => {
    expect(await breaksOf((d) => (d.paths[RESEND].post.operationId = "resendEmail"))).toEqual(["operation-id-changed"]);
  });
  test("response-success-status-removed", async () => {
    expect(
      await breaksOf((d) => {
        const responses = d.paths[CONTACTS].post.responses;
        responses["200"] = responses["201"];
        delete responses["201"];
      }),
    ).toEqual(["response-success-status-removed"]);
  });
  test("response-header-removed: Retry-After on 429, which the client's retry logic reads", async () => {
    expect(await breaksOf((d) => delete d.components.responses.TooManyRequests.headers["Retry-After"])).toContain(
      "response-header-removed",
    );
  });
  test("response-media-type-removed", async () => {
    expect(
      await breaksOf((d) => {
        const content = d.paths[RESEND].post.responses["200"].content;
        content["application/vnd.hostup+json"] = content["application/json"];
        delete content["application/json"];
      }),
    ).toContain("response-media-type-removed");
  });
  test("request-body-removed, request-body-became-required, request-body-media-type-removed", async () => {
    expect(await breaksOf((d) => delete d.paths[CONTACTS].post.requestBody)).toEqual(["request-body-removed"]);
    const optional = ours();
    optional.paths[CONTACTS].post.requestBody.required = false;
    expect(await breaking(optional, ours())).toEqual(["request-body-became-required"]);
    expect(
      await breaksOf((d) => {
        const content = d.paths[CONTACTS].post.requestBody.content;
        content["application/x-www-form-urlencoded"] = content["application/json"];
        delete content["application/json"];
      }),
    ).toEqual(["request-body-media-type-removed"]);
  });
  test("request-parameter-added-required and request-parameter-removed", async () => {
    expect(
      await breaksOf(
        (d) =>
          (d.paths[CONTACTS].post.parameters = [{ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string" } }]),
      ),
    ).toEqual(["request-parameter-added-required"]);
    const withQuery = ours();
    withQuery.paths[CONTACTS].post.parameters = [{ name: "dryRun", in: "query", schema: { type: "boolean" } }];
    expect(await breaking(withQuery, ours())).toEqual(["request-parameter-removed"]);
  });
  test("problem-code-removed: a documented Problem code an operation's examples no longer show", async () => {
    const changes = await breaksOf((d) => {
      for (const media of Object.values<Json>(d.components.responses.NotFound.content)) {
        for (const example of Object.values<Json>(media.examples ?? {})) example.value.code = "missing";
      }
    });
    expect(changes).toContain("problem-code-removed");
  });
  test("security-alternative-removed, security-scope-added, security-added, security-scheme-changed", async () => {
    expect(await breaksOf((d) => (d.paths[RESEND].post.security = [{ BearerAuth: ["write:billing"] }]))).toEqual([
      "security-alternative-removed",
    ]);
    expect(await breaksOf((d) => d.paths[RESEND].post.security[0].BearerAuth.push("admin"))).toEqual(["security-scope-added"]);
    const open = ours();
    open.paths[RESEND].post.security = [];
    expect(await breaking(open, ours())).toEqual(["security-added"]);
    expect(await breaksOf((d) => (d.components.securitySchemes.SessionCookie.name = "sid"))).toEqual(["security-scheme-changed"]);
  });
  test("webhook-removed", async () => {
    const hooks = (names: string[]) => ({
      ...ours(),
      webhooks: Object.fromEntries(names.map((n) => [n, { post: { responses: { "200": { description: "ok" } } } }])),
    });
    expect(await breaking(hooks(["invoicePaid"]), hooks([]))).toEqual(["webhook-removed"]);
  });

  test("does not count changes that keep clients working, and lists them in the changelog", async () => {
    const revision = ours();
    revision.info.description = "Reworded.";
    revision.components.schemas.AddInvoiceCcRecipientRequest.properties.note = { type: "string" };
    revision.components.schemas.InvoiceCcRecipient.properties.createdAt = { type: "string" };
    revision.paths[CONTACTS].post.responses["409"] = revision.paths[CONTACTS].post.responses["400"];
    revision.paths[RESEND].post.security.push({ OAuth: ["write:billing"] });
    revision.components.schemas.AddInvoiceCcRecipientRequest.properties.description.type = ["string", "null"];
    const changes = await diff(ours(), revision);
    expect(changes.filter((c) => c.kind === "breaking")).toEqual([]);
    expect(changes.map((c) => c.rule)).toEqual(
      expect.arrayContaining([
        "request-property-added",
        "response-property-added",
        "response-status-added",
        "security-alternative-added",
        "description-changed",
      ]),
    );
  });

  test("a removed error status is listed, not counted (unless it removes a Problem code)", async () => {
    const base = doc({});
    base.paths["/things/{id}"].post.responses["409"] = { description: "conflict" };
    const changes = await diff(base, doc({}));
    expect(changes.map((c) => [c.kind, c.rule])).toEqual([["changelog", "response-status-removed"]]);
  });

  test("a raised major version marks the breaks as intended", () => {
    const head = ours();
    head.info.version = "2.0.0";
    expect(majorRaised(ours(), head)).toBe(true);
    head.info.version = "1.9.0";
    expect(majorRaised(ours(), head)).toBe(false);
  });
});
