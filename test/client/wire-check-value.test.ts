/**
 * checkValue against Ajv (JSON Schema 2020-12) as the oracle: for random schemas in the compact
 * subset and random values, checkValue refuses exactly the values Ajv finds invalid, so it never
 * refuses a valid one; and a refusal names the path at fault.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import { InvalidArgumentError } from "../../packages/billing-client/src/errors.ts";
import { checkValue, type ValueSchema } from "../../packages/billing-client/src/wire/check-value.ts";
import { compactSchema } from "../../pipeline/render-client.ts";

type JsonSchema = Record<string, unknown>;
interface Pair {
  json: JsonSchema;
  compact: ValueSchema;
}

const ajv = new Ajv2020({ strict: false });
const TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"] as const;
const PATTERNS = ["^a", "b$", "^[0-9]+$", "^\\p{Lu}", "é"];
const KEYS = ["a", "b", "c"];

// Values are drawn from a small pool so that random schemas accept a fair share of them.
const leaf = fc.constantFrom<unknown>("a", "ab", "b", "123", "", "Éa", "é", 0, 1, -3, 2.5, true, false, null);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 3, noNullPrototype: true }),
  ),
}));

/** The keywords that were drawn: a keyword present with the value undefined is not JSON Schema. */
const defined = <T extends object>(keywords: T): T =>
  Object.fromEntries(Object.entries(keywords).filter(([, item]) => item !== undefined)) as T;

/**
 * The same schema as JSON Schema for Ajv and in the compact form `pnpm generate` writes, nested
 * at most `depth` levels: every keyword that holds schemas multiplies the tree.
 */
function schemaOf(depth: number): fc.Arbitrary<Pair> {
  const child = depth > 0 ? schemaOf(depth - 1) : fc.constant<Pair>({ json: {}, compact: {} });
  const keywords = {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 })),
    enum: fc.array(value, { minLength: 1, maxLength: 3 }),
    const: value,
    pattern: fc.constantFrom(...PATTERNS),
    minimum: fc.constantFrom(-3, 0, 1, 2.5),
    maximum: fc.constantFrom(-3, 0, 1, 2.5),
    exclusiveMinimum: fc.constantFrom(-3, 0, 1, 2.5),
    exclusiveMaximum: fc.constantFrom(-3, 0, 1, 2.5),
    oneOf: fc.array(child, { minLength: 1, maxLength: 3 }),
    anyOf: fc.array(child, { minLength: 1, maxLength: 3 }),
    items: child,
    properties: fc.dictionary(fc.constantFrom(...KEYS), child, { maxKeys: 3, noNullPrototype: true }),
    required: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2 }),
  };
  // At most three keywords per schema: with all of them, hardly any value would be valid.
  return fc
    .subarray(Object.keys(keywords) as (keyof typeof keywords)[], { maxLength: 3 })
    .chain((names) => fc.record(Object.fromEntries(names.map((name) => [name, keywords[name]])) as Partial<typeof keywords>))
    .map(({ type, enum: members, const: constant, pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, ...nested }): Pair => {
      const { oneOf, anyOf, items, properties, required } = nested;
      const json: JsonSchema = {
        type,
        enum: members,
        pattern,
        minimum,
        maximum,
        exclusiveMinimum,
        exclusiveMaximum,
        items: items?.json,
        required,
      };
      // The bounds as pnpm generate compiles them: one per side, the stricter.
      const bounds = compactSchema(defined({ minimum, maximum, exclusiveMinimum, exclusiveMaximum })) as ValueSchema;
      const compact: ValueSchema = { t: type, e: members, ...bounds, i: items?.compact };
      if (constant !== undefined) {
        json.const = constant;
        // A const is a one-member enum; with an enum too, the members equal to the const.
        compact.e = (members ?? [constant]).filter((member) => ajv.validate({ const: constant }, member));
      }
      if (pattern) compact.x = new RegExp(pattern, "u");
      if (oneOf) [json.oneOf, compact.o] = [oneOf.map((branch) => branch.json), oneOf.map((branch) => branch.compact)];
      if (anyOf) [json.anyOf, compact.a] = [anyOf.map((branch) => branch.json), anyOf.map((branch) => branch.compact)];
      if (properties || required) {
        json.properties = Object.fromEntries(Object.entries(properties ?? {}).map(([key, property]) => [key, property.json]));
        compact.p = {};
        for (const key of new Set([...Object.keys(properties ?? {}), ...(required ?? [])])) {
          compact.p[key] = { ...properties?.[key]?.compact, ...(required?.includes(key) && { r: 1 as const }) };
        }
      }
      return { json: defined(json), compact: defined(compact) };
    });
}
const schema = schemaOf(2);

