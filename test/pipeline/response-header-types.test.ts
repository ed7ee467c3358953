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
import { unescapePointerFragment } from "@redocly/openapi-core";
import { afterAll, describe, expect, test } from "vitest";
import { HTTP_METHODS } from "../../pipeline/openapi-model.ts";
import { renderGenerated } from "../../pipeline/render-generated.ts";
import { loadFixture } from "../support/construct-fixture.ts";
import { typeCheck } from "../support/type-check.ts";

type Json = Record<string, unknown>;

/** The node `ref` names in `doc` (a local `#/...` pointer), or the node itself when it is not a reference. */
function target(doc: Json, node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== "string") return node;
  return ref
    .slice(2)
    .split("/")
    .reduce<Json>((at, part) => at[unescapePointerFragment(part)] as Json, doc);
}

interface RefHeader {
  operationId: string;
  status: string;
  name: string;
  required: boolean;
}

/** Every response header the bundled spec writes as a `$ref`, with the referenced header's `required`. */
function referencedHeaders(bundled: Json): RefHeader[] {
  const found: RefHeader[] = [];
  for (const item of Object.values(bundled.paths as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        for (const [name, header] of Object.entries((target(bundled, response).headers ?? {}) as Record<string, Json>)) {
          if (typeof header.$ref !== "string") continue;
          found.push({ operationId: operation.operationId as string, status, name, required: target(bundled, header).required === true });
        }
      }
    }
  }
  return found;
}

const model = await loadFixture();
const headers = referencedHeaders(model.bundled as unknown as Json);
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
