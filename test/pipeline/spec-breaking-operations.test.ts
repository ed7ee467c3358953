/**
 * The operation, parameter, request body, response and Problem-code rules, each change
 * written out in full (kind, rule, place, message, pointer, side), from (base, revision)
 * pairs built here.
 */
import { describe, expect, test } from "vitest";
import { diff, doc, object, OPERATION, row, WHERE, type Json } from "../support/breaking.ts";

const rows = async (base: Json, revision: Json) => (await diff(base, revision)).map(row);

/** A document of the given operations: path → method → operation (responses filled in). */
function api(paths: Record<string, Record<string, Json>>, extra: Json = {}): Json {
  const filled = Object.fromEntries(
    Object.entries(paths).map(([path, methods]) => [
      path,
      Object.fromEntries(Object.entries(methods).map(([method, op]) => [method, { responses: { "200": { description: "ok" } }, ...op }])),
    ]),
  );
  return { openapi: "3.1.0", info: { title: "t", version: "1.0.0" }, paths: filled, ...extra };
}

describe("operations", () => {
  test("removed (named by its operationId when it has one) and added, each where it is written", async () => {
    expect(
      await rows(api({ "/a": { get: { operationId: "getA" }, put: {} } }), api({ "/b/{x}": { post: { operationId: "postB" }, get: {} } })),
    ).toEqual([
      ["breaking", "operation-removed", "GET /a", "operation getA was removed", "/paths/~1a/get", "base"],
      ["breaking", "operation-removed", "PUT /a", "operation was removed", "/paths/~1a/put", "base"],
      ["changelog", "operation-added", "GET /b/{x}", "new operation", "/paths/~1b~1{x}/get", "revision"],
      ["changelog", "operation-added", "POST /b/{x}", "new operation postB", "/paths/~1b~1{x}/post", "revision"],
    ]);
  });

  test("a path variable renamed is the same operation, placed and named as the revision writes it", async () => {
    const item = (name: string) => ({
      get: { operationId: "getA", summary: name, parameters: [{ name, in: "path", required: true, schema: { type: "string" } }] },
    });
    expect(await rows(api({ "/a/{id}/b": item("id") }), api({ "/a/{aId}/b": item("aId") }))).toEqual([
      ["changelog", "description-changed", "GET /a/{aId}/b", "summary or description changed", "/paths/~1a~1{aId}~1b/get", "revision"],
    ]);
  });

  test("operationId renamed or dropped is breaking; one added where there was none is not", async () => {
    expect(await rows(api({ "/a": { get: { operationId: "getA" } } }), api({ "/a": { get: { operationId: "fetchA" } } }))).toEqual([
      [
        "breaking",
        "operation-id-changed",
        "GET /a",
        "operationId changed from getA to fetchA: the client's method name changes",
        "/paths/~1a/get",
        "revision",
      ],
    ]);
    expect((await rows(api({ "/a": { get: { operationId: "getA" } } }), api({ "/a": { get: {} } })))[0]![3]).toBe(
      "operationId changed from getA to undefined: the client's method name changes",
    );
    expect(await rows(api({ "/a": { get: {} } }), api({ "/a": { get: { operationId: "getA" } } }))).toEqual([]);
  });

  test("a new summary, a new description, and a deprecation are listed; an undeprecation is not", async () => {
    const get = (op: Json) => api({ "/a": { get: op } });
    const edited = ["changelog", "description-changed", "GET /a", "summary or description changed", "/paths/~1a/get", "revision"];
    expect(await rows(get({ summary: "x" }), get({ summary: "y" }))).toEqual([edited]);
    expect(await rows(get({ description: "x" }), get({ description: "y" }))).toEqual([edited]);
    expect(await rows(get({}), get({ deprecated: true }))).toEqual([
      ["changelog", "operation-deprecated", "GET /a", "operation is deprecated (no sunset date announced)", "/paths/~1a/get", "revision"],
    ]);
    expect(await rows(get({ deprecated: true }), get({ deprecated: true }))).toEqual([]);
    expect(await rows(get({ deprecated: true }), get({}))).toEqual([]);
  });

  test("webhooks removed and added, pointers escaped", async () => {
    const hook = { post: { responses: { "200": { description: "ok" } } } };
    expect(
      await rows(api({}, { webhooks: { "invoice/paid": hook, kept: hook } }), api({}, { webhooks: { kept: hook, "invoice~new": hook } })),
    ).toEqual([
      [
        "breaking",
        "webhook-removed",
        "webhook invoice/paid",
        "webhook invoice/paid was removed: subscribers stop receiving it",
        "/webhooks/invoice~1paid",
        "base",
      ],
      ["changelog", "webhook-added", "webhook invoice~new", "new webhook invoice~new", "/webhooks/invoice~0new", "revision"],
    ]);
  });

  test("the API description edited is listed under info", async () => {
    expect(await rows(api({}, { info: { title: "t", version: "1", description: "a" } }), api({}))).toEqual([
      ["changelog", "description-changed", "info", "the API description changed", "/info", "revision"],
    ]);
  });
});

