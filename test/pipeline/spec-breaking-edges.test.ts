/**
 * Edges of the breaking-change rules that the rule-by-rule tests do not reach: documents
 * without info, path templates that collide or carry undeclared variables, parameters
 * without a schema, statuses and serialisations at the borders of their defaults, and
 * accept-list entries that miss a change by exactly one criterion.
 */
import { describe, expect, test } from "vitest";
import { applyAcceptList, type Acceptance } from "../../pipeline/breaking/accept-list.ts";
import { breakingChanges, diffSpecs, majorRaised, type Change } from "../../pipeline/breaking/index.ts";
import { entriesOf, type Located } from "../../pipeline/breaking/entries.ts";
import { formExploded, serialization } from "../../pipeline/breaking/serialization.ts";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { dereference } from "../../pipeline/openapi-model.ts";
import { diff, doc, object, OPERATION, row, WHERE, type Json } from "../support/breaking.ts";

const rows = async (base: Json, revision: Json) => (await diff(base, revision)).map(row);
const api = (paths: Json): Json => ({ openapi: "3.1.0", info: { title: "t", version: "1.0.0" }, paths });
const get = (extra: Json = {}) => ({ get: { responses: { "200": { description: "ok" } }, ...extra } });

describe("the document as a whole", () => {
  test("breakingChanges keeps only the breaking changes of diffSpecs", async () => {
    const base = await dereference(doc({ response: object({ a: { type: "string" } }, ["a"]) }));
    const revision = await dereference(doc({ response: object({ b: { type: "string" } }) }));
    expect(diffSpecs(base, revision).map((c) => c.kind)).toEqual(["breaking", "changelog"]);
    expect(breakingChanges(base, revision).map((c) => c.rule)).toEqual(["response-required-property-removed"]);
  });

  test("documents without info, paths or components compare without error", () => {
    expect(diffSpecs({} as Spec, {} as Spec)).toEqual([]);
    expect(diffSpecs({ info: { description: "a" } } as unknown as Spec, {} as Spec).map((c) => c.rule)).toEqual(["description-changed"]);
  });

  test("the major version compares as a number; a missing version is major 0", () => {
    expect(majorRaised({ info: { version: "9.0.0" } }, { info: { version: "10.0.0" } })).toBe(true);
    expect(majorRaised({ info: { version: "10.0.0" } }, { info: { version: "9.9.9" } })).toBe(false);
    expect(majorRaised({}, { info: { version: "1.0.0" } })).toBe(true);
    expect(majorRaised({ info: { version: "1.0.0" } }, {})).toBe(false);
  });
});

describe("paths and path parameters", () => {
  test("/a/ and /a/{id} are two operations", async () => {
    const both = api({ "/a/": get(), "/a/{id}": get() });
    expect(await rows(both, both)).toEqual([]);
    expect((await rows(both, api({ "/a/{id}": get() }))).map((r) => [r[1], r[2]])).toEqual([["operation-removed", "GET /a/"]]);
  });

  test("a second path variable renamed is the same parameter, matched by its place", async () => {
    const item = (second: string) => ({
      [`/a/{x}/b/{${second}}`]: get({
        parameters: [
          { name: "x", in: "path", required: true, schema: { type: "string" } },
          { name: second, in: "path", required: true, schema: { type: "string" } },
        ],
      }),
    });
    expect(await rows(api(item("y")), api(item("z")))).toEqual([]);
  });

  test("path parameters a template without variables does not name are matched by name", async () => {
    const plain = (...names: string[]) =>
      api({ "/plain": get({ parameters: names.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })) }) });
    expect(await rows(plain("a", "b"), plain("a", "b"))).toEqual([]);
    expect((await rows(plain("a"), plain("b"))).map((r) => r[1])).toEqual([
      "request-parameter-removed",
      "request-parameter-added-required",
    ]);
  });

  test("a response status removed from an operation whose path variable was renamed points into the base", async () => {
    const statuses = (path: string, codes: string[]) =>
      api({ [path]: { get: { responses: Object.fromEntries(codes.map((c) => [c, { description: c }])) } } });
    expect(await rows(statuses("/a/{id}", ["200", "404"]), statuses("/a/{x}", ["200"]))).toEqual([
      [
        "changelog",
        "response-status-removed",
        "GET /a/{x}",
        "response 404 is no longer documented",
        "/paths/~1a~1{id}/get/responses/404",
        "base",
      ],
    ]);
  });
});

