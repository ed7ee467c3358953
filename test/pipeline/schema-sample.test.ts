/** The body a JSON answer without examples is served with, generated from its schema. */
import { describe, expect, test } from "vitest";
import { schemaSample } from "../../pipeline/schema-sample.ts";

describe("schemaSample", () => {
  test("takes the schema's own example, then its enum, format and type", () => {
    const schema = {
      type: "object",
      properties: {
        id: { type: "integer", format: "int64", example: 7 },
        status: { type: "string", enum: ["placed", "delivered"] },
        email: { type: "string", format: "email" },
        at: { type: "string", format: "date-time" },
        tags: { type: "array", items: { type: "string" } },
      },
    };
    expect(schemaSample(schema)).toEqual({
      id: 7,
      status: "placed",
      email: "user@example.com",
      at: "2019-08-24T14:15:22Z",
      tags: ["string"],
    });
  });

  test("leaves out writeOnly properties, which an answer does not carry", () => {
    const schema = {
      type: "object",
      required: ["name", "password"],
      properties: { name: { type: "string" }, password: { type: "string", writeOnly: true } },
    };
    expect(schemaSample(schema)).toEqual({ name: "string" });
  });

  test("ends a recursive (dereferenced) schema instead of following it forever", () => {
    const node: { type: string; properties: Record<string, unknown> } = { type: "object", properties: { name: { type: "string" } } };
    node.properties.child = node;
    expect(schemaSample(node)).toEqual({ name: "string", child: {} });
  });

  test("gives no sample for a schema past Prism's 2,500-node limit", () => {
    const properties = Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`p${i}`, { type: "string" }]));
    expect(schemaSample({ type: "object", properties })).toBeUndefined();
    const fewer = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`p${i}`, { type: "string" }]));
    expect(Object.keys(schemaSample({ type: "object", properties: fewer }) as object)).toHaveLength(2_000);
  });
});
