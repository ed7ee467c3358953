/** @hostup/billing-mock as another workspace package sees it: exports, types and JavaScript for every entry point. */
import { describe, expect, test } from "vitest";
import { arethetypeswrong, publint } from "../support/package-checks.ts";

describe("@hostup/billing-mock as a dependency", () => {
  test("passes publint (exports, files, types condition first)", async () => {
    const result = await publint("packages/billing-mock");
    expect(result.stdout).toContain("All good!");
    expect(result.code).toBe(0);
  });

  test("resolves types and JavaScript of ., ./node and ./msw for ESM consumers (arethetypeswrong)", async () => {
    const result = await arethetypeswrong("packages/billing-mock");
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout) as { analysis: { entrypoints: Record<string, unknown> } };
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining([".", "./node", "./msw"]));
  });
});