describe("parameters", () => {
  const q = (extra: Json = {}) => ({ name: "q", in: "query", schema: { type: "string" }, ...extra });
  const at = (index: number) => `${OPERATION}/parameters/${index}`;
  const label = 'query parameter "q"';

  test("removed (pointing into the base) and added, required or not", async () => {
    expect(await rows(doc({ parameters: [q({ name: "other" }), q()] }), doc({ parameters: [] }))).toEqual([
      [
        "breaking",
        "request-parameter-removed",
        WHERE,
        'query parameter "other" was removed: clients that send it may be refused',
        at(0),
        "base",
      ],
      ["breaking", "request-parameter-removed", WHERE, `${label} was removed: clients that send it may be refused`, at(1), "base"],
    ]);
    expect(await rows(doc({}), doc({ parameters: [q({ name: "X-Id", in: "header", required: true }), q()] }))).toEqual([
      ["breaking", "request-parameter-added-required", WHERE, 'new header parameter "X-Id" is required', at(0), "revision"],
      ["changelog", "request-parameter-added", WHERE, `new optional ${label}`, at(1), "revision"],
    ]);
  });

  test("made required, serialised differently, or refusing an empty value", async () => {
    expect(
      await rows(doc({ parameters: [q({ allowEmptyValue: true })] }), doc({ parameters: [q({ required: true, explode: false })] })),
    ).toEqual([
      ["breaking", "request-parameter-became-required", WHERE, `${label} is now required`, at(0), "revision"],
      [
        "breaking",
        "request-parameter-serialization-changed",
        WHERE,
        `${label} is serialised differently (style=form explode=true → style=form explode=false)`,
        at(0),
        "revision",
      ],
      [
        "breaking",
        "request-parameter-empty-value-refused",
        WHERE,
        `${label} no longer allows an empty value: clients that send "q=" may be refused`,
        at(0),
        "revision",
      ],
    ]);
    expect(await rows(doc({ parameters: [q({ required: true })] }), doc({ parameters: [q({ required: true })] }))).toEqual([]);
    expect(await rows(doc({ parameters: [q({ required: true })] }), doc({ parameters: [q()] }))).toEqual([]);
  });

  test("an optional parameter's default changed, added or dropped; a required one's default is never used", async () => {
    const d = (value: unknown, required = false) =>
      q({ required, schema: { type: "integer", ...(value === undefined ? {} : { default: value }) } });
    expect(await rows(doc({ parameters: [d(1)] }), doc({ parameters: [d(2)] }))).toEqual([
      ["breaking", "request-parameter-default-changed", WHERE, `${label}'s default changed from 1 to 2`, at(0), "revision"],
    ]);
    expect((await rows(doc({ parameters: [d(undefined)] }), doc({ parameters: [d(5)] })))[0]![3]).toBe(
      `${label}'s default changed from none to 5`,
    );
    expect(await rows(doc({ parameters: [d([1, 2])] }), doc({ parameters: [d([1, 2])] }))).toEqual([]);
    expect(await rows(doc({ parameters: [d(1, true)] }), doc({ parameters: [d(2, true)] }))).toEqual([]);
  });

  test("a schema change is reported at the parameter's schema, named after the parameter", async () => {
    expect(await rows(doc({ parameters: [q()] }), doc({ parameters: [q({ schema: { type: "integer" } })] }))).toEqual([
      ["breaking", "request-type-narrowed", `${WHERE} ${label}`, "no longer accepts string (now integer)", `${at(0)}/schema`, "revision"],
    ]);
  });

  test("a parameter described by content is compared through its media type's schema", async () => {
    const c = (type: string) => ({ name: "filter", in: "query", content: { "application/json": { schema: { type } } } });
    expect(await rows(doc({ parameters: [c("string")] }), doc({ parameters: [c("integer")] }))).toEqual([
      [
        "breaking",
        "request-type-narrowed",
        `${WHERE} query parameter "filter"`,
        "no longer accepts string (now integer)",
        `${at(0)}/content`,
        "revision",
      ],
    ]);
  });

  test("a single value made a form-exploded array is compared with the array's items", async () => {
    const nullableArray = q({ schema: { type: ["array", "null"], items: { type: "string", maxLength: 3 } } });
    expect(await rows(doc({ parameters: [q()] }), doc({ parameters: [nullableArray] }))).toEqual([
      [
        "breaking",
        "request-max-length-tightened",
        `${WHERE} ${label}`,
        "maxLength changed from none to 3",
        `${at(0)}/schema/items`,
        "revision",
      ],
    ]);
  });

  test("a path-level parameter is pointed at on its path item, after the ones the operation redeclares", async () => {
    const withItemParameters = (extra: Json) => {
      const d = doc({ parameters: [q({ name: "id", in: "path", required: true })] });
      d.paths["/things/{id}"].parameters.push(q(), q({ name: "X-Trace", in: "header", ...extra }));
      return d;
    };
    expect(await rows(withItemParameters({}), withItemParameters({ required: true }))).toEqual([
      [
        "breaking",
        "request-parameter-became-required",
        WHERE,
        'header parameter "X-Trace" is now required',
        "/paths/~1things~1{id}/parameters/1",
        "revision",
      ],
    ]);
    // Gone from both: pointed at in the base, at the place it had among the path item's own.
    const d = withItemParameters({});
    d.paths["/things/{id}"].parameters.splice(1, 1);
    expect((await rows(withItemParameters({}), d)).map((r) => [r[1], r[4], r[5]])).toEqual([
      ["request-parameter-removed", "/paths/~1things~1{id}/parameters/0", "base"],
    ]);
  });

  test("header parameters match without regard to case, query parameters do not", async () => {
    const h = (name: string) => ({ name, in: "header", schema: { type: "string" } });
    expect(await rows(doc({ parameters: [h("X-Trace")] }), doc({ parameters: [h("x-trace")] }))).toEqual([]);
    expect((await rows(doc({ parameters: [q({ name: "Q" })] }), doc({ parameters: [q({ name: "q" })] }))).map((r) => r[1])).toEqual([
      "request-parameter-removed",
      "request-parameter-added",
    ]);
  });

  test("a path parameter the template does not name is matched by its name", async () => {
    const stray = (name: string) => doc({ parameters: [q({ name, in: "path", required: true })] });
    expect(await rows(stray("ghost"), stray("ghost"))).toEqual([]);
    expect((await rows(stray("ghost"), stray("spirit"))).map((r) => r[1])).toEqual([
      "request-parameter-removed",
      "request-parameter-added-required",
    ]);
  });
});

