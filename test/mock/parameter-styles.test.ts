/**
 * The stateful mock reads every parameter back in the style the spec gives it. The oracle is
 * the OpenAPI 3.1 specification's "Style Examples" table (path styles as RFC 6570 writes them,
 * which OpenAPI 3.1.1 follows): for `color` = "blue", ["blue", "black", "brown"] or
 * { R: 100, G: 200, B: 150 }, what a client puts on the wire must parse back to that value,
 * typed by the parameter's schema. Each row goes through the mock's own steps: the parameter
 * read in its style (request-parameters.ts), then validated and coerced (request-validator.ts).
 */
import { describe, expect, test } from "vitest";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import { validateRequest, type ValidRequest } from "../../packages/billing-mock/src/validation.ts";
import { routeFor } from "../support/model-route.ts";
import { pathLabel, pathMatrix, pathSimple } from "../../packages/billing-client/src/wire/path-styles.ts";
import {
  queryDeepObject,
  queryForm,
  queryPipeDelimited,
  querySpaceDelimited,
} from "../../packages/billing-client/src/wire/query-styles.ts";
import { cookieForm, headerSimple } from "../../packages/billing-client/src/wire/header-cookie.ts";
import type { Style } from "../../packages/billing-client/src/wire/expand.ts";

type Location = "path" | "query" | "header" | "cookie";
type Shape = "primitive" | "array" | "object";

const VALUES: Record<Shape, unknown> = {
  primitive: "blue",
  array: ["blue", "black", "brown"],
  object: { R: 100, G: 200, B: 150 },
};
const SCHEMAS: Record<Shape, object> = {
  primitive: { type: "string" },
  array: { type: "array", items: { type: "string" } },
  object: {
    type: "object",
    properties: { R: { type: "integer" }, G: { type: "integer" }, B: { type: "integer" } },
    additionalProperties: false,
  },
};

/** One row of the table: where, which style and explode, and the wire form of each value shape (undefined: the style has none). */
type Row = [location: Location, style: string, explode: boolean, wire: Partial<Record<Shape, string>>];

const TABLE: Row[] = [
  ["path", "simple", false, { primitive: "blue", array: "blue,black,brown", object: "R,100,G,200,B,150" }],
  ["path", "simple", true, { primitive: "blue", array: "blue,black,brown", object: "R=100,G=200,B=150" }],
  ["path", "label", false, { primitive: ".blue", array: ".blue,black,brown", object: ".R,100,G,200,B,150" }],
  ["path", "label", true, { primitive: ".blue", array: ".blue.black.brown", object: ".R=100.G=200.B=150" }],
  ["path", "matrix", false, { primitive: ";color=blue", array: ";color=blue,black,brown", object: ";color=R,100,G,200,B,150" }],
  ["path", "matrix", true, { primitive: ";color=blue", array: ";color=blue;color=black;color=brown", object: ";R=100;G=200;B=150" }],
  ["query", "form", false, { primitive: "color=blue", array: "color=blue,black,brown", object: "color=R,100,G,200,B,150" }],
  ["query", "form", true, { primitive: "color=blue", array: "color=blue&color=black&color=brown", object: "R=100&G=200&B=150" }],
  ["query", "spaceDelimited", false, { array: "color=blue%20black%20brown", object: "color=R%20100%20G%20200%20B%20150" }],
  ["query", "pipeDelimited", false, { array: "color=blue|black|brown", object: "color=R|100|G|200|B|150" }],
  ["query", "deepObject", true, { object: "color[R]=100&color[G]=200&color[B]=150" }],
  ["header", "simple", false, { primitive: "blue", array: "blue,black,brown", object: "R,100,G,200,B,150" }],
  ["header", "simple", true, { primitive: "blue", array: "blue,black,brown", object: "R=100,G=200,B=150" }],
  ["cookie", "form", false, { primitive: "color=blue", array: "color=blue,black,brown", object: "color=R,100,G,200,B,150" }],
  ["cookie", "form", true, { primitive: "color=blue", array: "color=blue; color=black; color=brown", object: "R=100; G=200; B=150" }],
];

/** The route of an operation with one parameter `color`, and the request parts that carry `wire` for it. */
function requestWith(location: Location, style: string, explode: boolean, shape: Shape, wire: string) {
  const parameter = { name: "color", in: location, required: true, style, explode, schema: SCHEMAS[shape] };
  const route = routeFor("styled", { parameters: [parameter] }, location === "path" ? "/styled/{color}" : "/styled", "get");
  const url = new URL(`https://api.invalid/styled${location === "query" ? `?${wire}` : ""}`);
  const headers = new Headers(location === "header" ? { color: wire } : location === "cookie" ? { cookie: wire } : {});
  const params: Record<string, string> = location === "path" ? { color: wire } : {};
  return { route, parts: { params, url, headers, body: {} } };
}

