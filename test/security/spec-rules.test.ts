/**
 * The lint rules that keep hostile spec content out of what the client and mocks run:
 * `hostup/plain-path-keys` (path keys go into URLs as written) and `hostup/linear-patterns`
 * (patterns run on untrusted input). Each rule's verdict function, then the rule as
 * redocly.yaml enables it, on a document given as a string.
 */
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { getLineColLocation, lintFromString, loadConfig } from "@redocly/openapi-core";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { redoclyConfig, root } from "../../pipeline/paths.ts";
import { pathKeyProblem } from "../../pipeline/redocly/plain-path-keys.ts";
import { patternChecker, patternProblem } from "../../pipeline/redocly/linear-patterns.ts";
import { spec } from "../support/spec.ts";

const config = await loadConfig({ configPath: redoclyConfig });
const controlApi = await loadSpec(resolve(root, "packages/billing-mock/control-api/openapi.yaml"));

/** Every `pattern` value and `patternProperties` key in a document, found by walking it. */
function patternsOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) patternsOf(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") found.add(value);
      if (key === "patternProperties" && value && typeof value === "object") for (const p of Object.keys(value)) found.add(p);
      patternsOf(value, found);
    }
  }
  return found;
}

describe("hostup/plain-path-keys", () => {
  test("accepts every path of the spec and of the control API, the root, and templates", () => {
    const keys = [...Object.keys(spec.paths), ...Object.keys(controlApi.bundled.paths ?? {})];
    expect(keys.length).toBeGreaterThan(2);
    for (const key of [...keys, "/", "/a/{id}", "/a/{a.b-c_d}.json", "/a/x:y@z~!$&'()*+,;="])
      expect(pathKeyProblem(key), key).toBeUndefined();
  });

  const refused: [string, string, RegExp][] = [
    ["a `..` segment", "/api/v2/billing/../../../admin/contacts", /dot segment `\.\.`/],
    ["a `.` segment", "/api/v2/./billing", /dot segment `\.`/],
    ["%2e%2e", "/api/v2/billing/%2e%2e/admin", /percent-encoding \(`%2e`\)/],
    ["%2E%2e", "/api/v2/billing/%2E%2e/admin", /percent-encoding \(`%2E`\)/],
    ["an encoded slash", "/api/v2/billing%2Fadmin", /percent-encoding \(`%2F`\)/],
    ["U+2024 look-alike dots", "/api/v2/billing/\u2024\u2024/admin", /"․" \(U\+2024\)/],
    ["fullwidth dots", "/api/v2/billing/\uff0e\uff0e/admin", /"．" \(U\+FF0E\)/],
    ["a fullwidth solidus", "/api/v2/billing\uff0fadmin", /U\+FF0F/],
    ["an empty segment", "/api/v2//billing", /empty segment/],
    ["a trailing slash", "/api/v2/billing/", /ends with `\/`/],
    ["a backslash", "/api/v2/billing\\..\\admin", /U\+005C/],
    ["a query", "/api/v2/billing?x=1", /U\+003F/],
    ["a template with a bad name", "/a/{i d}", /template/],
    ["an unclosed template", "/a/{id", /template/],
    ["no leading slash", "api/v2/billing", /does not start with `\/`/],
  ];
  for (const [what, key, message] of refused) {
    test(`refuses ${what}`, () => expect(pathKeyProblem(key)).toMatch(message));
  }
});

describe("hostup/linear-patterns", () => {
  test("accepts every pattern of the spec and of the control API", () => {
    const patterns = [...patternsOf(spec), ...patternsOf(controlApi.bundled)];
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(patternProblem(pattern), pattern).toBeUndefined();
  });

  test("refuses an exponential pattern", () => expect(patternProblem("^(a+)+$")).toMatch(/can backtrack super-linearly/));
  test("refuses a polynomial pattern", () => expect(patternProblem("^a*a*b$")).toMatch(/can backtrack super-linearly/));
  test("refuses an unanchored search, quadratic in test()", () => expect(patternProblem("[0-9]+$")).toMatch(/super-linearly/));
  test("refuses a pattern that does not compile with the u flag", () => {
    expect(patternProblem("^\\-$")).toMatch(/does not compile with the `u` flag/);
    expect(patternProblem("^[a-")).toMatch(/does not compile/);
  });

  test("refuses overlapping alternatives it cannot prove linear, within its time budget", () => {
    const started = performance.now();
    expect(patternProblem("^(a|a)*$", 200)).toMatch(/linear time within 200 ms/);
    // 200 ms asked; well under the 4.7 s the detector spends on it unbounded.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test("stops checking once the run's budget is spent, refusing the rest unchecked", () => {
    const check = patternChecker(100, 60);
    expect(check("^(a|a)*$")).toMatch(/within 60 ms/);
    expect(check("^(b|b)*$")).toMatch(/within \d+ ms|is spent/);
    expect(check("^[0-9]+$")).toMatch(/was not checked: this run's 100 ms/);
  });
});

describe("the rules as redocly.yaml enables them", () => {
  const document = [
    "openapi: 3.1.0",
    "info: { title: t, version: '1', description: d, license: { name: MIT, url: 'https://example.org' } }",
    "servers: [{ url: 'https://api.example.org' }]",
    "security: []",
    "paths:",
    "  /a/%2e%2e/b:",
    "    get: { operationId: a, summary: s, description: d, security: [], responses: { '200': { description: ok } } }",
    "  /a/{id}:",
    "    get:",
    "      operationId: b",
    "      summary: s",
    "      description: d",
    "      security: []",
    "      parameters: [{ name: id, in: path, required: true, description: d, schema: { type: string, pattern: '^(a+)+$' } }]",
    "      responses: { '200': { description: ok } }",
  ].join("\n");

  test("report an encoded path key at its key and a super-linear pattern at its value, as errors", async () => {
    const problems = await lintFromString({ source: document, absoluteRef: "/virtual/openapi.yaml", config });
    const ours = problems.filter((p) => p.ruleId.startsWith("hostup/"));
    const at = (rule: string) => {
      const problem = ours.find((p) => p.ruleId === rule);
      expect(problem?.severity, rule).toBe("error");
      return getLineColLocation(problem!.location[0]!).start;
    };
    expect(at("hostup/plain-path-keys")).toEqual({ line: 6, col: 3 });
    expect(at("hostup/linear-patterns").line).toBe(14);
  });
});