describe("parameters", () => {
  const q = (extra: Json = {}) => ({ name: "q", in: "query", ...extra });

  test("a parameter without a schema compares without error", async () => {
    expect(await rows(doc({ parameters: [q()] }), doc({ parameters: [q()] }))).toEqual([]);
    expect((await rows(doc({ parameters: [q()] }), doc({ parameters: [q({ description: "d" })] }))).map((r) => r[1])).toEqual([
      "description-changed",
    ]);
  });

  test("an empty value allowed on both sides is no change", async () => {
    const empty = q({ allowEmptyValue: true, schema: { type: "string" } });
    expect(await rows(doc({ parameters: [empty] }), doc({ parameters: [empty] }))).toEqual([]);
  });

  test("a header that becomes an array is compared whole: simple style splits a value at its commas", async () => {
    const p = (location: string, schema: Json) => ({ name: "X-Tag", in: location, schema });
    const header = await rows(
      doc({ parameters: [p("header", { type: "string" })] }),
      doc({ parameters: [p("header", { type: "array", items: { type: "string" } })] }),
    );
    expect(header.map((r) => [r[1], r[3]])).toEqual([["request-type-narrowed", "no longer accepts string (now array)"]]);
    const query = await rows(
      doc({ parameters: [p("query", { type: "string" })] }),
      doc({ parameters: [p("query", { type: "array", items: { type: "string" } })] }),
    );
    expect(query).toEqual([]);
  });

  test("a property removed from a parameter's object schema points into the base's schema", async () => {
    const p = (properties: Json) => ({ name: "filter", in: "query", schema: object(properties) });
    expect(await rows(doc({ parameters: [p({ a: { type: "string" } })] }), doc({ parameters: [p({})] }))).toEqual([
      [
        "changelog",
        "request-property-removed",
        `${WHERE} query parameter "filter"`,
        'request field "a" is no longer documented',
        `${OPERATION}/parameters/0/schema/properties/a`,
        "base",
      ],
    ]);
  });

  test("serialisation outside the four locations falls back to form, exploded", () => {
    expect(serialization({ in: "querystring" })).toBe("style=form explode=true");
    expect(serialization({})).toBe("style=form explode=true");
    expect(formExploded({ in: "header" })).toBe(false);
    expect(formExploded({ in: "cookie" })).toBe(true);
    expect(formExploded({})).toBe(true);
  });
});

describe("responses", () => {
  const at = `${OPERATION}/responses/200`;
  test("a response header from an explicit form style back to its default is serialised differently", async () => {
    const h = (extra: Json) => doc({ headers: { "X-Ids": { schema: { type: "array", items: { type: "string" } }, ...extra } } });
    expect((await rows(h({ style: "form" }), h({}))).map((r) => r[3])).toEqual([
      "response header X-Ids is serialised differently (style=form explode=true → style=simple explode=false): clients parse the old form",
    ]);
  });

  test("a header's schema bounds are compared as output", async () => {
    const h = (schema: Json) => doc({ headers: { "X-Name": { schema } } });
    expect(await rows(h({ type: "string", maxLength: 5 }), h({ type: "string", maxLength: 9 }))).toEqual([
      [
        "breaking",
        "response-max-length-loosened",
        `${WHERE} header X-Name`,
        "maxLength changed from 5 to 9",
        `${at}/headers/X-Name/schema`,
        "revision",
      ],
    ]);
  });

  test("only 2xx statuses are success statuses; only 4xx and 5xx examples document Problem codes", async () => {
    const statuses = (codes: Json) => doc({ responses: codes });
    const withCode = (code: string) => ({ description: "d", content: { "application/json": { example: { code } } } });
    const removed = await rows(
      statuses({ "200": { description: "ok" }, "422": { description: "x" } }),
      statuses({ "200": { description: "ok" } }),
    );
    expect(removed.map((r) => [r[0], r[1]])).toEqual([["changelog", "response-status-removed"]]);
    const success = await rows(
      statuses({ "204": withCode("done"), "250": withCode("odd") }),
      statuses({ "204": { description: "d" }, "250": { description: "d" } }),
    );
    expect(success.filter((r) => String(r[1]).startsWith("problem-code"))).toEqual([]);
  });
});

