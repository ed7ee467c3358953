/**
 * Every `pattern` of the spec is run on untrusted input: by the client before a request (with
 * the `u` flag) and by both mocks' validators. `pnpm lint:spec` refuses a pattern that can
 * backtrack super-linearly; this test runs each pattern the spec has today against long
 * strings built to make a backtracking engine try every split, within a time bound that a
 * quadratic pattern misses by orders of magnitude.
 */
import { describe, expect, test } from "vitest";
import { spec } from "../support/spec.ts";

/** Every `pattern` keyword's value in the bundled spec, wherever it is. */
function patternsOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) patternsOf(item, found);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") found.add(value);
      else patternsOf(value, found);
    }
  }
  return found;
}

/**
 * Long runs of characters each pattern could accept, alone and after a plausible prefix,
 * ended by one that no pattern accepts there, so that a match has to fail after trying.
 */
function adversarial(pattern: string): string[] {
  const prefixes = ["", ...(pattern.match(/[A-Za-z_]{2,}/g) ?? [])];
  const runs = ["a", "0", "_", "-", ".", "@", " ", "a0", "0a", "a.", "a@"];
  return prefixes.flatMap((prefix) => runs.flatMap((run) => [`${prefix}${run.repeat(50_000)}!`, `${prefix}${run.repeat(50_000)}\n`]));
}

const patterns = [...patternsOf(spec)];

test("the spec has patterns to check (the walk finds them)", () => {
  expect(patterns.length).toBeGreaterThan(0);
});

describe.each(patterns)("pattern %s", (pattern) => {
  test("answers every adversarial input of 50,000+ characters within 50 ms", () => {
    const regex = new RegExp(pattern, "u");
    for (const input of adversarial(pattern)) {
      const start = performance.now();
      regex.test(input);
      expect(performance.now() - start, JSON.stringify(input.slice(0, 20))).toBeLessThan(50);
    }
  });
});
