/**
 * The differ's keyword tables, one row each: every opaque JSON Schema keyword, every
 * annotation an allOf member may hold without constraining, every bound with the instance
 * type it measures, and every parameter location's default serialisation. A keyword left
 * out of its table changes a verdict here.
 */
import { describe, expect, test } from "vitest";
import { FORMATS, formatReport } from "../../pipeline/breaking/report.ts";
import { checkVersion } from "../../pipeline/breaking/version.ts";
import { diff, doc, object, type Json } from "../support/breaking.ts";

const body = (direction: "request" | "response", schema: Json) => doc({ [direction]: schema });
const kebab = (word: string) => word.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

describe("keywords the differ cannot rank are reported as changed, in both directions", () => {
  const OPAQUE: [string, unknown][] = [
    ["if", { type: "string" }],
    ["then", { minLength: 1 }],
    ["else", { maxLength: 1 }],
    ["not", { type: "null" }],
    ["contains", { type: "string" }],
    ["minContains", 1],
    ["maxContains", 2],
    ["dependentRequired", { a: ["b"] }],
    ["dependentSchemas", { a: { required: ["b"] } }],
    ["dependencies", { a: ["b"] }],
    ["prefixItems", [{ type: "string" }]],
    ["unevaluatedItems", false],
    ["unevaluatedProperties", false],
    ["propertyNames", { maxLength: 3 }],
    ["patternProperties", { "^x-": { type: "string" } }],
    ["contentSchema", { type: "object" }],
    ["contentEncoding", "base64"],
    ["contentMediaType", "image/png"],
  ];
  test.each(OPAQUE)("%s", async (keyword, value) => {
    const added = await diff(body("request", {}), body("request", { [keyword]: value }));
    expect(added.map((c) => [c.kind, c.rule, c.message])).toEqual([
      ["breaking", `request-${kebab(keyword)}-changed`, `${keyword} added: the accepted values may differ`],
    ]);
    const removed = await diff(body("response", { [keyword]: value }), body("response", {}));
    expect(removed.map((c) => [c.kind, c.rule, c.message])).toEqual([
      ["breaking", `response-${kebab(keyword)}-changed`, `${keyword} removed: the accepted values may differ`],
    ]);
  });
});

describe("an allOf member of annotations only constrains nothing", () => {
  test.each<[string, unknown]>([
    ["title", "t"],
    ["description", "d"],
    ["example", "e"],
    ["examples", ["e"]],
    ["deprecated", true],
    ["$comment", "c"],
    ["default", "d"],
    ["externalDocs", { url: "https://docs.example/" }],
    ["xml", { name: "thing" }],
  ])("%s", async (keyword, value) => {
    const member = object({ a: { type: "string" } });
    const changes = await diff(body("request", { allOf: [member] }), body("request", { allOf: [member, { [keyword]: value }] }));
    expect(changes.filter((c) => c.kind === "breaking")).toEqual([]);
    // The same member with a constraint beside the annotation does count.
    const constrained = await diff(
      body("request", { allOf: [member] }),
      body("request", { allOf: [member, { [keyword]: value, minProperties: 0 }] }),
    );
    expect(constrained.map((c) => c.rule)).toContain("request-all-of-added");
  });
});

describe("a bound measures only values of its own type", () => {
  // [keyword, a pinned value of the bound's type, a looser and a tighter bound that value meets, a bound it breaks]
  const bounds: [string, unknown, number, number, number][] = [
    ["maximum", 5, 9, 5, 4],
    ["minimum", 5, 1, 5, 6],
    ["maxLength", "abc", 9, 3, 2],
    ["minLength", "abc", 1, 3, 4],
    ["maxItems", [1, 2], 9, 2, 1],
    ["minItems", [1, 2], 1, 2, 3],
    ["maxProperties", { a: 1, b: 2 }, 9, 2, 1],
    ["minProperties", { a: 1, b: 2 }, 1, 2, 3],
  ];
  test.each(bounds)("%s", async (keyword, value, loose, tight, broken) => {
    const pinned = (bound: number) => body("request", { const: value, [keyword]: bound });
    const rule = `request-${kebab(keyword)}-tightened`;
    expect(await diff(pinned(loose), pinned(tight))).toEqual([]);
    expect((await diff(pinned(loose), pinned(broken))).map((c) => [c.rule, c.message])).toEqual([
      [rule, `${keyword} changed from ${loose} to ${broken}`],
    ]);
    // Output: a loosened bound that lets no pinned value through changes nothing either.
    const out = (bound: number) => body("response", { const: value, [keyword]: bound });
    expect(await diff(out(tight), out(loose))).toEqual([]);
  });
});

describe("each parameter location's default serialisation, spelled out, is no change", () => {
  test.each([
    ["query", "form", true],
    ["cookie", "form", true],
    ["header", "simple", false],
    ["path", "simple", false],
  ])("%s: style=%s explode=%s", async (location, style, explode) => {
    const name = location === "path" ? "id" : "p";
    const parameter = (extra: Json) => ({
      name,
      in: location,
      required: location === "path",
      schema: { type: "array", items: { type: "string" } },
      ...extra,
    });
    const spelled = doc({ parameters: [parameter({ style, explode })] });
    expect(await diff(doc({ parameters: [parameter({})] }), spelled)).toEqual([]);
    const other = await diff(doc({ parameters: [parameter({})] }), doc({ parameters: [parameter({ style, explode: !explode })] }));
    expect(other.map((c) => c.message)).toEqual([
      `${location} parameter "${name}" is serialised differently (style=${style} explode=${explode} → style=${style} explode=${!explode})`,
    ]);
  });
});

test("every report format is one formatReport writes", () => {
  const report = {
    base: "b",
    versions: { base: "1.0.0", revision: "1.0.0" },
    changes: [],
    stale: [],
    verdict: "none" as const,
    version: checkVersion("1.0.0", "1.0.0", []),
  };
  expect(FORMATS).toHaveLength(4);
  for (const format of FORMATS) expect(formatReport(report, format)).not.toBe("");
  expect(new Set(FORMATS.map((format) => formatReport(report, format))).size).toBe(FORMATS.length);
});
