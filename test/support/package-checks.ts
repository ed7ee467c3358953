/** The packaging checks every workspace package passes: publint and arethetypeswrong on its packed tarball. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { root } from "../../pipeline/paths.ts";
import { run, type Finished } from "./process.ts";

export const bin = (name: string) => join(root, "node_modules/.bin", name);

/** publint --strict on packages/<name>. */
export function publint(packageDir: string): Promise<Finished> {
  return run(bin("publint"), [packageDir, "--strict"]);
}

/** arethetypeswrong on the packed package, ESM consumers only (the packages are ESM-only), as JSON. */
export function arethetypeswrong(packageDir: string): Promise<Finished> {
  return run(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "json"], { cwd: join(root, packageDir) });
}

/**
 * Registers both checks for `packageDir` (e.g. packages/billing-mock): publint passes, and
 * arethetypeswrong passes for every JavaScript entry point its package.json exports.
 */
export function testPackaging(packageDir: string): void {
  const { exports } = JSON.parse(readFileSync(join(root, packageDir, "package.json"), "utf8")) as { exports: Record<string, unknown> };
  const entryPoints = Object.keys(exports).filter((entry) => !entry.endsWith(".json"));

  test("passes publint (exports, files, types condition first)", async () => {
    const result = await publint(packageDir);
    expect(result.stdout).toContain("All good!");
    expect(result.code).toBe(0);
  });

  test(`resolves types and JavaScript of ${entryPoints.join(", ")} for ESM consumers (arethetypeswrong)`, async () => {
    const result = await arethetypeswrong(packageDir);
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout) as { analysis: { entrypoints: Record<string, unknown> } };
    expect(Object.keys(report.analysis.entrypoints)).toEqual(expect.arrayContaining(entryPoints));
  });
}
