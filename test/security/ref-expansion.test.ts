/**
 * `$ref`s that multiply: each schema using the next one twice doubles the resolved spec per
 * level, though the bundle stays a few lines long. Nothing in Redocly's lint notices; the
 * pipeline measures the resolved size before anything walks it.
 */
import { describe, expect, test } from "vitest";
import { dereference } from "../../pipeline/openapi-model.ts";
import { expandedSize } from "../../pipeline/expanded-size.ts";
import { MAX_RESOLVED_BYTES, SpecInputError } from "../../pipeline/spec-limits.ts";
import { resolved, spec } from "../support/spec.ts";

/** A bundle whose schema L0 uses L1 twice, L1 uses L2 twice, … down to a string. */
function refDag(levels: number): Record<string, unknown> {
  const schemas: Record<string, unknown> = { [`L${levels}`]: { type: "string" } };
  for (let i = 0; i < levels; i++) {
    const next = { $ref: `#/components/schemas/L${i + 1}` };
    schemas[`L${i}`] = { type: "object", properties: { a: next, b: next } };
  }
  return { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, components: { schemas } };
}

describe("expandedSize", () => {
  test("is about JSON.stringify's length for the real resolved spec", () => {
    const written = JSON.stringify(resolved).length;
    expect(Math.abs(expandedSize(resolved) - written) / written).toBeLessThan(0.05);
  });

  test("counts a shared object once per place that uses it", () => {
    const shared = { x: "y".repeat(100) };
    const one = expandedSize({ a: shared });
    expect(expandedSize({ a: shared, b: shared, c: shared })).toBeGreaterThan(3 * (one - 10));
  });

  test("counts a cycle (a recursive schema) once instead of forever", () => {
    const node: Record<string, unknown> = { type: "object" };
    node.properties = { child: node };
    expect(expandedSize(node)).toBeLessThan(100);
  });

  test("follows a chain of 100,000 references without overflowing the stack", () => {
    let chain: Record<string, unknown> = { end: true };
    for (let i = 0; i < 100_000; i++) chain = { next: chain };
    expect(expandedSize(chain)).toBeGreaterThan(100_000);
  });
});

describe("dereference", () => {
  test("accepts the real bundle", async () => {
    await expect(dereference(spec)).resolves.toBeDefined();
  });

  test("refuses 30 levels of doubling $refs within a second, naming the limit", async () => {
    const started = performance.now();
    const error = await dereference(refDag(30)).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(SpecInputError);
    const problem = (error as SpecInputError).problems[0]!;
    expect(problem.ruleId).toBe("spec-input/resolved-size");
    expect(problem.message).toMatch(/over the 32 MiB limit \(MAX_RESOLVED_BYTES/);
  });

  test("accepts doubling $refs while they stay under the limit", async () => {
    // 2^12 strings of ~20 bytes resolved: well under MAX_RESOLVED_BYTES.
    expect(expandedSize(await dereference(refDag(12)))).toBeLessThan(MAX_RESOLVED_BYTES);
  });
});
