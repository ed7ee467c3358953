/**
 * The schema rules in both directions, each change written out (kind, rule, message, where
 * in the schema it points, which side): types and nullability, enums and const, formats and
 * patterns, bounds, opaque keywords, properties, allOf/oneOf/anyOf and wrapping,
 * discriminators, and where a comparison stops.
 */
import { describe, expect, test } from "vitest";
import { isXml, merged, patternWidens } from "../../pipeline/breaking/schemas.ts";
import { diff, doc, object, OPERATION, WHERE, type Json } from "../support/breaking.ts";

type Direction = "request" | "response";
const ROOT: Record<Direction, { where: string; pointer: string }> = {
  request: { where: `${WHERE} body`, pointer: `${OPERATION}/requestBody/content/application~1json/schema` },
  response: { where: `${WHERE} response 200`, pointer: `${OPERATION}/responses/200/content/application~1json/schema` },
};

/** The changes from `before` to `after` as a request or response body: [kind, rule, message, pointer below the body schema, side]. */
async function schema(direction: Direction, before: Json, after: Json, schemas: Json = {}) {
  const changes = await diff(doc({ [direction]: before, schemas }), doc({ [direction]: after, schemas }));
  for (const change of changes) expect(change.where).toBe(ROOT[direction].where);
  return changes.map((c) => {
    expect(c.pointer.startsWith(ROOT[direction].pointer)).toBe(true);
    return [c.kind, c.rule, c.message, c.pointer.slice(ROOT[direction].pointer.length), c.side];
  });
}
const broke = (rule: string, message: string, at = "", side = "revision") => ["breaking", rule, message, at, side];
const listed = (rule: string, message: string, at = "", side = "revision") => ["changelog", rule, message, at, side];

describe("types and nullability", () => {
  test.each<[Direction, Json, Json, unknown[][]]>([
    ["request", { type: "string" }, { type: "integer" }, [broke("request-type-narrowed", "no longer accepts string (now integer)")]],
    ["request", {}, { type: "string" }, [broke("request-type-narrowed", "no longer accepts any type (now string)")]],
    ["request", { type: "integer" }, { type: "number" }, [listed("request-type-widened", "now also accepts number")]],
    ["request", { type: "string" }, {}, [listed("request-type-widened", "now also accepts any type")]],
    ["request", { type: ["string", "null"] }, { type: "string" }, [broke("request-became-not-nullable", "no longer accepts null")]],
    ["request", { type: "string", nullable: true }, { type: "string" }, [broke("request-became-not-nullable", "no longer accepts null")]],
    [
      "request",
      { type: "null" },
      { type: "string" },
      [
        broke("request-type-narrowed", "no longer accepts any type (now string)"),
        broke("request-became-not-nullable", "no longer accepts null"),
      ],
    ],
    ["request", { type: "string" }, { type: ["string", "null"] }, []],
    ["response", { type: "integer" }, { type: ["integer", "string"] }, [broke("response-type-widened", "may now be string (was integer)")]],
    ["response", { type: "integer" }, {}, [broke("response-type-widened", "may now be any type (was integer)")]],
    ["response", {}, { type: "integer" }, []],
    ["response", { type: "number" }, { type: "integer" }, []],
    ["response", { type: "string" }, { type: ["string", "null"] }, [broke("response-became-nullable", "may now be null")]],
    ["response", { type: "string" }, { type: "string", nullable: true }, [broke("response-became-nullable", "may now be null")]],
    ["response", { type: "string", nullable: true }, { type: "string" }, []],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, before, after)).toEqual(expected);
  });

  test("as parameter text a string covers integers, numbers and booleans, at the top only", async () => {
    const q = (schemaOf: Json) => doc({ parameters: [{ name: "q", in: "query", schema: schemaOf }] });
    for (const type of ["integer", "number", "boolean"])
      expect((await diff(q({ type }), q({ type: "string" }))).map((c) => [c.kind, c.rule])).toEqual([
        ["changelog", "request-type-widened"],
      ]);
    expect((await diff(q({ type: "object" }), q({ type: "string" }))).map((c) => c.rule)).toEqual(["request-type-narrowed"]);
    const nested = (type: string) => q({ type: "array", items: { type } });
    expect((await diff(nested("integer"), nested("string"))).map((c) => c.rule)).toEqual(["request-type-narrowed"]);
  });
});

