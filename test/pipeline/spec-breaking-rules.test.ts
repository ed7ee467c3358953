/**
 * The breaking-change rules for security flows, readOnly/writeOnly, discriminators, response
 * statuses, header serialisation and optional response fields; the false alarms they must
 * not raise; and equivalent spellings of one document, which must report nothing.
 */
import { describe, expect, test } from "vitest";
import type { Change } from "../../pipeline/breaking/index.ts";
import { diff, doc, object, type Json } from "../support/breaking.ts";

const rules = (changes: Change[], kind: Change["kind"] = "breaking") => changes.filter((c) => c.kind === kind).map((c) => c.rule);

describe("OAuth 2 flow and OpenID Connect URLs", () => {
  const oauth = (flows: Json) => ({ OAuth: { type: "oauth2", flows } });
  const code = (urls: Json) => ({
    authorizationCode: { authorizationUrl: "https://id.example/auth", tokenUrl: "https://id.example/token", scopes: {}, ...urls },
  });

  test.each([
    ["authorizationUrl", { authorizationUrl: "https://login.example/auth" }],
    ["tokenUrl", { tokenUrl: "https://login.example/token" }],
    ["refreshUrl", { refreshUrl: "https://login.example/refresh" }],
  ])("a moved %s is breaking: security-oauth-url-changed", async (key, moved) => {
    const base = doc({ schemes: oauth(code({ refreshUrl: "https://id.example/refresh" })) });
    const revision = doc({ schemes: oauth(code({ refreshUrl: "https://id.example/refresh", ...moved })) });
    const changes = (await diff(base, revision)).filter((c) => c.kind === "breaking");
    expect(changes.map((c) => [c.rule, c.pointer])).toEqual([
      ["security-oauth-url-changed", `/components/securitySchemes/OAuth/flows/authorizationCode/${key}`],
    ]);
  });

  test("a removed flow is breaking; an added one and an added refreshUrl are not", async () => {
    const both = { ...code({}), clientCredentials: { tokenUrl: "https://id.example/token", scopes: {} } };
    expect(rules(await diff(doc({ schemes: oauth(both) }), doc({ schemes: oauth(code({})) })))).toEqual(["security-oauth-flow-removed"]);
    const added = await diff(
      doc({ schemes: oauth(code({})) }),
      doc({ schemes: oauth({ ...both, ...code({ refreshUrl: "https://id.example/r" }) }) }),
    );
    expect(rules(added)).toEqual([]);
    expect(rules(added, "changelog")).toContain("security-oauth-flow-added");
  });

  test("a URL spelled with another host case or default port is the same URL", async () => {
    const revision = doc({ schemes: oauth(code({ tokenUrl: "https://ID.example:443/token" })) });
    expect(await diff(doc({ schemes: oauth(code({})) }), revision)).toEqual([]);
  });

  test("a changed openIdConnectUrl is breaking: security-openid-connect-url-changed", async () => {
    const oidc = (url: string) => ({ Oidc: { type: "openIdConnect", openIdConnectUrl: url } });
    const changes = await diff(
      doc({ schemes: oidc("https://id.example/.well-known/openid-configuration") }),
      doc({ schemes: oidc("https://login.example/.well-known/openid-configuration") }),
    );
    expect(rules(changes)).toEqual(["security-openid-connect-url-changed"]);
  });
});

describe("security requirements", () => {
  const schemes = {
    Key: { type: "apiKey", in: "header", name: "X-Key" },
    Bearer: { type: "http", scheme: "bearer" },
  };
  test("dropping one scheme of an AND requirement is not breaking: the client sends one credential fewer", async () => {
    const changes = await diff(
      doc({ schemes, security: [{ Key: [], Bearer: ["read"] }] }),
      doc({ schemes, security: [{ Bearer: ["read"] }] }),
    );
    expect(rules(changes)).toEqual([]);
    expect(rules(changes, "changelog")).toEqual(["security-requirement-relaxed"]);
  });
  test("dropping an AND scheme while adding a scope to the other is still a new scope", async () => {
    const changes = await diff(
      doc({ schemes, security: [{ Key: [], Bearer: ["read"] }] }),
      doc({ schemes, security: [{ Bearer: ["read", "write"] }] }),
    );
    expect(rules(changes)).toEqual(["security-scope-added"]);
  });
  test("adding a scheme to an AND requirement is breaking: the client lacks the new credential", async () => {
    const changes = await diff(doc({ schemes, security: [{ Bearer: [] }] }), doc({ schemes, security: [{ Key: [], Bearer: [] }] }));
    expect(rules(changes)).toEqual(["security-alternative-removed"]);
  });
  test("a security scheme's description edit is in the changelog", async () => {
    const described = (text: string) => ({ ...schemes, Key: { ...schemes.Key, description: text } });
    const changes = await diff(doc({ schemes: described("old") }), doc({ schemes: described("new") }));
    expect(changes.map((c) => [c.kind, c.rule, c.where])).toEqual([["changelog", "description-changed", "security scheme Key"]]);
  });
});

