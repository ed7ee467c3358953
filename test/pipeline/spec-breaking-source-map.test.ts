/**
 * From a change's pointer into the bundle back to the spec/ file and line a contributor
 * edits, on a small spec/ tree written here: path files, components followed through
 * `$ref`, numeric status keys, removed nodes, and references that leave spec/.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SourceMap } from "../../pipeline/breaking/source-map.ts";

const FILES: Record<string, string> = {
  "openapi.yaml": [
    "openapi: 3.1.0",
    "info:",
    "  title: t",
    "  version: 1.0.0",
    "paths:",
    "  /things/{id}:",
    "    $ref: paths/things_{id}.yaml",
    "  /inline:",
    "    get:",
    "      responses:",
    "        200:",
    "          description: ok",
    "  /outside:",
    "    $ref: ../elsewhere.yaml",
    "  /parent:",
    "    $ref: ..",
    "  /a~b:",
    "    $ref: paths/a~b.yaml",
    "",
  ].join("\n"),
  "paths/things_{id}.yaml": [
    "get:",
    "  operationId: getThing",
    "  responses:",
    '    "200":',
    "      description: ok",
    "      content:",
    "        application/json:",
    "          schema:",
    "            $ref: ../components/schemas/Thing.yaml",
    '    "404":',
    "      $ref: ../openapi.yaml#/paths/~1inline/get/responses/200",
    "",
  ].join("\n"),
  "paths/a~b.yaml": ["get:", "  summary: tilde", ""].join("\n"),
  "components/schemas/Thing.yaml": ["type: object", "properties:", "  name:", "    type: string", ""].join("\n"),
};

const thing = { type: "object", properties: { name: { type: "string" } } };
const ok = { responses: { "200": { description: "ok" } } };
const bundled = {
  openapi: "3.1.0",
  info: { title: "t", version: "1.0.0" },
  paths: {
    "/things/{id}": {
      get: {
        operationId: "getThing",
        responses: {
          "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
          // Bundle references that are not to a component, to a kind of component the bundle lacks, and out of spec/.
          "404": { $ref: "#/paths/~1inline/get/responses/200" },
          "500": { $ref: "#/components/links/Nope" },
          "502": { $ref: "#/components/~1..~1../escape" },
        },
      },
    },
    "/inline": { get: ok },
    "/outside": { get: ok },
    "/parent": { get: ok },
    "/a~b": { get: { summary: "tilde" } },
  },
  components: {
    schemas: { Thing: thing, Missing: { type: "string" } },
    responses: { Gone: { $ref: "#/components/schemas/Thing" } },
    "../..": { climb: { type: "string" } },
  },
};

const root = mkdtemp(join(tmpdir(), "spec-breaking-source-map-"));
let map: SourceMap;
beforeAll(async () => {
  const specDir = join(await root, "spec");
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(join(specDir, file, ".."), { recursive: true });
    await writeFile(join(specDir, file), text);
  }
  map = new SourceMap(bundled, specDir);
});
afterAll(async () => rm(await root, { recursive: true, force: true }));

describe("locating a pointer in spec/", () => {
  test.each([
    ["the document's own keys", "/info/version", "spec/openapi.yaml", 4],
    ["an operation in its path file", "/paths/~1things~1{id}/get", "spec/paths/things_{id}.yaml", 1],
    ["below a status key in a path file", "/paths/~1things~1{id}/get/responses/200/description", "spec/paths/things_{id}.yaml", 5],
    [
      "a component, from the place that refers to it",
      "/paths/~1things~1{id}/get/responses/200/content/application~1json/schema",
      "spec/components/schemas/Thing.yaml",
      1,
    ],
    [
      "inside a component, through the reference",
      "/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/properties/name",
      "spec/components/schemas/Thing.yaml",
      3,
    ],
    ["a component by its own pointer", "/components/schemas/Thing/properties/name/type", "spec/components/schemas/Thing.yaml", 4],
    ["a status key YAML reads as a number, in a path written inline", "/paths/~1inline/get/responses/200", "spec/openapi.yaml", 11],
    ["a path file outside spec/: the path's line in openapi.yaml", "/paths/~1outside/get", "spec/openapi.yaml", 13],
    ["a path file that is spec/'s parent folder: the same", "/paths/~1parent/get", "spec/openapi.yaml", 15],
    ["a path whose name holds ~", "/paths/~1a~0b/get/summary", "spec/paths/a~b.yaml", 2],
    ["a removed node: the nearest one still there", "/paths/~1things~1{id}/delete/responses", "spec/paths/things_{id}.yaml", 1],
    ["a removed key in openapi.yaml: its parent's line", "/paths/~1inline/put", "spec/openapi.yaml", 8],
    ["a component whose file is missing: its first line", "/components/schemas/Missing/type", "spec/components/schemas/Missing.yaml", 1],
    [
      "a component that refers to another: the other's file",
      "/components/responses/Gone/properties",
      "spec/components/responses/Gone.yaml",
      1,
    ],
    ["a path item itself: its line in openapi.yaml", "/paths/~1things~1{id}", "spec/openapi.yaml", 6],
    [
      "a reference that is not to a component: the referring key",
      "/paths/~1things~1{id}/get/responses/404/description",
      "spec/paths/things_{id}.yaml",
      10,
    ],
    [
      "a reference to a kind of component the bundle lacks: that component's file",
      "/paths/~1things~1{id}/get/responses/500/x",
      "spec/components/links/Nope.yaml",
      1,
    ],
    [
      "a reference whose name climbs out of spec/: not followed",
      "/paths/~1things~1{id}/get/responses/502",
      "spec/paths/things_{id}.yaml",
      3,
    ],
    ["a component whose name climbs out of spec/: not followed", "/components/..~1../climb/type", "spec/openapi.yaml", 1],
    ["below a key YAML reads as a number: that key's line", "/paths/~1inline/get/responses/200/description", "spec/openapi.yaml", 11],
  ])("%s", (_what, pointer, file, line) => {
    expect(map.locate(pointer)).toEqual({ file, line });
  });

  test("a spec/ folder without openapi.yaml: every pointer lands on its first line", async () => {
    const empty = join(await root, "empty");
    await mkdir(empty, { recursive: true });
    expect(new SourceMap(bundled, empty).locate("/paths/~1things~1{id}/get")).toEqual({ file: "empty/openapi.yaml", line: 1 });
  });

  test("the bundle and the folder it reads are kept as given", async () => {
    expect(map.bundled).toBe(bundled);
    expect(map.specDir).toBe(join(await root, "spec"));
  });
});