describe("enums, const, formats and patterns", () => {
  test.each<[Direction, Json, Json, unknown[][]]>([
    ["request", { type: "string" }, { type: "string", enum: ["a", "b"] }, [broke("request-became-enum", 'now only accepts "a", "b"')]],
    ["request", { enum: ["a", "b", 1] }, { enum: ["a"] }, [broke("request-enum-value-removed", 'no longer accepts "b", 1')]],
    ["request", { enum: ["a"] }, { enum: ["a", "b"] }, []],
    ["request", { enum: ["a"] }, {}, []],
    ["response", { enum: ["a", "b"] }, {}, [broke("response-enum-removed", 'is no longer limited to "a", "b"')]],
    ["response", { enum: ["a"] }, { enum: ["a", "c", { x: 1 }] }, [broke("response-enum-value-added", 'may now be "c", {"x":1}')]],
    ["response", { enum: ["a", "b"] }, { enum: ["a"] }, []],
    ["response", {}, { enum: ["a"] }, []],
    [
      "request",
      { "x-extensible-enum": ["a", "b"] },
      { "x-extensible-enum": ["a"] },
      [broke("request-enum-value-removed", 'x-extensible-enum no longer lists "b"')],
    ],
    ["request", { "x-extensible-enum": ["a"] }, {}, [broke("request-enum-value-removed", 'x-extensible-enum no longer lists "a"')]],
    ["response", { "x-extensible-enum": ["a", "b"] }, { "x-extensible-enum": ["a"] }, []],
    ["request", {}, { const: "x" }, [broke("request-const-changed", 'const changed from none to "x"')]],
    ["request", { const: "x" }, {}, []],
    ["response", { const: "x" }, { const: "y" }, [broke("response-const-changed", 'const changed from "x" to "y"')]],
    ["response", {}, { const: "y" }, []],
    [
      "request",
      { type: "string" },
      { type: "string", format: "email" },
      [broke("request-format-changed", 'format changed from none to "email"')],
    ],
    ["request", { type: "string", format: "email" }, { type: "string" }, []],
    [
      "response",
      { type: "string", format: "uuid" },
      { type: "string" },
      [broke("response-format-changed", 'format changed from "uuid" to none')],
    ],
    ["response", { type: "string" }, { type: "string", format: "uuid" }, []],
    ["request", { type: "string" }, { type: "string", pattern: "^a$" }, [broke("request-pattern-added", "now must match ^a$")]],
    [
      "request",
      { type: "string", pattern: "^a$" },
      { type: "string", pattern: "^b$" },
      [broke("request-pattern-changed", "pattern changed from ^a$ to ^b$: values the old one accepted may be rejected")],
    ],
    [
      "request",
      { type: "string", pattern: "^a$" },
      { type: "string", pattern: "^(a|b)$" },
      [listed("pattern-changed", 'pattern changed from ^a$ to "^(a|b)$"')],
    ],
    ["request", { type: "string", pattern: "^a$" }, { type: "string" }, [listed("pattern-changed", "pattern changed from ^a$ to none")]],
    [
      "response",
      { type: "string", pattern: "^a$" },
      { type: "string", pattern: "^b$" },
      [listed("pattern-changed", 'pattern changed from ^a$ to "^b$"')],
    ],
    ["response", { type: "string" }, { type: "string", pattern: "^b$" }, []],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, before, after)).toEqual(expected);
  });

  test("a pattern is provably wider only when it is no pattern, any string, or the old one as one alternative", () => {
    expect(patternWidens("^a$", undefined)).toBe(true);
    for (const any of ["", ".*", "^.*", ".*$", "^.*$", "^(.*)$", "[\\s\\S]*"]) expect(patternWidens("^a$", any)).toBe(true);
    expect(patternWidens("^a$", "^(?:a|b)$")).toBe(true);
    expect(patternWidens("^a$", "^(b|^a$)$")).toBe(true);
    expect(patternWidens("a", "a|b")).toBe(true);
    expect(patternWidens("^a$", "^(a)$")).toBe(false);
    expect(patternWidens("^a$", "^(ab|b)$")).toBe(false);
    expect(patternWidens("^a$", "^b$")).toBe(false);
  });

  test("XML media types, with parameters and in any case", () => {
    expect(["application/xml", "text/xml; charset=utf-8", "application/atom+XML", " application/xml ;q=1"].map(isXml)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["application/json", "application/xml-dtd", "application/xmlx", "xml"].map(isXml)).toEqual([false, false, false, false]);
  });
});