describe("request bodies", () => {
  const body = (requestBody: Json | undefined) => {
    const d = doc({});
    if (requestBody) d.paths["/things/{id}"].post.requestBody = requestBody;
    else delete d.paths["/things/{id}"].post.requestBody;
    return d;
  };
  const json = (schema?: Json, type = "application/json") => ({ [type]: schema ? { schema } : {} });
  const at = `${OPERATION}/requestBody`;

  test("removed, added required, added optional, made required", async () => {
    expect(await rows(body({ content: json({}) }), body(undefined))).toEqual([
      ["breaking", "request-body-removed", WHERE, "the request body was removed: clients that send one may be refused", at, "base"],
    ]);
    expect(await rows(body(undefined), body({ required: true, content: json({}) }))).toEqual([
      ["breaking", "request-body-added-required", WHERE, "a request body is now required", at, "revision"],
    ]);
    expect(await rows(body(undefined), body({ content: json({}) }))).toEqual([
      ["changelog", "request-body-added", WHERE, "new optional request body", at, "revision"],
    ]);
    expect(await rows(body({ content: json({}) }), body({ required: true, content: json({}) }))).toEqual([
      ["breaking", "request-body-became-required", WHERE, "the request body is now required", at, "revision"],
    ]);
    expect(await rows(body(undefined), body(undefined))).toEqual([]);
  });

  test("media types removed, added, or given a schema; the schema compared as input", async () => {
    expect(
      await rows(
        body({ content: { ...json(), ...json({ type: "string" }, "text/plain") } }),
        body({ content: { ...json({ type: "object" }), ...json({ type: "integer" }, "text/csv") } }),
      ),
    ).toEqual([
      [
        "breaking",
        "request-body-schema-added",
        WHERE,
        "the application/json request body now has a schema to match",
        `${at}/content/application~1json`,
        "revision",
      ],
      [
        "breaking",
        "request-body-media-type-removed",
        WHERE,
        "the request body no longer accepts text/plain",
        `${at}/content/text~1plain`,
        "base",
      ],
      [
        "changelog",
        "request-body-media-type-added",
        WHERE,
        "the request body also accepts text/csv",
        `${at}/content/text~1csv`,
        "revision",
      ],
    ]);
    expect(await rows(body({ content: json({ type: "string" }) }), body({ content: json({ type: "integer" }) }))).toEqual([
      [
        "breaking",
        "request-type-narrowed",
        `${WHERE} body`,
        "no longer accepts string (now integer)",
        `${at}/content/application~1json/schema`,
        "revision",
      ],
    ]);
    // A schema dropped lets anything in: nothing for a client to fear.
    expect(await rows(body({ content: json({ type: "string" }) }), body({ content: json() }))).toEqual([]);
  });

  test("an XML body's root type is not compared, a JSON body's is", async () => {
    const root = (type: string, media: string) => body({ content: json({ type }, media) });
    expect(await rows(root("object", "application/atom+xml"), root("string", "application/atom+xml"))).toEqual([
      [
        "changelog",
        "request-xml-type-changed",
        `${WHERE} body`,
        "the XML body's type changed",
        `${at}/content/application~1atom+xml/schema`,
        "revision",
      ],
    ]);
    expect((await rows(root("object", "application/json"), root("string", "application/json"))).map((r) => r[1])).toEqual([
      "request-type-narrowed",
    ]);
  });
});