function verdict(schema: ValueSchema, item: unknown): true | InvalidArgumentError {
  try {
    checkValue("body", item, schema);
    return true;
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
}

describe("checkValue agrees with Ajv (JSON Schema 2020-12)", () => {
  test("a value is refused exactly when Ajv finds it invalid: a valid value is never refused", () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(schema, value, (pair, item) => {
        const expected = ajv.validate(pair.json, item);
        const outcome = verdict(pair.compact, item);
        expect(outcome === true, `${JSON.stringify(pair.json)} on ${JSON.stringify(item)}`).toBe(expected);
        if (expected) valid++;
        else invalid++;
      }),
      { numRuns: 1000 },
    );
    // Both answers must be common, or the property would hold vacuously.
    expect(valid).toBeGreaterThan(150);
    expect(invalid).toBeGreaterThan(150);
  });

  test("every value valid against a generated schema's items is valid in an array of them", () => {
    fc.assert(
      fc.property(schema, fc.array(value, { maxLength: 4 }), (pair, items) => {
        const valid = items.filter((item) => ajv.validate(pair.json, item));
        expect(verdict({ t: "array", i: pair.compact }, valid)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("a refused value's message names the path at fault", () => {
  const order: ValueSchema = {
    t: "object",
    r: 1,
    p: {
      email: { t: "string", x: /^[^@\s]+@[^@\s]+\.[a-z]+$/u, f: "email", r: 1 },
      items: { t: "array", r: 1, i: { t: "object", p: { sku: { t: "string", r: 1 }, quantity: { t: "integer" } } } },
      note: { t: ["string", "null"] },
      kind: { e: ["invoice", "credit"] },
      pay: {
        o: [
          { t: "object", p: { card: { t: "string", r: 1 } } },
          { t: "object", p: { iban: { t: "string", r: 1 } } },
        ],
      },
      ref: { a: [{ t: "integer" }, { t: "string", x: /^R[0-9]+$/u }] },
    },
  };
  const base = { email: "ap@example.com", items: [{ sku: "A1", quantity: 2 }] };

  test("the base value passes", () => {
    expect(verdict(order, base)).toBe(true);
    expect(verdict(order, { ...base, note: null, kind: "credit", pay: { card: "4242" }, ref: "R12" })).toBe(true);
  });

  const refused: [string, unknown, string, RegExp][] = [
    ["a missing body", undefined, "body", /is required/],
    ["a body of the wrong type", [], "body", /must be of type object/],
    ["a missing required property", { items: [] }, "body.email", /is required/],
    ["a property not in its format", { ...base, email: "ap@example" }, "body.email", /must be in email format/],
    ["an array item of the wrong type", { ...base, items: ["A1"] }, "body.items[0]", /must be of type object/],
    ["a required property of an array item", { ...base, items: [{ sku: "A1" }, { quantity: 1 }] }, "body.items[1].sku", /is required/],
    ["a non-integer in an item", { ...base, items: [{ sku: "A1", quantity: 1.5 }] }, "body.items[0].quantity", /must be of type integer/],
    ["a type outside a type list", { ...base, note: 7 }, "body.note", /must be of type string or null/],
    ["a value outside an enum", { ...base, kind: "refund" }, "body.kind", /must be one of \["invoice","credit"\]/],
    ["a value matching both oneOf branches", { ...base, pay: { card: "4242", iban: "SE35" } }, "body.pay", /exactly one oneOf/],
    ["a value matching no oneOf branch", { ...base, pay: {} }, "body.pay", /exactly one oneOf/],
    ["a value matching no anyOf branch", { ...base, ref: "X1" }, "body.ref", /must match an anyOf schema/],
    ["NaN where a number is due", { ...base, items: [{ sku: "A1", quantity: Number.NaN }] }, "body.items[0].quantity", /integer/],
  ];
  for (const [name, item, at, message] of refused) {
    test(`${name}: ${at}`, () => {
      const outcome = verdict(order, item);
      expect(outcome).toBeInstanceOf(InvalidArgumentError);
      expect((outcome as InvalidArgumentError).argument).toBe(at);
      expect((outcome as InvalidArgumentError).message).toMatch(message);
    });
  }
});

describe("JavaScript values that JSON reads differently", () => {
  test("an undefined property is absent, as JSON.stringify leaves it out", () => {
    expect(verdict({ p: { note: { t: "string" } } }, { note: undefined })).toBe(true);
    expect(verdict({ p: { note: { t: "string", r: 1 } } }, { note: undefined })).toBeInstanceOf(InvalidArgumentError);
  });
  test("an undefined array item is checked as the null JSON sends", () => {
    expect(verdict({ i: { t: "null" } }, [undefined])).toBe(true);
    expect(verdict({ i: { t: "string" } }, [undefined])).toBeInstanceOf(InvalidArgumentError);
  });
  test("inherited properties are not the object's: toString is absent from {}", () => {
    expect(verdict({ p: { toString: { t: "string" } } }, {})).toBe(true);
    expect(verdict({ p: { constructor: { t: "string", r: 1 as const } } }, {})).toBeInstanceOf(InvalidArgumentError);
  });
  test("an enum's objects match whatever the key order", () => {
    expect(verdict({ e: [{ a: 1, b: [{ c: 2, d: 3 }] }] }, { b: [{ d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(verdict({ e: [{ a: 1 }] }, { a: 1, b: 2 })).toBeInstanceOf(InvalidArgumentError);
    expect(verdict({ e: [[1, 2]] }, [2, 1])).toBeInstanceOf(InvalidArgumentError);
  });
  test("Infinity is not a number JSON can carry", () => {
    expect(verdict({ t: "number" }, Number.POSITIVE_INFINITY)).toBeInstanceOf(InvalidArgumentError);
  });
});