describe("bounds", () => {
  test.each<[Direction, Json, Json, unknown[][]]>([
    ["request", { maxLength: 5 }, { maxLength: 3 }, [broke("request-max-length-tightened", "maxLength changed from 5 to 3")]],
    ["request", {}, { maxProperties: 3 }, [broke("request-max-properties-tightened", "maxProperties changed from none to 3")]],
    [
      "request",
      { maxLength: 3 },
      { maxLength: 3, minLength: 0 },
      [broke("request-min-length-tightened", "minLength changed from none to 0")],
    ],
    [
      "request",
      { minProperties: 1 },
      { minProperties: 2 },
      [broke("request-min-properties-tightened", "minProperties changed from 1 to 2")],
    ],
    ["request", { maxLength: 3 }, {}, []],
    ["request", { maxLength: 3 }, { maxLength: 3 }, []],
    ["request", { minimum: 2 }, { minimum: 2, description: "d" }, []],
    ["response", { maxLength: 3 }, {}, [broke("response-max-length-loosened", "maxLength changed from 3 to none")]],
    ["response", { minItems: 1 }, {}, [broke("response-min-items-loosened", "minItems changed from 1 to none")]],
    ["response", { maxLength: 3 }, { maxLength: 3, minLength: 1 }, []],
    ["response", {}, { maxLength: 3 }, []],
    [
      "request",
      { exclusiveMaximum: 10 },
      { exclusiveMaximum: 9 },
      [broke("request-exclusive-maximum-tightened", "exclusiveMaximum changed from 10 to 9")],
    ],
    ["request", {}, { exclusiveMinimum: 0 }, [broke("request-exclusive-minimum-tightened", "exclusiveMinimum changed from none to 0")]],
    ["request", { exclusiveMinimum: 1 }, { exclusiveMinimum: 0 }, []],
    ["request", { exclusiveMaximum: 9 }, { exclusiveMaximum: 10 }, []],
    ["request", { exclusiveMaximum: 9 }, { exclusiveMaximum: 9 }, []],
    [
      "response",
      { exclusiveMaximum: 9 },
      { exclusiveMaximum: 10 },
      [broke("response-exclusive-maximum-loosened", "exclusiveMaximum changed from 9 to 10")],
    ],
    ["response", { exclusiveMinimum: 1 }, {}, [broke("response-exclusive-minimum-loosened", "exclusiveMinimum changed from 1 to none")]],
    ["response", { exclusiveMinimum: 1 }, { exclusiveMinimum: 2 }, []],
    [
      "request",
      { maximum: 5 },
      { maximum: 5, exclusiveMaximum: true },
      [broke("request-exclusive-maximum-tightened", "exclusiveMaximum changed from none to true")],
    ],
    ["request", { maximum: 5, exclusiveMaximum: true }, { maximum: 5, exclusiveMaximum: false }, []],
    [
      "response",
      { minimum: 5, exclusiveMinimum: true },
      { minimum: 5, exclusiveMinimum: false },
      [broke("response-exclusive-minimum-loosened", "exclusiveMinimum changed from true to false")],
    ],
    ["response", { minimum: 5, exclusiveMinimum: false }, { minimum: 5, exclusiveMinimum: true }, []],
    ["request", { multipleOf: 2 }, { multipleOf: 4 }, [broke("request-multiple-of-tightened", "multipleOf changed from 2 to 4")]],
    ["request", {}, { multipleOf: 4 }, [broke("request-multiple-of-tightened", "multipleOf changed from none to 4")]],
    ["request", { multipleOf: 4 }, { multipleOf: 2 }, []],
    ["response", { multipleOf: 4 }, { multipleOf: 2 }, [broke("response-multiple-of-loosened", "multipleOf changed from 4 to 2")]],
    ["response", { multipleOf: 4 }, {}, [broke("response-multiple-of-loosened", "multipleOf changed from 4 to none")]],
    ["response", { multipleOf: 2 }, { multipleOf: 4 }, []],
    ["request", {}, { uniqueItems: true }, [broke("request-unique-items-tightened", "uniqueItems changed from none to true")]],
    ["request", { uniqueItems: true }, {}, []],
    [
      "response",
      { uniqueItems: true },
      { uniqueItems: false },
      [broke("response-unique-items-loosened", "uniqueItems changed from true to false")],
    ],
    ["response", {}, { uniqueItems: true }, []],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, before, after)).toEqual(expected);
  });

  test("a bound that no pinned value crosses changes nothing; one a value crosses, or pinned values of another type, still count", async () => {
    const pinned = (extra: Json) => ({ type: "string", ...extra });
    expect(await schema("request", pinned({ const: "abc", maxLength: 9 }), pinned({ const: "abc", maxLength: 3 }))).toEqual([]);
    expect(await schema("request", pinned({ const: "abcd", maxLength: 9 }), pinned({ const: "abcd", maxLength: 3 }))).toEqual([
      broke("request-max-length-tightened", "maxLength changed from 9 to 3"),
    ]);
    expect(await schema("request", pinned({ enum: ["abc", 7], maxLength: 9 }), pinned({ enum: ["abc", 7], maxLength: 3 }))).toEqual([
      broke("request-max-length-tightened", "maxLength changed from 9 to 3"),
    ]);
    expect(await schema("response", { const: 5, maximum: 5 }, { const: 5, maximum: 9 })).toEqual([]);
    expect(await schema("response", { enum: [[1, 2]], maxItems: 2 }, { enum: [[1, 2]] })).toEqual([]);
    expect(await schema("response", { enum: [{ a: 1 }], maxProperties: 1 }, { enum: [{ a: 1 }], maxProperties: 5 })).toEqual([]);
    expect(await schema("response", { enum: ["ab"], minLength: 2 }, { enum: ["ab"] })).toEqual([]);
    expect(await schema("request", { enum: [{ a: 1, b: 2 }] }, { enum: [{ a: 1, b: 2 }], maxProperties: 1 })).toEqual([
      broke("request-max-properties-tightened", "maxProperties changed from none to 1"),
    ]);
    // Characters, not UTF-16 units: an emoji is one.
    expect(await schema("request", { const: "😀", maxLength: 4 }, { const: "😀", maxLength: 1 })).toEqual([]);
  });

  test.each<[Direction, Json, Json, unknown[][]]>([
    ["request", {}, { not: { type: "null" } }, [broke("request-not-changed", "not added: the accepted values may differ")]],
    ["response", { minContains: 1 }, {}, [broke("response-min-contains-changed", "minContains removed: the accepted values may differ")]],
    [
      "request",
      { propertyNames: { maxLength: 3 } },
      { propertyNames: { maxLength: 4 } },
      [broke("request-property-names-changed", "propertyNames changed: the accepted values may differ")],
    ],
  ])("opaque keywords: %s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, before, after)).toEqual(expected);
  });
});