describe("responses", () => {
  const at = `${OPERATION}/responses/200`;
  const where = `${WHERE} response 200`;
  const headers = (h: Json) => doc({ headers: h });

  test("headers removed (said when required), made optional, serialised differently, described anew, and added", async () => {
    const base = headers({
      "X-Gone": { required: true, schema: {} },
      "X-Old": { schema: {} },
      "X-Kept": { required: true, description: "a", schema: {} },
    });
    const revision = headers({ "x-kept": { style: "form", description: "b", schema: {} }, "X-New": { schema: {} } });
    expect(await rows(base, revision)).toEqual([
      [
        "breaking",
        "response-header-removed",
        WHERE,
        "response header X-Gone was removed (it was required)",
        `${at}/headers/X-Gone`,
        "base",
      ],
      ["breaking", "response-header-removed", WHERE, "response header X-Old was removed", `${at}/headers/X-Old`, "base"],
      [
        "breaking",
        "response-header-became-optional",
        WHERE,
        "response header X-Kept may now be missing",
        `${at}/headers/x-kept`,
        "revision",
      ],
      [
        "breaking",
        "response-header-serialization-changed",
        WHERE,
        "response header X-Kept is serialised differently (style=simple explode=false → style=form explode=true): clients parse the old form",
        `${at}/headers/x-kept`,
        "revision",
      ],
      [
        "changelog",
        "description-changed",
        WHERE,
        "response header X-Kept's description changed",
        `${at}/headers/x-kept/description`,
        "revision",
      ],
      ["changelog", "response-header-added", WHERE, "new response header X-New", `${at}/headers/X-New`, "revision"],
    ]);
  });

  test("a header's schema is compared as output text, named after the header", async () => {
    expect(
      await rows(headers({ "X-Count": { schema: { type: "integer" } } }), headers({ "X-Count": { schema: { type: "string" } } })),
    ).toEqual([
      [
        "breaking",
        "response-type-widened",
        `${WHERE} header X-Count`,
        "may now be string (was integer)",
        `${at}/headers/X-Count/schema`,
        "revision",
      ],
    ]);
  });

  test("media types removed or added, schemas lost or gained, new examples", async () => {
    const content = (c: Json) => doc({ responses: { "200": { description: "ok", content: c } } });
    const base = content({ "application/json": { schema: { type: "object" } }, "text/plain": {}, "text/csv": { schema: {} } });
    const revision = content({
      "application/json": {},
      "text/plain": { schema: {}, examples: { one: { value: "1" } } },
      "application/xml": {},
    });
    expect(await rows(base, revision)).toEqual([
      [
        "breaking",
        "response-schema-changed",
        WHERE,
        "response 200 application/json lost its schema",
        `${at}/content/application~1json`,
        "revision",
      ],
      ["breaking", "response-schema-changed", WHERE, "response 200 text/plain gained its schema", `${at}/content/text~1plain`, "revision"],
      ["changelog", "example-added", WHERE, 'response 200 has a new example "one"', `${at}/content/text~1plain/examples/one`, "revision"],
      ["breaking", "response-media-type-removed", WHERE, "response 200 no longer offers text/csv", `${at}/content/text~1csv`, "base"],
      [
        "changelog",
        "response-media-type-added",
        WHERE,
        "response 200 also offers application/xml",
        `${at}/content/application~1xml`,
        "revision",
      ],
    ]);
    // An example already there is not new.
    const example = content({ "text/plain": { examples: { one: { value: "1" } } } });
    expect(await rows(example, content({ "text/plain": { examples: { one: { value: "2" } } } }))).toEqual([]);
  });

  test("the body schema is compared as output, an XML body's root loosely", async () => {
    const body = (type: string, media = "application/json") =>
      doc({ responses: { "200": { description: "ok", content: { [media]: { schema: { type } } } } } });
    expect(await rows(body("integer"), body("string"))).toEqual([
      ["breaking", "response-type-widened", where, "may now be string (was integer)", `${at}/content/application~1json/schema`, "revision"],
    ]);
    expect((await rows(body("integer", "text/xml"), body("string", "text/xml"))).map((r) => r[1])).toEqual(["response-xml-type-changed"]);
  });

  test("statuses removed, added, and described anew", async () => {
    const statuses = (s: Json) => doc({ responses: s });
    expect(
      await rows(
        statuses({ "200": { description: "a" }, "204": { description: "b" }, "404": { description: "c" } }),
        statuses({ "200": { description: "z" }, "409": { description: "d" } }),
      ),
    ).toEqual([
      ["changelog", "description-changed", WHERE, "response 200's description changed", `${at}/description`, "revision"],
      ["breaking", "response-success-status-removed", WHERE, "success response 204 was removed", `${OPERATION}/responses/204`, "base"],
      ["changelog", "response-status-removed", WHERE, "response 404 is no longer documented", `${OPERATION}/responses/404`, "base"],
      ["changelog", "response-status-added", WHERE, "new response 409", `${OPERATION}/responses/409`, "revision"],
    ]);
  });
});

