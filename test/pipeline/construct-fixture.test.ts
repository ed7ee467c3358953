/**
 * The construct fixture (test/fixtures/constructs/) through the pipeline: linted and bundled
 * by the real loadSpec with its own redocly.yaml, generated/ rendered for it into a temporary
 * directory, and the rendered types compiled by tsc. It must keep every construct of
 * test/support/constructs.ts, each with the examples a mock and a contract test need.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { LintError, loadSpec, operationsOf } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { renderGenerated } from "../../pipeline/render-generated.ts";
import { elsewhere, writeGeneratedElsewhere } from "../../pipeline/write-elsewhere.ts";
import { readDirFiles } from "../../pipeline/write-generated.ts";
import { fixtureConfig, fixtureEntry, loadFixture } from "../support/construct-fixture.ts";
import { constructsIn } from "../support/constructs.ts";
import { typeCheck } from "../support/type-check.ts";

const model = await loadFixture();
const operations = operationsOf(model.resolved);
const dir = await mkdtemp(join(tmpdir(), "construct-fixture-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the construct fixture, loaded by loadSpec with its own redocly.yaml", () => {
  test("lints with the configuration given, not the repository's", async () => {
    // The fixture's configuration with one rule it turns off turned on: getHealth documents only `default`.
    const strict = (await readFile(fixtureConfig, "utf8"))
      .replace("operation-4xx-response: off", "operation-4xx-response: error")
      .replace("../../../pipeline/redocly/plugin.ts", join(root, "pipeline/redocly/plugin.ts"));
    await writeFile(join(dir, "redocly.yaml"), strict);
    const error = await loadSpec(fixtureEntry, join(dir, "redocly.yaml")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LintError);
    const problems = (error as LintError).problems.map((p) => `${p.ruleId} ${p.location[0]?.source.absoluteRef}`);
    expect(problems).toEqual([`operation-4xx-response ${join(fixtureEntry, "../paths/health.yaml")}`]);
  });

  test("takes a problem the spec's lint-ignore file lists as no problem, and names the spec's folder in any other", async () => {
    const strict = (await readFile(fixtureConfig, "utf8"))
      .replace("operation-4xx-response: off", "operation-4xx-response: error")
      .replace("../../../pipeline/redocly/plugin.ts", join(root, "pipeline/redocly/plugin.ts"));
    const ignoring = await mkdtemp(join(tmpdir(), "construct-fixture-ignore-"));
    try {
      await writeFile(join(ignoring, "redocly.yaml"), strict);
      const refused = await loadSpec(fixtureEntry, join(ignoring, "redocly.yaml")).catch((caught: unknown) => caught);
      expect((refused as LintError).message).toBe("test/fixtures/constructs/ has 1 error(s) and 0 warning(s)");
      // Redocly reads the ignore file beside the configuration, keyed by each file's path from there.
      const health = relative(ignoring, join(fixtureEntry, "../paths/health.yaml"));
      await writeFile(
        join(ignoring, ".redocly.lint-ignore.yaml"),
        `${JSON.stringify(health)}:\n  operation-4xx-response:\n    - "#/get/responses"\n`,
      );
      await expect(loadSpec(fixtureEntry, join(ignoring, "redocly.yaml"))).resolves.toHaveProperty("resolved");
    } finally {
      await rm(ignoring, { recursive: true, force: true });
    }
  });

  test("carries every construct, each in at least one operation", () => {
    const missing = [...constructsIn(model)].filter(([, ids]) => ids.length === 0).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  test("a spec without a construct is reported as lacking it (HostUp's has no label path parameter)", async () => {
    const found = constructsIn(await loadSpec());
    expect(found.get("path parameter, label style, explode true")).toEqual([]);
    expect(found.get("application/problem+json error response")!.length).toBeGreaterThan(0);
  });

  test("gives every operation an operationId and a summary", () => {
    const lacking = operations.filter(({ operation }) => !operation.operationId || !operation.summary?.trim());
    expect(lacking.map(({ method, path }) => `${method} ${path}`)).toEqual([]);
  });

  test("gives every parameter, request body media type and response body an example", () => {
    const has = (node: { example?: unknown; examples?: unknown }) => node.example !== undefined || node.examples !== undefined;
    const lacking = operations.flatMap(({ operation, parameters }) => [
      ...parameters.filter((p) => !has(p)).map((p) => `${operation.operationId}: ${p.in} parameter ${p.name}`),
      ...Object.entries(operation.requestBody?.content ?? {})
        .filter(([, media]) => !has(media))
        .map(([type]) => `${operation.operationId}: request body ${type}`),
      ...Object.entries(operation.responses ?? {}).flatMap(([status, response]) =>
        Object.entries(response.content ?? {})
          .filter(([, media]) => !has(media))
          .map(([type]) => `${operation.operationId}: ${status} ${type}`),
      ),
    ]);
    expect(lacking).toEqual([]);
  });
});

describe("generated/ rendered for the construct fixture", () => {
  test("renders the same bytes twice from one model (openapi-typescript must not change it)", async () => {
    const first = Object.fromEntries(await renderGenerated(model));
    expect(Object.fromEntries(await renderGenerated(model))).toEqual(first);
  });

  test("writes generated/'s files into another directory, and its declarations compile with tsc", async () => {
    await writeGeneratedElsewhere(model, dir);
    expect(Object.fromEntries(await readDirFiles(elsewhere(dir).generated))).toEqual(Object.fromEntries(await renderGenerated(model)));
    const ids = operations.map(({ operation }) => operation.operationId!);
    // Every operationId is a key of `operations`, and nothing else is.
    const check =
      `import type { components, operations, paths } from "./generated/openapi.js";\n` +
      `import type { operationModel } from "./generated/index.js";\n` +
      `export const every: Record<keyof operations, true> = { ${ids.map((id) => `${JSON.stringify(id)}: true`).join(", ")} };\n` +
      `export type Paths = keyof paths;\n` +
      `export type Schemas = components["schemas"];\n` +
      `export type Model = typeof operationModel;\n`;
    const diagnostics = await typeCheck(dir, { "package.json": '{ "type": "module" }', "check.ts": check });
    expect(diagnostics).toBe("");
  });
});
