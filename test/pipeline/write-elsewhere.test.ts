/**
 * What `pnpm generate --out` writes, called in this process: generated/'s files and the
 * client's generated sources under another directory, at the paths they have in the
 * repository, and nothing of the client when its renderer refuses the spec.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { rel } from "../../pipeline/paths.ts";
import { renderGenerated } from "../../pipeline/render-generated.ts";
import { renderClientSources } from "../../pipeline/render-outputs.ts";
import { elsewhere, writeClientElsewhere, writeGeneratedElsewhere } from "../../pipeline/write-elsewhere.ts";
import { readDirFiles } from "../../pipeline/write-generated.ts";
import { loadFixture } from "../support/construct-fixture.ts";

const spec = await loadSpec();
const fixture = await loadFixture();

const temporary: string[] = [];
async function outDir() {
  const dir = await mkdtemp(join(tmpdir(), "write-elsewhere-"));
  temporary.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("elsewhere", () => {
  test("puts each output under the directory at its path in the repository", () => {
    expect(elsewhere("/tmp/out")).toEqual({
      generated: "/tmp/out/generated",
      clientOperations: "/tmp/out/packages/billing-client/src/operations.gen.ts",
      clientTypes: "/tmp/out/packages/billing-client/src/types.gen.ts",
      queryBindings: "/tmp/out/packages/billing-client/src/query.gen.ts",
      clientResponses: "/tmp/out/packages/billing-client/src/responses.gen.ts",
      messages: "/tmp/out/packages/billing-client/src/messages.gen.ts",
    });
  });
});

describe("writeGeneratedElsewhere", () => {
  test("writes generated/'s files for the spec under <out>/generated and returns their paths", async () => {
    const out = await outDir();
    const written = await writeGeneratedElsewhere(fixture, out);
    const rendered = await renderGenerated(fixture);
    expect(written).toEqual([...rendered.keys()].map((name) => join(out, "generated", name)));
    expect(Object.fromEntries(await readDirFiles(join(out, "generated")))).toEqual(Object.fromEntries(rendered));
  });
});

describe("writeClientElsewhere", () => {
  test("writes every client source under the directory, creating its folders, and returns their paths", async () => {
    for (const model of [spec, fixture]) {
      const out = await outDir();
      const written = await writeClientElsewhere(model, out);
      const sources = renderClientSources(model.resolved);
      expect(written).toEqual([...sources.keys()].map((path) => join(out, rel(path))));
      for (const [path, content] of sources) expect(await readFile(join(out, rel(path)), "utf8"), rel(path)).toBe(content);
    }
    // spec/'s sources rendered elsewhere are the repository's own, byte for byte.
    const out = await outDir();
    await writeClientElsewhere(spec, out);
    for (const path of renderClientSources(spec.resolved).keys()) {
      expect(await readFile(join(out, rel(path)), "utf8"), rel(path)).toBe(await readFile(path, "utf8"));
    }
  });

  test("writes nothing of the client when its renderer refuses the spec", async () => {
    const out = await outDir();
    // A header parameter in the form style, which OpenAPI does not define and no renderer carries.
    const refused = structuredClone(fixture.resolved);
    refused.paths!["/health"]!.get!.parameters = [{ name: "h", in: "header", style: "form", schema: { type: "string" } }] as never;
    await expect(writeClientElsewhere({ ...fixture, resolved: refused }, out)).rejects.toThrow();
    expect(existsSync(join(out, "packages"))).toBe(false);
    expect(existsSync(out)).toBe(true);
  });
});