describe("Problem codes", () => {
  const problem = (codes: Record<string, string[]>) =>
    doc({
      responses: Object.fromEntries(
        Object.entries(codes).map(([status, list]) => [
          status,
          {
            description: status,
            content: {
              "application/problem+json": {
                ...(list[0] ? { example: { code: list[0] } } : {}),
                examples: Object.fromEntries(list.slice(1).map((code) => [code, { value: { code } }])),
              },
            },
          },
        ]),
      ),
    });

  test("a code no error response shows any more is breaking, at the status it was under; a new one is listed", async () => {
    const changes = (
      await diff(
        problem({ "400": ["invalid_request", "duplicate"], "404": ["not_found"] }),
        problem({ "400": ["invalid_request"], "404": ["gone"] }),
      )
    ).filter((c) => c.rule.startsWith("problem-code"));
    expect(changes.map(row)).toEqual([
      [
        "breaking",
        "problem-code-removed",
        WHERE,
        'Problem code "duplicate" (400) is no longer documented',
        `${OPERATION}/responses/400`,
        "base",
      ],
      [
        "breaking",
        "problem-code-removed",
        WHERE,
        'Problem code "not_found" (404) is no longer documented',
        `${OPERATION}/responses/404`,
        "base",
      ],
      ["changelog", "problem-code-added", WHERE, 'new Problem code "gone" (404)', `${OPERATION}/responses/404`, "revision"],
    ]);
  });

  test("a code moved to another error status is still documented; codes in success examples are not Problem codes", async () => {
    const moved = await diff(problem({ "400": ["conflict"], "409": ["x"] }), problem({ "400": ["x"], "409": ["conflict"] }));
    expect(moved.filter((c) => c.rule.startsWith("problem-code"))).toEqual([]);
    const success = await diff(problem({ "200": ["ok"], "500": ["internal"] }), problem({ "200": [], "500": ["internal"] }));
    expect(success.filter((c) => c.rule.startsWith("problem-code"))).toEqual([]);
  });

  test("an example whose code is not text names no code", async () => {
    const numeric = await diff(problem({ "400": ["x"] }), problem({ "400": [] }));
    expect(numeric.filter((c) => c.rule.startsWith("problem-code")).map((c) => c.message)).toEqual([
      'Problem code "x" (400) is no longer documented',
    ]);
    const d = problem({ "400": [] });
    d.paths["/things/{id}"].post.responses["400"].content["application/problem+json"].example = { code: 400 };
    expect((await diff(d, problem({ "400": [] }))).filter((c) => c.rule.startsWith("problem-code"))).toEqual([]);
  });
});
