/**
 * Schema rules at their borders: bounds and flags equal on both sides while something else
 * changes, OpenAPI 3.0's boolean exclusive flags, multi-type messages, pinned values that
 * are null or of another type, anyOf coverage counted per alternative, allOf members that
 * were annotations, pattern alternatives, and nesting cut off at the same depth by every
 * kind of child.
 */
import { describe, expect, test } from "vitest";
import { merged, patternWidens } from "../../pipeline/breaking/schemas.ts";
import { diff, doc, object, type Json } from "../support/breaking.ts";

type Direction = "request" | "response";
const changes = async (direction: Direction, before: Json, after: Json) =>
  (await diff(doc({ [direction]: before }), doc({ [direction]: after }))).map((c) => [c.kind, c.rule, c.message]);
const described = (schema: Json, description: string) => ({ ...schema, description });
const onlyDescription = [["changelog", "description-changed", "description changed"]];

describe("a keyword equal on both sides, beside another edit, changes nothing", () => {
  test.each<[Direction, Json]>([
    ["request", { type: "integer", maximum: 5, exclusiveMaximum: true }],
    ["response", { type: "integer", minimum: 5, exclusiveMinimum: true }],
    ["request", { type: "integer", exclusiveMaximum: 9 }],
    ["response", { type: "integer", exclusiveMinimum: 9 }],
    ["request", { type: "array", uniqueItems: true }],
    ["response", { type: "array", uniqueItems: true }],
    ["request", { const: "x" }],
    ["response", { const: "x" }],
    ["request", { type: "string", pattern: "^a$" }],
    ["response", { type: "string", pattern: "^a$" }],
    ["response", { type: "object", additionalProperties: false }],
  ])("%s %j", async (direction, schema) => {
    expect(await changes(direction, described(schema, "a"), described(schema, "b"))).toEqual(onlyDescription);
  });
});

describe("exclusive bounds", () => {
  test.each<[Direction, Json, Json, string[][]]>([
    [
      "response",
      { minimum: 5, exclusiveMinimum: true },
      { minimum: 5 },
      [["breaking", "response-exclusive-minimum-loosened", "exclusiveMinimum changed from true to none"]],
    ],
    [
      "request",
      { exclusiveMinimum: 0 },
      { exclusiveMinimum: 1 },
      [["breaking", "request-exclusive-minimum-tightened", "exclusiveMinimum changed from 0 to 1"]],
    ],
    [
      "response",
      { exclusiveMinimum: 2 },
      { exclusiveMinimum: 1 },
      [["breaking", "response-exclusive-minimum-loosened", "exclusiveMinimum changed from 2 to 1"]],
    ],
    [
      "request",
      { exclusiveMaximum: 9 },
      { exclusiveMaximum: 8 },
      [["breaking", "request-exclusive-maximum-tightened", "exclusiveMaximum changed from 9 to 8"]],
    ],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await changes(direction, before, after)).toEqual(expected);
  });
});

describe("messages that list several types", () => {
  test.each<[Direction, Json, Json, string[][]]>([
    ["request", { type: "integer" }, { type: "string" }, [["breaking", "request-type-narrowed", "no longer accepts integer (now string)"]]],
    [
      "request",
      { type: ["string", "integer"] },
      { type: ["boolean", "object"] },
      [["breaking", "request-type-narrowed", "no longer accepts string, integer (now boolean, object)"]],
    ],
    [
      "request",
      { type: "string" },
      { type: ["string", "boolean"] },
      [["changelog", "request-type-widened", "now also accepts string, boolean"]],
    ],
    [
      "response",
      { type: ["integer", "null"] },
      { type: ["boolean", "string"] },
      [["breaking", "response-type-widened", "may now be boolean, string (was integer)"]],
    ],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await changes(direction, before, after)).toEqual(expected);
  });
});

describe("pinned values of another type than a bound's", () => {
  test("an array pinned under maxProperties, or null, is the type mismatch the bound counts", async () => {
    expect(await changes("request", { enum: [[1, 2]], maxProperties: 9 }, { enum: [[1, 2]], maxProperties: 2 })).toEqual([
      ["breaking", "request-max-properties-tightened", "maxProperties changed from 9 to 2"],
    ]);
    expect(await changes("request", { const: null, maxProperties: 9 }, { const: null, maxProperties: 1 })).toEqual([
      ["breaking", "request-max-properties-tightened", "maxProperties changed from 9 to 1"],
    ]);
  });
});

