/**
 * The raw-HTTP side of the contract suite writes parameters as the OpenAPI 3.1
 * specification's "Style Examples" table does (Parameter Object): one row per style ×
 * explode × value shape, with the table's own values (`color`: "blue", the array
 * ["blue", "black", "brown"], the object { R: 100, G: 200, B: 150 }).
 */
import { describe, expect, test } from "vitest";
import type { ModelOperation, ModelParameter, ParameterLocation, ParameterStyle } from "@hostup/billing-openapi";
import { wireParameters } from "../support/parameter-wire.ts";

const VALUES = { primitive: "blue", array: ["blue", "black", "brown"], object: { R: 100, G: 200, B: 150 } };
type Shape = keyof typeof VALUES;

function operationWith(location: ParameterLocation, style: ParameterStyle, explode: boolean, shape: Shape): ModelOperation {
  const parameter: ModelParameter = {
    name: "color",
    in: location,
    style,
    explode,
    allowReserved: false,
    required: true,
    deprecated: false,
    shape,
    schema: { type: shape === "primitive" ? "string" : shape },
  };
  return {
    operationId: "paint",
    method: "GET",
    path: location === "path" ? "/paint/{color}" : "/paint",
    summary: "",
    description: "",
    deprecated: false,
    tags: [],
    safe: true,
    parameters: [parameter],
    body: null,
    responses: [],
    security: [],
    idempotencyKey: null,
  };
}

/** Where each location puts the serialized parameter. */
function written(location: ParameterLocation, style: ParameterStyle, explode: boolean, shape: Shape): string {
  const wire = wireParameters(operationWith(location, style, explode, shape), { color: VALUES[shape] });
  if (location === "path") return wire.path.slice("/paint/".length);
  if (location === "query") return decodeURIComponent(wire.query.slice(1));
  return location === "header" ? wire.headers.color! : wire.headers.cookie!;
}

// [style, explode, string, array, object], as the table has them.
const TABLE: [ParameterStyle, boolean, string, string, string][] = [
  ["matrix", false, ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
  ["matrix", true, ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
  ["label", false, ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
  ["label", true, ".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
  ["simple", false, "blue", "blue,black,brown", "R,100,G,200,B,150"],
  ["simple", true, "blue", "blue,black,brown", "R=100,G=200,B=150"],
];
const QUERY_TABLE: [ParameterStyle, boolean, string | undefined, string | undefined, string | undefined][] = [
  ["form", false, "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
  ["form", true, "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
  ["spaceDelimited", false, undefined, "color=blue black brown", "color=R 100 G 200 B 150"],
  ["pipeDelimited", false, undefined, "color=blue|black|brown", "color=R|100|G|200|B|150"],
  ["deepObject", true, undefined, undefined, "color[R]=100&color[G]=200&color[B]=150"],
];

describe("parameters on the wire, as OpenAPI 3.1's Style Examples table writes them", () => {
  for (const [style, explode, ...row] of TABLE) {
    (["primitive", "array", "object"] as const).forEach((shape, column) => {
      test(`path, ${style}, explode ${explode}, ${shape}: ${row[column]}`, () => {
        expect(written("path", style, explode, shape)).toBe(row[column]);
      });
    });
  }
  for (const [style, explode, ...row] of QUERY_TABLE) {
    (["primitive", "array", "object"] as const).forEach((shape, column) => {
      const expected = row[column];
      if (expected === undefined) return;
      test(`query, ${style}, explode ${explode}, ${shape}: ${expected}`, () => {
        expect(written("query", style, explode, shape)).toBe(expected);
      });
    });
  }

  test("a header parameter is written in the simple style, unescaped", () => {
    expect(written("header", "simple", false, "array")).toBe("blue,black,brown");
    expect(written("header", "simple", true, "object")).toBe("R=100,G=200,B=150");
  });

  test("a cookie parameter is written in the form style", () => {
    expect(written("cookie", "form", false, "array")).toBe("color=blue,black,brown");
  });

  test("a value is percent-encoded in the path and the query, keeping the style's delimiters", () => {
    const operation = operationWith("query", "form", false, "array");
    expect(wireParameters(operation, { color: ["a b", "c&d"] }).query).toBe("?color=a%20b,c%26d");
    expect(wireParameters(operationWith("path", "simple", false, "primitive"), { color: "a/b" }).path).toBe("/paint/a%2Fb");
  });

  test("a parameter without a value is not sent", () => {
    expect(wireParameters(operationWith("query", "form", true, "primitive"), {})).toEqual({ path: "/paint", query: "", headers: {} });
  });
});
