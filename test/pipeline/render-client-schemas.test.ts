/**
 * The schemas `pnpm generate` writes into the client's operation table (compactSchema in
 * pipeline/render-client.ts), read by the client's checkValue: for random JSON Schemas made of
 * the keywords the table carries, and random values, the client refuses exactly the values Ajv
 * (JSON Schema 2020-12) finds invalid. What the table deliberately does otherwise (files, a
 * known format, the depth limit, the keywords it leaves to the server) is checked by example.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../../packages/billing-client/src/errors.ts";
import { checkValue, type ValueSchema } from "../../packages/billing-client/src/wire/check-value.ts";
import { compactSchema } from "../../pipeline/render-client.ts";

type JsonSchema = Record<string, unknown>;

const ajv = new Ajv2020({ strict: false });
const TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"] as const;
const KEYS = ["a", "b", "c"];
const BOUNDS = [-3, 0, 1, 2, 2.5];

// A small pool, so that random schemas accept a fair share; strings of 0 to 3 code points, one of them outside the BMP.
const leaf = fc.constantFrom<unknown>("", "a", "ab", "abc", "😀😀", "Éa", "123", 0, 1, 2, -3, 2.5, true, false, null);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 3, noNullPrototype: true }),
  ),
}));

/** A JSON Schema of at most three of the keywords the table carries, nested at most `depth` levels. */
function schemaOf(depth: number): fc.Arbitrary<JsonSchema> {
  const child = depth > 0 ? schemaOf(depth - 1) : fc.constant<JsonSchema>({});
  const keywords: Record<string, fc.Arbitrary<unknown>> = {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 })),
    enum: fc.array(value, { minLength: 1, maxLength: 3 }),
    const: value,
    pattern: fc.constantFrom("^a", "b$", "^[0-9]+$", "^\\p{Lu}"),
    minLength: fc.constantFrom(0, 1, 2, 3),
    maxLength: fc.constantFrom(0, 1, 2, 3),
    minimum: fc.constantFrom(...BOUNDS),
    maximum: fc.constantFrom(...BOUNDS),
    exclusiveMinimum: fc.constantFrom(...BOUNDS),
    exclusiveMaximum: fc.constantFrom(...BOUNDS),
    oneOf: fc.array(child, { minLength: 1, maxLength: 3 }),
    anyOf: fc.array(child, { minLength: 1, maxLength: 3 }),
    items: child,
    properties: fc.dictionary(fc.constantFrom(...KEYS), child, { maxKeys: 3, noNullPrototype: true }),
    required: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2 }),
  };
  return fc
    .subarray(Object.keys(keywords), { maxLength: 3 })
    .chain((names) => fc.record(Object.fromEntries(names.map((name) => [name, keywords[name]!]))) as fc.Arbitrary<JsonSchema>);
}