describe("readOnly and writeOnly", () => {
  test("a required response field that turns writeOnly is breaking: it is no longer returned", async () => {
    const changes = await diff(
      doc({ response: object({ token: { type: "string" } }, ["token"]) }),
      doc({ response: object({ token: { type: "string", writeOnly: true } }, ["token"]) }),
    );
    expect(rules(changes)).toEqual(["response-property-became-write-only"]);
  });
  test("the same in a nested object and in array items", async () => {
    const nested = (writeOnly: boolean) =>
      object({
        owner: object({ token: { type: "string", writeOnly } }, ["token"]),
        list: { type: "array", items: object({ token: { type: "string", writeOnly } }, ["token"]) },
      });
    expect(rules(await diff(doc({ response: nested(false) }), doc({ response: nested(true) })))).toEqual([
      "response-property-became-write-only",
      "response-property-became-write-only",
    ]);
  });
  test("an optional response field that turns writeOnly, and request fields that turn readOnly, are listed, not counted", async () => {
    const changes = await diff(
      doc({
        response: object({ note: { type: "string" } }),
        request: object({ id: { type: "string" }, note: { type: "string" } }, ["id"]),
      }),
      doc({
        response: object({ note: { type: "string", writeOnly: true } }),
        request: object({ id: { type: "string", readOnly: true }, note: { type: "string", readOnly: true } }, ["id"]),
      }),
    );
    expect(rules(changes)).toEqual([]);
    expect(rules(changes, "changelog").sort()).toEqual([
      "request-property-became-read-only",
      "request-property-became-read-only",
      "response-property-became-write-only",
    ]);
  });
  test("writeOnly on a request field and readOnly on a response field change nothing a client sees", async () => {
    const changes = await diff(
      doc({ request: object({ secret: { type: "string" } }, ["secret"]), response: object({ id: { type: "string" } }, ["id"]) }),
      doc({
        request: object({ secret: { type: "string", writeOnly: true } }, ["secret"]),
        response: object({ id: { type: "string", readOnly: true } }, ["id"]),
      }),
    );
    expect(rules(changes)).toEqual([]);
  });
});