describe("properties and additionalProperties", () => {
  test("a response field turned writeOnly is not compared further", async () => {
    expect(await changes("response", object({ a: { type: "string" } }), object({ a: { type: "integer", writeOnly: true } }))).toEqual([
      ["changelog", "response-property-became-write-only", 'optional response field "a" is now write-only: no longer returned'],
    ]);
  });
  test("additionalProperties refused in a response, or allowed in a request, breaks nothing", async () => {
    expect(await changes("response", object({}), object({}, [], { additionalProperties: false }))).toEqual([]);
    expect(
      await changes("request", object({}, [], { additionalProperties: false }), object({}, [], { additionalProperties: true })),
    ).toEqual([]);
  });
});

describe("allOf, anyOf and oneOf counts", () => {
  test("a constraining allOf member added beside one of annotations only is new", async () => {
    expect(
      (await changes("request", { allOf: [{ title: "t" }] }, { allOf: [{ title: "t" }, { type: "string" }] })).map((c) => c[1]),
    ).toContain("request-all-of-added");
  });
  test.each<[Direction, Json, Json, string[][]]>([
    [
      "request",
      { anyOf: [{ type: "string", maxLength: 3 }, { type: "string" }, { type: "integer" }] },
      { anyOf: [{ type: "string" }] },
      [
        ["breaking", "request-any-of-removed", "anyOf lost 1 alternative(s)"],
        ["changelog", "request-any-of-removed", "anyOf lost 1 alternative(s)"],
      ],
    ],
    [
      "response",
      { anyOf: [{ type: "string" }] },
      { anyOf: [{ type: "string" }, { type: "string", maxLength: 3 }, { type: "integer" }] },
      [
        ["breaking", "response-any-of-added", "anyOf has 1 new alternative(s)"],
        ["changelog", "response-any-of-added", "anyOf has 1 new alternative(s)"],
      ],
    ],
    [
      "request",
      { anyOf: [{ type: "string", maxLength: 3 }, { type: "string" }, { type: "integer" }] },
      { anyOf: [{ type: "string" }, { type: "integer" }] },
      [["changelog", "request-any-of-removed", "anyOf lost 1 alternative(s)"]],
    ],
  ])("%s %j → %j", async (direction, before, after, expected) => {
    expect(await changes(direction, before, after)).toEqual(expected);
  });
});

describe("patterns as alternatives", () => {
  test("only a pattern that is wholly one group of alternatives is split, and only an anchored old pattern loses its anchors", () => {
    expect(patternWidens("^b$", "x^(a|b)$")).toBe(false);
    expect(patternWidens("^a$", "^(a|b)$x")).toBe(false);
    expect(patternWidens("^a$b", "^(ab|c)$")).toBe(false);
    expect(patternWidens("x^a$", "^(xa|b)$")).toBe(false);
    expect(patternWidens("^ab$", "^(ab|c)$")).toBe(true);
  });
});

describe("where nesting stops", () => {
  test("allOf is merged through 17 levels, not 18", () => {
    const wrap = (levels: number) => {
      let schema: Json = { required: ["x"] };
      for (let level = 0; level < levels; level++) schema = { allOf: [schema] };
      return schema;
    };
    expect(merged(wrap(17)).required).toEqual(["x"]);
    expect(merged(wrap(18)).required).toBeUndefined();
  });

  test.each<[string, (inner: Json) => Json]>([
    ["items", (inner) => ({ type: "array", items: inner })],
    ["additionalProperties", (inner) => ({ type: "object", additionalProperties: inner })],
  ])("%s nested 24 levels is compared, 25 is not", async (_kind, wrap) => {
    const nest = (levels: number, leaf: Json): Json => (levels === 0 ? leaf : wrap(nest(levels - 1, leaf)));
    expect(await changes("response", nest(24, { type: "integer" }), nest(24, { type: "string" }))).toHaveLength(1);
    expect(await changes("response", nest(25, { type: "integer" }), nest(25, { type: "string" }))).toEqual([]);
  });

  test("a parameter's text rule covers its top schema only, not additionalProperties below it", async () => {
    const p = (type: string) =>
      doc({ parameters: [{ name: "f", in: "query", schema: { type: "object", additionalProperties: { type } } }] });
    expect((await diff(p("integer"), p("string"))).map((c) => c.rule)).toEqual(["request-type-narrowed"]);
  });
});
