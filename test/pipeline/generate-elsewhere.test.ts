/** `pnpm generate --out <dir> [--spec] [--config]`: any spec rendered into another directory, the repository untouched. */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { generatedDir, root } from "../../pipeline/paths.ts";
import { clientOperationsFile, clientTypesFile } from "../../pipeline/render-client.ts";
import { renderGenerated } from "../../pipeline/render-generated.ts";
import { queryBindingsFile } from "../../pipeline/render-query.ts";
import { clientResponsesFile } from "../../pipeline/render-responses.ts";
import { messagesFile } from "../../pipeline/render-messages.ts";
import { elsewhere } from "../../pipeline/write-elsewhere.ts";
import { readDirFiles } from "../../pipeline/write-generated.ts";
import { fixtureConfig, fixtureEntry, loadFixture } from "../support/construct-fixture.ts";
import { runScript } from "../support/process.ts";

const temporary: string[] = [];
async function outDir() {
  const dir = await mkdtemp(join(tmpdir(), "generate-elsewhere-"));
  temporary.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("pnpm generate --out", () => {
  test("renders spec/ into the directory byte for byte as into the repository", async () => {
    const out = await outDir();
    const result = await runScript("scripts/generate.ts", ["--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const written = elsewhere(out);
    expect(Object.fromEntries(await readDirFiles(written.generated))).toEqual(Object.fromEntries(await readDirFiles(generatedDir)));
    expect(await readFile(written.clientOperations, "utf8")).toBe(await readFile(clientOperationsFile, "utf8"));
    expect(await readFile(written.clientTypes, "utf8")).toBe(await readFile(clientTypesFile, "utf8"));
    expect(await readFile(written.queryBindings, "utf8")).toBe(await readFile(queryBindingsFile, "utf8"));
    expect(await readFile(written.clientResponses, "utf8")).toBe(await readFile(clientResponsesFile, "utf8"));
    expect(await readFile(written.messages, "utf8")).toBe(await readFile(messagesFile, "utf8"));
  });

  test("renders another spec, linted with its own configuration, into the directory", async () => {
    const out = await outDir();
    const result = await runScript("scripts/generate.ts", ["--spec", fixtureEntry, "--config", fixtureConfig, "--out", out]);
    const written = elsewhere(out);
    expect(Object.fromEntries(await readDirFiles(written.generated))).toEqual(
      Object.fromEntries(await renderGenerated(await loadFixture())),
    );
    // The client carries every construct of the fixture: its generated sources are written too.
    expect(result.code).toBe(0);
    for (const file of [written.clientOperations, written.clientTypes, written.queryBindings]) expect(existsSync(file)).toBe(true);
  });

  test("refuses --spec or --config without --out: only spec/ is generated into the repository", async () => {
    const result = await runScript("scripts/generate.ts", ["--spec", fixtureEntry, "--config", fixtureConfig]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("generate: --spec and --config need --out <dir>");
    expect(result.stdout).toBe("");
  });

  test("names a --config that does not exist and writes nothing", async () => {
    const out = await outDir();
    const missing = join(root, "no-such-redocly.yaml");
    const result = await runScript("scripts/generate.ts", ["--spec", fixtureEntry, "--config", missing, "--out", join(out, "x")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`generate: --config ${missing}: no such file.`);
    expect(existsSync(join(out, "x"))).toBe(false);
  });
});