describe("properties", () => {
  const s = { type: "string" };
  test.each<[Direction, Json, Json, unknown[][]]>([
    [
      "request",
      object({ a: s }),
      object({ a: s }, ["a"]),
      [broke("request-property-became-required", 'request field "a" is now required', "/properties/a")],
    ],
    [
      "request",
      object({}),
      object({ a: s }, ["a"]),
      [broke("request-property-added-required", 'new request field "a" is required', "/properties/a")],
    ],
    [
      "request",
      object({}),
      object({}, ["a"]),
      [broke("request-property-added-required", 'new request field "a" is required', "/properties/a")],
    ],
    [
      "request",
      object({ a: { type: "string", readOnly: true } }, ["a"]),
      object({ a: s }, ["a"]),
      [listed("request-property-became-required", 'request field "a" is no longer read-only and is now required', "/properties/a")],
    ],
    [
      "request",
      object({ a: s }),
      object({ a: { type: "string", readOnly: true } }, ["a"]),
      [
        listed(
          "request-property-became-read-only",
          'optional request field "a" is now read-only: the server no longer takes it',
          "/properties/a",
        ),
      ],
    ],
    [
      "request",
      object({ a: s }, ["a"]),
      object({ a: { type: "string", readOnly: true } }, ["a"]),
      [
        listed(
          "request-property-became-read-only",
          'required request field "a" is now read-only: the server no longer takes it',
          "/properties/a",
        ),
      ],
    ],
    [
      "request",
      object({ a: s }),
      object({}),
      [listed("request-property-removed", 'request field "a" is no longer documented', "/properties/a", "base")],
    ],
    [
      "request",
      object({ a: s }, [], { additionalProperties: false }),
      object({}, [], { additionalProperties: false }),
      [broke("request-property-removed", 'request field "a" was removed and others are refused', "/properties/a", "base")],
    ],
    [
      "request",
      object({ a: { type: "string", readOnly: true } }),
      object({}, [], { additionalProperties: false }),
      [broke("request-additional-properties-refused", "no longer accepts properties it does not list")],
    ],
    ["request", object({}), object({ a: s }), [listed("request-property-added", 'new optional request field "a"', "/properties/a")]],
    ["request", object({ a: s }, [], { additionalProperties: false }), object({ a: s }, [], { additionalProperties: false }), []],
    [
      "response",
      object({ a: s }, ["a"]),
      object({ a: s }),
      [broke("response-property-became-optional", 'response field "a" may now be missing', "/properties/a")],
    ],
    [
      "response",
      object({ a: s }, ["a"]),
      object({}),
      [broke("response-required-property-removed", 'response field "a" was removed', "/properties/a", "base")],
    ],
    [
      "response",
      object({ a: s }),
      object({}),
      [broke("response-property-removed", 'response field "a" was removed', "/properties/a", "base")],
    ],
    ["response", object({ a: { type: "string", writeOnly: true } }, ["a"]), object({}), []],
    [
      "response",
      object({ a: s }, ["a"]),
      object({ a: { type: "string", writeOnly: true } }, ["a"]),
      [
        broke(
          "response-property-became-write-only",
          'required response field "a" is now write-only: it is no longer returned',
          "/properties/a",
        ),
      ],
    ],
    [
      "response",
      object({ a: s }),
      object({ a: { type: "string", writeOnly: true } }),
      [listed("response-property-became-write-only", 'optional response field "a" is now write-only: no longer returned', "/properties/a")],
    ],
    ["response", object({}), object({ a: s }), [listed("response-property-added", 'new response field "a"', "/properties/a")]],
    [
      "response",
      object({ a: s }),
      object({ a: { type: "integer" } }),
      [broke("response-type-widened", "may now be integer (was string)", "/properties/a")],
    ],
    [
      "response",
      object({}, [], { additionalProperties: false }),
      object({}, [], { additionalProperties: true }),
      [broke("response-additional-properties-allowed", "may now hold properties it does not list")],
    ],
    [
      "response",
      object({}, [], { additionalProperties: false }),
      object({}, [], { additionalProperties: s }),
      [broke("response-additional-properties-allowed", "may now hold properties it does not list")],
    ],
    ["response", object({}, [], { additionalProperties: false }), object({}), []],
    [
      "response",
      object({}, [], { additionalProperties: { type: "integer" } }),
      object({}, [], { additionalProperties: s }),
      [broke("response-type-widened", "may now be string (was integer)", "/additionalProperties")],
    ],
    [
      "request",
      object({}, [], { additionalProperties: { type: "string" } }),
      object({}, [], { additionalProperties: { type: "integer" } }),
      [broke("request-type-narrowed", "no longer accepts string (now integer)", "/additionalProperties")],
    ],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, before, after)).toEqual(expected);
  });

  test("array items are compared below /items; a description edit is listed only when both sides have one", async () => {
    expect(await schema("request", { type: "array", items: { type: "string" } }, { type: "array", items: { type: "integer" } })).toEqual([
      broke("request-type-narrowed", "no longer accepts string (now integer)", "/items"),
    ]);
    expect(await schema("request", { type: "string", description: "a" }, { type: "string", description: "b" })).toEqual([
      listed("description-changed", "description changed", "/description"),
    ]);
    expect(await schema("request", { type: "string" }, { type: "string", description: "b" })).toEqual([]);
    expect(await schema("request", { type: "string", description: "a" }, { type: "string" })).toEqual([]);
  });
});