/** The client's verdict on `item` against the compact schema: true, or the message it refuses with. */
function verdict(schema: ValueSchema, item: unknown): true | string {
  try {
    checkValue("value", item, schema);
    return true;
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
}
const compact = (schema: JsonSchema, required = false) => compactSchema(schema, required) as ValueSchema;

describe("the table's schemas refuse exactly what JSON Schema refuses", () => {
  test("for random schemas of type, enum, const, pattern, lengths, bounds, oneOf, anyOf, items, properties and required", () => {
    fc.assert(
      fc.property(schemaOf(2), value, (schema, item) => {
        expect(verdict(compact(schema), item) === true).toBe(ajv.validate(schema, item));
      }),
      { numRuns: 400 },
    );
  });

  test("the stricter of an inclusive and an exclusive bound wins, on either side, and says which it is", () => {
    const range = compact({ minimum: 1, exclusiveMinimum: 0, maximum: 5, exclusiveMaximum: 5 });
    expect(range).toEqual({ g: 1, l: 5, L: 1 });
    expect([0.5, 1, 4.9, 5].map((n) => verdict(range, n) === true)).toEqual([false, true, true, false]);
    expect(verdict(range, 5)).toBe("value: must be in [1,5); no request was sent");
    expect(compact({ minimum: 0, exclusiveMinimum: 0 })).toEqual({ g: 0, G: 1 });
    expect(compact({ maximum: 3, exclusiveMaximum: 4 })).toEqual({ l: 3 });
    expect(compact({ maximum: 3, exclusiveMaximum: 3 })).toEqual({ l: 3, L: 1 });
    expect(compact({ maximum: 4, exclusiveMaximum: 3 })).toEqual({ l: 3, L: 1 });
    expect(compact({ minimum: 0, exclusiveMinimum: 1 })).toEqual({ g: 1, G: 1 });
    expect(compact({ minimum: 1, exclusiveMinimum: 0 })).toEqual({ g: 1 });
  });

  test("a minLength over the maxLength admits no string, as JSON Schema says, instead of failing generation", () => {
    const none = compact({ minLength: 3, maxLength: 1 });
    expect(["", "a", "abc"].map((item) => verdict(none, item) === true)).toEqual([false, false, false]);
    expect(verdict(none, 7)).toBe(true);
  });

  test("a minLength equal to the maxLength admits exactly that length", () => {
    const two = compact({ minLength: 2, maxLength: 2 });
    expect(["a", "ab", "😀😀", "abc"].map((item) => verdict(two, item) === true)).toEqual([false, true, true, false]);
  });

  test("a branch or an item carries no `r`: only a property or a whole value can be absent", () => {
    expect(compact({ oneOf: [{ type: "string" }], anyOf: [{ type: "integer" }], items: { type: "null" } }, true)).toEqual({
      o: [{ t: "string" }],
      a: [{ t: "integer" }],
      i: { t: "null" },
      r: 1,
    });
    // `items: true` allows any item: nothing to check.
    expect(compact({ type: "array", items: true })).toEqual({ t: "array" });
  });

  test("required: the whole value when asked, and each property the schema requires, listed or not under properties", () => {
    expect(verdict(compact({ type: "string" }, true), undefined)).toBe("value: is required; no request was sent");
    expect(verdict(compact({ type: "string" }), undefined)).toBe(true);
    const schema = compact({ type: "object", properties: { a: { type: "string" } }, required: ["b"] });
    expect(verdict(schema, { b: 1 })).toBe(true);
    expect(verdict(schema, { a: "x" })).toBe("value.b: is required; no request was sent");
    expect(verdict(schema, { a: 1, b: 1 })).toBe("value.a: must be of type string; no request was sent");
  });
});

describe("what the table does otherwise, on purpose", () => {
  test("a file (format binary, contentMediaType, contentEncoding) may be a Blob where the schema says string, and keeps its other checks", () => {
    const blob = new Blob(["%PDF"]);
    for (const file of [{ format: "binary" }, { contentMediaType: "application/pdf" }, { contentEncoding: "base64" }]) {
      const schema = compact({ type: "string", pattern: "^x", maxLength: 1, ...file });
      expect(verdict(schema, blob), JSON.stringify(file)).toBe(true);
      expect(verdict(schema, "a long string"), JSON.stringify(file)).toBe(true);
    }
    const listed = compact({ type: "string", format: "binary", enum: ["a"] });
    expect(verdict(listed, "b")).toMatch(/must be one of/);
    expect(verdict(compact({ type: "string" }), blob)).toBe("value: must be of type string; no request was sent");
  });

  test("an email address is checked as one, and the message names the format rather than its pattern", () => {
    const schema = compact({ type: "string", format: "email" });
    expect(verdict(schema, "ap@example.com")).toBe(true);
    expect(verdict(schema, "Accounts Payable")).toBe("value: must be in email format; no request was sent");
    // With a length of its own, still an address.
    const short = compact({ type: "string", format: "email", maxLength: 20 });
    expect(verdict(short, "Accounts")).toBe("value: must be in email format; no request was sent");
    expect(verdict(short, "ap@example.com")).toBe(true);
    const patterned = compact({ type: "string", pattern: "^a" });
    expect(verdict(patterned, "b")).toBe("value: must match ^a; no request was sent");
    // A format the client does not know is the server's to check.
    expect(verdict(compact({ type: "string", format: "uuid" }), "not a uuid")).toBe(true);
    expect(compact({ type: "string", format: "uuid" })).toEqual({ t: "string" });
  });

  test("past twelve levels (a recursive schema) nothing more is checked", () => {
    let deep: JsonSchema = { type: "integer" };
    let value: unknown = "not an integer";
    for (let level = 0; level < 13; level++) {
      deep = { type: "array", items: deep };
      value = [value];
    }
    // Thirteen arrays deep, the integer is the 14th level: unchecked, though every array above it is.
    expect(verdict(compact(deep), value)).toBe(true);
    expect(ajv.validate(deep, value)).toBe(false);
    const twelve = (deep as { items: JsonSchema }).items;
    expect(verdict(compact(twelve), (value as unknown[])[0])).toMatch(/must be of type integer/);
    expect(verdict(compact(deep), "not an array")).toMatch(/must be of type array/);
  });

  test("the depth counts through oneOf, anyOf and properties as through items", () => {
    const wrappers: [string, (inner: JsonSchema) => JsonSchema, (inner: unknown) => unknown][] = [
      ["oneOf", (inner) => ({ oneOf: [inner] }), (inner) => inner],
      ["anyOf", (inner) => ({ anyOf: [inner] }), (inner) => inner],
      ["properties", (inner) => ({ type: "object", properties: { a: inner } }), (inner) => ({ a: inner })],
    ];
    for (const [keyword, wrap, nest] of wrappers) {
      let deep: JsonSchema = { type: "integer" };
      let value: unknown = "not an integer";
      for (let level = 0; level < 12; level++) [deep, value] = [wrap(deep), nest(value)];
      // Twelve levels down the integer is still checked; one more and it is not.
      expect(verdict(compact(deep), value), keyword).not.toBe(true);
      expect(verdict(compact(wrap(deep)), nest(value)), keyword).toBe(true);
    }
  });

  test("a keyword the table does not carry is left to the server: a value JSON Schema accepts is never refused", () => {
    const others = fc.record(
      {
        minItems: fc.constantFrom(1, 2),
        uniqueItems: fc.boolean(),
        minProperties: fc.constantFrom(1, 2),
        multipleOf: fc.constantFrom(2, 0.5),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(schemaOf(1), others, value, (schema, extra, item) => {
        const full = { ...schema, ...extra };
        if (ajv.validate(full, item)) expect(verdict(compact(full), item)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