describe("discriminators", () => {
  const schemas = {
    Cat: object({ kind: { type: "string" }, purrs: { type: "boolean" } }, ["kind"]),
    Dog: object({ kind: { type: "string" }, barks: { type: "boolean" } }, ["kind"]),
  };
  const pet = (discriminator: Json) => ({
    oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
    discriminator,
  });
  const mapping = (m: Json) => ({ propertyName: "kind", mapping: m });
  const both = { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" };

  test.each(["request", "response"] as const)("a changed propertyName is breaking in a %s", async (side) => {
    const changes = await diff(
      doc({ schemas, [side]: pet(mapping(both)) }),
      doc({ schemas, [side]: pet({ propertyName: "type", mapping: both }) }),
    );
    expect(rules(changes)).toEqual([`${side}-discriminator-property-changed`]);
  });

  test("request: a mapping value removed or sent elsewhere is breaking; one added is not", async () => {
    const removed = await diff(doc({ schemas, request: pet(mapping(both)) }), doc({ schemas, request: pet(mapping({ dog: both.dog })) }));
    expect(rules(removed)).toEqual(["request-discriminator-mapping-changed"]);
    const moved = await diff(
      doc({ schemas, request: pet(mapping(both)) }),
      doc({ schemas, request: pet(mapping({ cat: both.dog, dog: both.dog })) }),
    );
    expect(rules(moved)).toEqual(["request-discriminator-mapping-changed"]);
    const added = await diff(doc({ schemas, request: pet(mapping({ dog: both.dog })) }), doc({ schemas, request: pet(mapping(both)) }));
    expect(rules(added)).toEqual([]);
  });

  test("response: a mapping value added is breaking (clients meet a type they do not know); one removed is not", async () => {
    const added = await diff(doc({ schemas, response: pet(mapping({ dog: both.dog })) }), doc({ schemas, response: pet(mapping(both)) }));
    expect(rules(added)).toEqual(["response-discriminator-mapping-changed"]);
    const removed = await diff(doc({ schemas, response: pet(mapping(both)) }), doc({ schemas, response: pet(mapping({ dog: both.dog })) }));
    expect(rules(removed)).toEqual([]);
  });

  test("a mapping to a bare schema name is the same as one to its reference", async () => {
    const changes = await diff(
      doc({ schemas, response: pet(mapping(both)) }),
      doc({ schemas, response: pet(mapping({ cat: "Cat", dog: "Dog" })) }),
    );
    expect(changes).toEqual([]);
  });
});

describe("response statuses", () => {
  test("a removed success status is breaking; a removed error status is listed (no generated type branches on it)", async () => {
    const responses = (statuses: string[]) => Object.fromEntries(statuses.map((s) => [s, { description: s }]));
    const success = await diff(doc({ responses: responses(["200", "201"]) }), doc({ responses: responses(["201"]) }));
    expect(rules(success)).toEqual(["response-success-status-removed"]);
    const error = await diff(doc({ responses: responses(["200", "404", "default"]) }), doc({ responses: responses(["200"]) }));
    expect(rules(error)).toEqual([]);
    expect(rules(error, "changelog")).toEqual(["response-status-removed", "response-status-removed"]);
  });
});

describe("parameter and header serialisation", () => {
  const header = (extra: Json) => ({ name: "X-Ids", in: "header", schema: { type: "array", items: { type: "string" } }, ...extra });

  test.each([
    ["explode", { explode: true }],
    ["style", { style: "form" }],
  ])("a request header's %s changed is breaking", async (_key, extra) => {
    const changes = await diff(doc({ parameters: [header({})] }), doc({ parameters: [header(extra)] }));
    expect(rules(changes)).toEqual(["request-parameter-serialization-changed"]);
  });

  test("a default spelled out is no change (style simple, explode false on a header; form, explode true on a query)", async () => {
    const query = (extra: Json) => ({ name: "tag", in: "query", schema: { type: "array", items: { type: "string" } }, ...extra });
    const changes = await diff(
      doc({ parameters: [header({}), query({})] }),
      doc({ parameters: [header({ style: "simple", explode: false }), query({ style: "form", explode: true })] }),
    );
    expect(changes).toEqual([]);
  });

  test("a response header's explode changed is breaking: clients parse the old form", async () => {
    const h = (extra: Json) => ({ "X-Ids": { schema: { type: "array", items: { type: "string" } }, ...extra } });
    const changes = await diff(doc({ headers: h({}) }), doc({ headers: h({ explode: true }) }));
    expect(rules(changes)).toEqual(["response-header-serialization-changed"]);
  });

  test("allowEmptyValue withdrawn is breaking; granted is not", async () => {
    const q = (extra: Json) => ({ name: "filter", in: "query", schema: { type: "string" }, ...extra });
    expect(rules(await diff(doc({ parameters: [q({ allowEmptyValue: true })] }), doc({ parameters: [q({})] })))).toEqual([
      "request-parameter-empty-value-refused",
    ]);
    expect(rules(await diff(doc({ parameters: [q({})] }), doc({ parameters: [q({ allowEmptyValue: true })] })))).toEqual([]);
  });

  test("a form-exploded query array still takes the single value it took before", async () => {
    const q = (schema: Json) => ({ name: "token", in: "query", schema });
    const widened = await diff(
      doc({ parameters: [q({ type: "string" })] }),
      doc({ parameters: [q({ type: "array", items: { type: "string" } })] }),
    );
    expect(rules(widened)).toEqual([]);
    const narrowed = await diff(
      doc({ parameters: [q({ type: "string" })] }),
      doc({ parameters: [q({ type: "array", items: { type: "integer" } })] }),
    );
    expect(rules(narrowed)).toEqual(["request-type-narrowed"]);
    const piped = await diff(
      doc({ parameters: [q({ type: "string" })] }),
      doc({ parameters: [{ ...q({ type: "array", items: { type: "string" } }), style: "pipeDelimited" }] }),
    );
    expect(rules(piped)).toContain("request-type-narrowed");
  });

  test("a parameter's description edit is in the changelog", async () => {
    const q = (description: string) => ({ name: "q", in: "query", description, schema: { type: "string" } });
    const changes = await diff(doc({ parameters: [q("old")] }), doc({ parameters: [q("new")] }));
    expect(changes.map((c) => [c.kind, c.rule, c.message])).toEqual([
      ["changelog", "description-changed", `query parameter "q"'s description changed`],
    ]);
  });
});

describe("a required response field made optional, wherever a response schema can be", () => {
  const field = (required: boolean) => object({ at: { type: "string" } }, required ? ["at"] : []);
  const places: [string, (required: boolean) => Json, "response" | "headers"][] = [
    ["the body", (r) => field(r), "response"],
    ["a nested object", (r) => object({ inner: field(r) }, ["inner"]), "response"],
    ["array items", (r) => ({ type: "array", items: field(r) }), "response"],
    ["items of a nested array", (r) => object({ list: { type: "array", items: field(r) } }), "response"],
    ["an allOf member", (r) => ({ allOf: [object({ id: { type: "string" } }, ["id"]), field(r)] }), "response"],
    ["an allOf's outer required list", (r) => ({ allOf: [object({ at: { type: "string" } })], required: r ? ["at"] : [] }), "response"],
    ["a oneOf alternative", (r) => ({ oneOf: [field(r), { type: "string" }] }), "response"],
    ["additionalProperties", (r) => ({ type: "object", additionalProperties: field(r) }), "response"],
    ["a header's schema", (r) => ({ "X-Meta": { schema: field(r) } }), "headers"],
  ];
  test.each(places)("in %s", async (_place, schema, slot) => {
    const changes = await diff(doc({ [slot]: schema(true) }), doc({ [slot]: schema(false) }));
    expect(rules(changes)).toEqual(["response-property-became-optional"]);
    expect(rules(await diff(doc({ [slot]: schema(false) }), doc({ [slot]: schema(true) })))).toEqual([]);
  });
});

describe("limits only count in the direction that can break", () => {
  // [keyword, smaller, larger]: output breaks when it can produce a value clients have not
  // seen, input when it can refuse a value it accepted.
  const bounds: [string, number, number][] = [
    ["minLength", 2, 5],
    ["maxLength", 5, 10],
    ["minimum", 1, 5],
    ["maximum", 5, 10],
    ["minItems", 1, 3],
    ["maxItems", 3, 9],
  ];
  const prop = (keyword: string, value: number) => object({ v: { [keyword]: value } });
  test.each(bounds)("%s", async (keyword, small, large) => {
    const lower = keyword.startsWith("min");
    const [looser, tighter] = lower ? [small, large] : [large, small];
    const outputLoosened = await diff(doc({ response: prop(keyword, tighter) }), doc({ response: prop(keyword, looser) }));
    const outputTightened = await diff(doc({ response: prop(keyword, looser) }), doc({ response: prop(keyword, tighter) }));
    const inputTightened = await diff(doc({ request: prop(keyword, looser) }), doc({ request: prop(keyword, tighter) }));
    const inputLoosened = await diff(doc({ request: prop(keyword, tighter) }), doc({ request: prop(keyword, looser) }));
    const kebab = keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    expect(rules(outputLoosened)).toEqual([`response-${kebab}-loosened`]);
    expect(rules(outputTightened)).toEqual([]);
    expect(rules(inputTightened)).toEqual([`request-${kebab}-tightened`]);
    expect(rules(inputLoosened)).toEqual([]);
  });
});

describe("a bound around values an enum pins", () => {
  const pinned = (values: string[], bound: Json) => object({ code: { type: "string", enum: values, ...bound } });
  test("a response minLength made smaller lets through no new value when every listed value already met it", async () => {
    const same = await diff(
      doc({ response: pinned(["abc", "abcd"], { minLength: 3 }) }),
      doc({ response: pinned(["abc", "abcd"], { minLength: 1 }) }),
    );
    expect(rules(same)).toEqual([]);
    const shorter = await diff(
      doc({ response: pinned(["a", "abc"], { minLength: 3 }) }),
      doc({ response: pinned(["a", "abc"], { minLength: 1 }) }),
    );
    expect(rules(shorter)).toEqual(["response-min-length-loosened"]);
  });
  test("a request maxLength made smaller refuses nothing while every listed value still fits", async () => {
    const fits = await diff(doc({ request: pinned(["abc"], { maxLength: 5 }) }), doc({ request: pinned(["abc"], { maxLength: 3 }) }));
    expect(rules(fits)).toEqual([]);
    const refused = await diff(doc({ request: pinned(["abc"], { maxLength: 5 }) }), doc({ request: pinned(["abc"], { maxLength: 2 }) }));
    expect(rules(refused)).toEqual(["request-max-length-tightened"]);
  });
});

describe("alternatives and XML bodies", () => {
  test("an anyOf alternative that repeats one already there adds nothing to a response", async () => {
    const pet = object({ name: { type: "string" } });
    const changes = await diff(
      doc({ response: { anyOf: [pet, { type: "string" }] } }),
      doc({ response: { anyOf: [pet, { type: "string" }, pet] } }),
    );
    expect(rules(changes)).toEqual([]);
    const wider = await diff(doc({ response: { anyOf: [pet] } }), doc({ response: { anyOf: [pet, { type: "integer" }] } }));
    expect(rules(wider)).toEqual(["response-any-of-added"]);
  });
  test("an XML body's root type is loose: object and string are the same document", async () => {
    const xml = (schema: Json) => {
      const d = doc({});
      d.paths["/things/{id}"].post.requestBody.content = { "application/xml": { schema } };
      return d;
    };
    expect(rules(await diff(xml({ type: "object" }), xml({ type: "string" })))).toEqual([]);
    expect(rules(await diff(xml(object({ n: { type: "number" } })), xml(object({ n: { type: "integer" } }))))).toEqual([
      "request-type-narrowed",
    ]);
  });
});

describe("a document diffed against an equivalent spelling of itself reports no change", () => {
  const base = () =>
    doc({
      request: object({ a: { type: "string", format: "email" } }, ["a"]),
      parameters: [{ name: "q", in: "query", schema: { type: "string" } }],
    });

  test("itself", async () => {
    expect(await diff(base(), base())).toEqual([]);
  });

  test("a parameter declared on both the path item and the operation", async () => {
    const twice = base();
    const item = twice.paths["/things/{id}"];
    item.parameters.push({ name: "q", in: "query", schema: { type: "string", format: "date" } });
    item.post.parameters.push({ name: "id", in: "path", required: true, schema: { type: "string" } });
    expect(await diff(twice, twice)).toEqual([]);
    expect(await diff(base(), twice)).toEqual([]);
    expect(await diff(twice, base())).toEqual([]);
  });

  test("a header declared on the path item and, in another case, on the operation", async () => {
    const withHeader = (name: string, onItem: boolean) => {
      const d = base();
      const header = { name, in: "header", schema: { type: "string", format: "uuid" } };
      if (onItem) d.paths["/things/{id}"].parameters.push({ ...header, name: "X-Trace", schema: { type: "string" } });
      d.paths["/things/{id}"].post.parameters.push(header);
      return d;
    };
    expect(await diff(withHeader("x-trace", true), withHeader("X-Trace", false))).toEqual([]);
    expect(await diff(withHeader("x-trace", true), withHeader("x-trace", true))).toEqual([]);
  });

  test("a parameter moved from the operation to its path item", async () => {
    const moved = base();
    const item = moved.paths["/things/{id}"];
    item.parameters.push(...item.post.parameters);
    item.post.parameters = [];
    expect(await diff(base(), moved)).toEqual([]);
  });

  test("another name for the path variable (/things/{id} and /things/{thingId})", async () => {
    const renamed = base();
    renamed.paths["/things/{thingId}"] = renamed.paths["/things/{id}"];
    delete renamed.paths["/things/{id}"];
    renamed.paths["/things/{thingId}"].parameters[0].name = "thingId";
    expect(await diff(base(), renamed)).toEqual([]);
  });

  test("a $ref against the same schema inline, in a body, a parameter and a response", async () => {
    const withRefs = base();
    withRefs.components.schemas = { Thing: object({ a: { type: "string", format: "email" } }, ["a"]), Text: { type: "string" } };
    withRefs.components.parameters = { Q: { name: "q", in: "query", schema: { $ref: "#/components/schemas/Text" } } };
    const post = withRefs.paths["/things/{id}"].post;
    post.requestBody.content["application/json"].schema = { $ref: "#/components/schemas/Thing" };
    post.parameters = [{ $ref: "#/components/parameters/Q" }];
    post.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/Text" };
    const inline = base();
    inline.paths["/things/{id}"].post.responses["200"].content["application/json"].schema = { type: "string" };
    expect(await diff(inline, withRefs)).toEqual([]);
    expect(await diff(withRefs, inline)).toEqual([]);
  });
});