describe("allOf, oneOf and anyOf", () => {
  const s = { type: "string" };
  const i = { type: "integer" };
  test.each<[Direction, Json, Json, unknown[][]]>([
    [
      "request",
      { allOf: [object({ a: s })] },
      { allOf: [object({ a: s }), { minProperties: 1 }] },
      [
        broke("request-all-of-added", "allOf has a new member: the request must match it too"),
        broke("request-min-properties-tightened", "minProperties changed from none to 1"),
      ],
    ],
    ["request", { allOf: [object({ a: s })] }, { allOf: [object({ a: s }), { description: "d", title: "t" }] }, []],
    ["response", { allOf: [object({ a: s })] }, { allOf: [object({ a: s }), { description: "d" }, { maxProperties: 3 }] }, []],
    ["request", { oneOf: [s, i] }, { oneOf: [s] }, [broke("request-one-of-removed", "oneOf lost 1 alternative(s)")]],
    ["request", { oneOf: [s] }, { oneOf: [s, i] }, [listed("request-one-of-added", "oneOf has 1 new alternative(s)")]],
    [
      "response",
      { oneOf: [s] },
      { oneOf: [s, i, { type: "boolean" }] },
      [broke("response-one-of-added", "oneOf has 2 new alternative(s)")],
    ],
    ["response", { oneOf: [s, i] }, { oneOf: [s] }, [listed("response-one-of-removed", "oneOf lost 1 alternative(s)")]],
    [
      "request",
      { anyOf: [{ type: "string", maxLength: 3 }, s] },
      { anyOf: [s] },
      [listed("request-any-of-removed", "anyOf lost 1 alternative(s)")],
    ],
    ["request", { anyOf: [s, i] }, { anyOf: [s] }, [broke("request-any-of-removed", "anyOf lost 1 alternative(s)")]],
    [
      "response",
      { anyOf: [s] },
      { anyOf: [s, { type: "string", maxLength: 3 }] },
      [listed("response-any-of-added", "anyOf has 1 new alternative(s)")],
    ],
    ["response", { anyOf: [s] }, { anyOf: [s, i] }, [broke("response-any-of-added", "anyOf has 1 new alternative(s)")]],
    [
      "response",
      { oneOf: [s, object({ a: s }, ["a"])] },
      { oneOf: [object({ a: s }), s] },
      [broke("response-property-became-optional", 'response field "a" may now be missing', "/oneOf/0/properties/a")],
    ],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, before, after)).toEqual(expected);
  });

  test.each<[Direction, Json, Json, unknown[][]]>([
    ["request", s, { oneOf: [s, i] }, [listed("request-one-of-wrapped", "now wrapped in oneOf")]],
    [
      "request",
      s,
      { oneOf: [s, { type: "string", description: "also text" }] },
      [broke("request-one-of-wrapped", "now wrapped in oneOf: values may no longer fit")],
    ],
    ["request", s, { anyOf: [s, { type: "string", maxLength: 9 }] }, [listed("request-any-of-wrapped", "now wrapped in anyOf")]],
    ["request", s, { anyOf: [i] }, [broke("request-any-of-wrapped", "now wrapped in anyOf: values may no longer fit")]],
    ["request", { oneOf: [s, { type: "string", maxLength: 3 }] }, s, [listed("request-one-of-unwrapped", "no longer a oneOf")]],
    ["request", { oneOf: [s, i] }, s, [broke("request-one-of-unwrapped", "no longer a oneOf: values may no longer fit")]],
    ["response", s, { oneOf: [s] }, [broke("response-one-of-wrapped", "now wrapped in oneOf: values may no longer fit")]],
    ["response", { anyOf: [s, i] }, s, [listed("response-any-of-unwrapped", "no longer a anyOf")]],
    [
      "response",
      { anyOf: [{ type: "string", maxLength: 3 }] },
      s,
      [broke("response-any-of-unwrapped", "no longer a anyOf: values may no longer fit")],
    ],
  ])("wrapping: %s %j → %j", async (direction, before, after, expected) => {
    expect((await schema(direction, before, after)).filter((r) => /wrapped/.test(r[1] as string))).toEqual(expected);
  });

  test("allOf members are merged: properties, a union of required lists, and the outer schema's own keywords first", () => {
    expect(
      merged({
        type: "object",
        required: ["a"],
        properties: { a: { type: "string" } },
        allOf: [
          { type: "array", required: ["b", "a"], properties: { a: { type: "integer" }, b: {} }, maxProperties: 3 },
          { allOf: [{ minProperties: 1, required: ["c"] }] },
        ],
      }),
    ).toEqual({
      type: "object",
      required: ["a", "b", "c"],
      properties: { a: { type: "string" }, b: {} },
      maxProperties: 3,
      minProperties: 1,
    });
    const plain = { type: "string" };
    expect(merged(plain)).toBe(plain);
  });

  test("allOf nested deeper than 16 levels is left as it is", () => {
    let deep: Json = { required: ["x"] };
    for (let level = 0; level < 20; level++) deep = { allOf: [deep] };
    expect(merged(deep).required).toBeUndefined();
    let shallow: Json = { required: ["x"] };
    for (let level = 0; level < 16; level++) shallow = { allOf: [shallow] };
    expect(merged(shallow).required).toEqual(["x"]);
  });
});