function parsed(location: Location, style: string, explode: boolean, shape: Shape, wire: string): unknown {
  const { route, parts } = requestWith(location, style, explode, shape, wire);
  const valid = validateRequest(newExchange(new Date(0)), route, parts);
  if ("status" in valid) throw new Error(`refused: ${wire}`);
  return (valid as ValidRequest)[location].color;
}

describe.each(TABLE)("%s parameter, style %s, explode %s", (location, style, explode, wire) => {
  test.each(Object.entries(wire) as [Shape, string][])("%s: %s parses back to the table's value", (shape, sent) => {
    expect(parsed(location, style, explode, shape, sent)).toEqual(VALUES[shape]);
  });
});

describe("what a client's encoder adds on the wire", () => {
  test("percent-encoded delimiters and brackets are the delimiters; an encoded comma inside a value stays in it", () => {
    expect(parsed("query", "pipeDelimited", false, "array", "color=blue%7Cblack%7Cbrown")).toEqual(VALUES.array);
    expect(parsed("query", "spaceDelimited", false, "array", "color=blue+black+brown")).toEqual(VALUES.array);
    expect(parsed("query", "deepObject", true, "object", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150")).toEqual(VALUES.object);
    expect(parsed("query", "form", false, "array", "color=a%2Cb,c")).toEqual(["a,b", "c"]);
    expect(parsed("path", "simple", false, "array", "a%2Cb,c%2Fd")).toEqual(["a,b", "c/d"]);
    expect(parsed("query", "form", true, "primitive", "color=a%2Fb%3Fc%3Dd")).toBe("a/b?c=d");
    // allowReserved: a client sends reserved characters as they are.
    expect(parsed("query", "form", true, "primitive", "color=a/b?c")).toBe("a/b?c");
  });

  test("an empty list is an empty array, a header's spaces after commas are HTTP's, not the value's", () => {
    expect(parsed("query", "form", false, "array", "color=")).toEqual([]);
    expect(parsed("header", "simple", false, "array", "blue, black,  brown")).toEqual(VALUES.array);
  });
});

describe("values read in their style are typed by the schema", () => {
  test("integers and booleans in arrays and objects come out as numbers and booleans", () => {
    const route = routeFor(
      "typed",
      {
        parameters: [
          { name: "ids", in: "query", style: "form", explode: false, schema: { type: "array", items: { type: "integer" } } },
          {
            name: "filter",
            in: "query",
            style: "deepObject",
            explode: true,
            schema: { type: "object", properties: { active: { type: "boolean" }, min: { type: "number" } } },
          },
          { name: "page", in: "query", schema: { type: "integer" } },
        ],
      },
      "/typed",
      "get",
    );
    const valid = validateRequest(newExchange(new Date(0)), route, {
      params: {},
      url: new URL("https://api.invalid/typed?ids=1,2,3&filter[active]=true&filter[min]=1.5&page=2"),
      headers: new Headers(),
      body: {},
    }) as ValidRequest;
    expect(valid.query).toEqual({ ids: [1, 2, 3], filter: { active: true, min: 1.5 }, page: 2 });
  });
});

/** The client's serializer of each location and style: what it sends, the mock must read back. */
const CLIENT: Record<string, Style> = {
  "path simple": pathSimple,
  "path label": pathLabel,
  "path matrix": pathMatrix,
  "query form": queryForm,
  "query spaceDelimited": querySpaceDelimited,
  "query pipeDelimited": queryPipeDelimited,
  "query deepObject": queryDeepObject,
  "header simple": headerSimple,
  "cookie form": cookieForm,
};

describe("what the client's serializers send", () => {
  test.each(
    TABLE.flatMap(([location, style, explode, wire]) =>
      (Object.keys(wire) as Shape[]).map((shape) => [location, style, explode, shape] as const),
    ),
  )("%s %s explode=%s %s is read back as the value the client was given", (location, style, explode, shape) => {
    const sent = CLIENT[`${location} ${style}`]!("color", VALUES[shape], explode);
    expect(parsed(location, style, explode, shape, sent)).toEqual(VALUES[shape]);
  });

  test("values with reserved characters, spaces and non-ASCII letters survive the round trip", () => {
    const value = ["a,b", "c d", "é/ü?", "x|y"];
    for (const [location, style, explode] of [
      ["path", "simple", false],
      ["path", "label", true],
      ["path", "matrix", true],
      ["query", "form", false],
      ["query", "form", true],
    ] as const) {
      const sent = CLIENT[`${location} ${style}`]!("color", value, explode);
      expect(parsed(location, style, explode, "array", sent), `${location} ${style} ${explode}: ${sent}`).toEqual(value);
    }
  });
});
