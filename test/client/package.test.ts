/** @hostup/billing-client as another workspace package sees it: by name, from Node and from tsc. */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { root } from "../../pipeline/paths.ts";
import { bin, testPackaging } from "../support/package-checks.ts";
import { run, runScript } from "../support/process.ts";
import { apiBaseUrl } from "../support/target.ts";

const consumer = join(root, "examples/consumer");

describe("@hostup/billing-client as a dependency", () => {
  test("a Node 24 script imports it by name and calls the mock", async () => {
    const result = await runScript(join(consumer, "main.ts"), [], { BILLING_API_URL: apiBaseUrl(), HOSTUP_TOKEN: "test-token" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^queued for \S+@\S+ at 20\d\d-/m);
    expect(result.stdout).toMatch(/^added CC recipient \d+: /m);
    expect(result.code).toBe(0);
  });

  for (const config of ["tsconfig.json", "tsconfig.bundler.json"]) {
    test(`type-checks in a tsc project (${config === "tsconfig.json" ? "NodeNext" : "Bundler"} resolution)`, async () => {
      const result = await run(bin("tsc"), ["-p", join(consumer, config)]);
      expect(result.stdout + result.stderr).toBe("");
      expect(result.code).toBe(0);
      // A whole tsc run: seconds alone, close to the default bound when the machine is loaded.
    }, 60_000);
  }

  testPackaging("packages/billing-client");
});