describe("discriminators", () => {
  const schemas = {
    Cat: object({ kind: { type: "string" } }, ["kind"]),
    Dog: object({ kind: { type: "string" } }, ["kind"]),
  };
  const pet = (discriminator?: Json) => ({
    oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
    ...(discriminator ? { discriminator } : {}),
  });
  const map = (mapping: Json, propertyName = "kind") => ({ propertyName, mapping });
  const cat = "#/components/schemas/Cat";
  const dog = "#/components/schemas/Dog";

  test.each<[Direction, Json | undefined, Json | undefined, unknown[][]]>([
    ["request", undefined, map({}), [listed("request-discriminator-added", "discriminator added", "/discriminator")]],
    ["response", map({}), undefined, [listed("response-discriminator-removed", "discriminator removed", "/discriminator")]],
    [
      "request",
      map({}),
      map({}, "type"),
      [
        broke(
          "request-discriminator-property-changed",
          'discriminator property changed from "kind" to "type": clients send the old one',
          "/discriminator/propertyName",
        ),
      ],
    ],
    [
      "response",
      map({}),
      map({}, "type"),
      [
        broke(
          "response-discriminator-property-changed",
          'discriminator property changed from "kind" to "type": clients read the old one',
          "/discriminator/propertyName",
        ),
      ],
    ],
    [
      "request",
      map({ cat, dog }),
      map({ cat: dog, fox: dog }),
      [
        broke(
          "request-discriminator-mapping-changed",
          'discriminator no longer maps "cat", "dog" to the schema it did: requests using it are refused or read as another type',
          "/discriminator/mapping",
        ),
        listed("request-discriminator-mapping-changed", 'discriminator mapping added "fox"', "/discriminator/mapping"),
      ],
    ],
    [
      "response",
      map({ cat, dog }),
      map({ cat: dog, fox: dog }),
      [
        broke(
          "response-discriminator-mapping-changed",
          'discriminator may now be "cat", "fox", new to clients or mapped to another schema',
          "/discriminator/mapping",
        ),
        listed("response-discriminator-mapping-changed", 'discriminator mapping no longer lists "dog"', "/discriminator/mapping"),
      ],
    ],
    [
      "response",
      map({ cat: "Cat" }),
      map({ cat: "Dog" }),
      [
        broke(
          "response-discriminator-mapping-changed",
          'discriminator may now be "cat", new to clients or mapped to another schema',
          "/discriminator/mapping",
        ),
      ],
    ],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await schema(direction, pet(before), pet(after), schemas)).toEqual(expected);
  });
});

describe("where a comparison stops", () => {
  test("a recursive schema is compared once per pair of nodes, and changes inside it are still found", async () => {
    const tree = (leaf: Json) => ({
      Node: object({ value: leaf, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } }),
    });
    const changes = await schema(
      "response",
      { $ref: "#/components/schemas/Node" },
      { $ref: "#/components/schemas/Node" },
      tree({ type: "integer" }),
    );
    expect(changes).toEqual([]);
    const d = (leaf: Json) => doc({ response: { $ref: "#/components/schemas/Node" }, schemas: tree(leaf) });
    const found = await diff(d({ type: "integer" }), d({ type: "string" }));
    expect(found.map((c) => [c.rule, c.pointer.slice(ROOT.response.pointer.length)])).toEqual([
      ["response-type-widened", "/properties/value"],
    ]);
  });

  test("nesting deeper than 24 levels is not compared", async () => {
    const nest = (levels: number, leaf: Json): Json => (levels === 0 ? leaf : object({ n: nest(levels - 1, leaf) }));
    expect(await schema("response", nest(24, { type: "integer" }), nest(24, { type: "string" }))).toHaveLength(1);
    expect(await schema("response", nest(25, { type: "integer" }), nest(25, { type: "string" }))).toEqual([]);
  });
});