describe("security", () => {
  const schemes = { Bearer: { type: "http", scheme: "bearer" } };
  test("a requirement some alternative still satisfies asks for no new scope, even beside one that asks for more", async () => {
    const changes = await diff(
      doc({ schemes, security: [{ Bearer: ["read"] }] }),
      doc({ schemes, security: [{ Bearer: ["read", "write"] }, { Bearer: ["read"] }] }),
    );
    expect(changes.filter((c) => c.kind === "breaking")).toEqual([]);
  });

  test("an openIdConnectUrl that is not text is no URL", async () => {
    const oidc = (extra: Json) => ({ S: { type: "openIdConnect", ...extra } });
    expect(await diff(doc({ schemes: oidc({ openIdConnectUrl: 5 }) }), doc({ schemes: oidc({}) }))).toEqual([]);
  });
});

describe("accept-list entries that miss by one criterion", () => {
  const change = (extra: Partial<Change> = {}): Change => ({
    rule: "request-max-length-tightened",
    kind: "breaking",
    where: "POST /a body",
    message: "maxLength changed from none to 254",
    pointer: "/p",
    side: "revision",
    ...extra,
  });
  const acceptance: Acceptance = { rule: "request-max-length-tightened", where: "POST /a", match: "to 254", reason: "r" };
  test.each<[string, Partial<Change>]>([
    ["another operation whose path starts the same", { where: "POST /ab body" }],
    ["another operation", { where: "GET /b body" }],
    ["another rule", { rule: "request-type-narrowed" }],
    ["a message without the match", { message: "maxLength changed from 9 to 8" }],
    ["a changelog entry", { kind: "changelog" }],
  ])("%s is not covered", (_what, extra) => {
    const changes = [change(extra)];
    expect(applyAcceptList(changes, [acceptance])).toEqual([acceptance]);
    expect(changes[0]!.accepted).toBeUndefined();
  });
  test("the change itself is", () => {
    const changes = [change()];
    expect(applyAcceptList(changes, [acceptance])).toEqual([]);
    expect(changes[0]!.accepted).toBe("r");
  });
});

describe("entries", () => {
  const found = (where: string, extra: Partial<Located> = {}): Located => ({
    rule: "r",
    kind: "changelog",
    where,
    message: "m",
    pointer: "/p",
    side: "revision",
    source: { file: "spec/a.yaml", line: 1 },
    ...extra,
  });
  test("places fold statuses only when every rest of an operation is exactly `response <status>`", () => {
    const where = (...places: string[]) => entriesOf(places.map((p) => found(p)))[0]!.where;
    expect(where("POST /a response 400", "POST /a response 401")).toBe("POST /a response 400, 401");
    expect(where("POST /a response 400", "POST /a x response 401")).toBe("POST /a response 400, x response 401");
    expect(where("POST /a response 400", "POST /a response 401 header X")).toBe("POST /a response 400, response 401 header X");
    expect(where("GET /a", "GET /a body")).toBe("GET /a body");
  });
  test("the first pointer in order speaks for an entry, whatever order the places came in", () => {
    for (const order of [
      ["/m", "/a", "/z"],
      ["/z", "/m", "/a"],
      ["/a", "/z", "/m"],
    ])
      expect(entriesOf(order.map((pointer) => found("GET /a", { pointer })))[0]!.pointer).toBe("/a");
  });
  test("entries equal on every sort key keep the order they were found in", () => {
    const entries = entriesOf([
      found("GET /a", { kind: "breaking", accepted: "why" }),
      found("GET /a", { kind: "breaking" }),
      found("GET /a"),
    ]);
    expect(entries.map((e) => [e.kind, e.accepted])).toEqual([
      ["breaking", "why"],
      ["breaking", undefined],
      ["changelog", undefined],
    ]);
  });
});
