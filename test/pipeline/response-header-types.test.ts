/**
 * openapi-typescript 7 typed every `$ref`'d response header as required; the patch in
 * patches/ makes it read the referenced header's `required`. The construct fixture refers to
 * optional and required headers in components/headers: the types rendered for it are
 * compiled with tsc against assertions derived from the spec, so a header typed against its
 * `required` fails to compile, naming it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { renderGenerated } from "../../pipeline/render-generated.ts";
import { loadFixture } from "../support/construct-fixture.ts";
import { referencedHeaders } from "../support/constructs.ts";
import { typeCheck } from "../support/type-check.ts";

const model = await loadFixture();
const headers = referencedHeaders(model.bundled as unknown as Record<string, unknown>);
const dir = await mkdtemp(join(tmpdir(), "response-header-types-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("openapi-typescript on $ref'd response headers", () => {
  test("the fixture refers to at least one optional and one required header", () => {
    expect(headers.filter((h) => !h.required).length).toBeGreaterThan(0);
    expect(headers.filter((h) => h.required).length).toBeGreaterThan(0);
  });

  test("types each as optional or required as its components/headers entry says", async () => {
    const types = (await renderGenerated(model)).get("openapi.d.ts")!;
    // One assertion a line, from line 3 on: a diagnostic's line names the header it is about.
    const assertions = headers.map(({ operationId, status, name, required }, index) => {
      const at = `operations[${JSON.stringify(operationId)}]["responses"][${JSON.stringify(status)}]["headers"]`;
      return `export const h${index}: IsOptional<${at}, ${JSON.stringify(name)}> = ${!required};\n`;
    });
    const check =
      `import type { operations } from "./openapi.js";\n` +
      `type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;\n` +
      assertions.join("");
    const diagnostics = await typeCheck(dir, { "package.json": '{ "type": "module" }', "openapi.d.ts": types, "check.ts": check });
    const mistyped = [...diagnostics.matchAll(/^check\.ts\((\d+),/gm)].map(([, line]) => {
      const { operationId, status, name, required } = headers[Number(line) - 3]!;
      return `${operationId} ${status} ${name} should be ${required ? "required" : "optional"}`;
    });
    expect(mistyped).toEqual([]);
    expect(diagnostics).toBe("");
  });
});
