/**
 * generated/'s runtime facts rendered for the construct fixture: each operation's metadata,
 * the error catalog, the example names and the response headers, against what the fixture's
 * YAML says; and the files themselves, with index.js imported back to read what it exports.
 * Everything is rendered inside the tests: a mutant is switched on after a file's top level.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";
import { errorCatalog, operationsMetadata, renderGenerated, responseExamples, responseHeaders } from "../../pipeline/render-generated.ts";
import { loadFixture } from "../support/construct-fixture.ts";

const fixture = await loadFixture();
const { resolved } = fixture;
const dir = await mkdtemp(join(tmpdir(), "render-generated-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const problem = (code: string, title: string) => ({ code, title, type: `https://api.constructs.test/errors/${code}` });

describe("operationsMetadata over the construct fixture", () => {
  test("gives path parameters in path order with their patterns, and the query parameters with required", () => {
    const metadata = operationsMetadata(resolved);
    expect(metadata.getPathSimple!.pathParameters).toEqual({ id: { pattern: null }, tags: { pattern: null }, point: { pattern: null } });
    expect(metadata.updateItem!.pathParameters).toEqual({ id: { pattern: "^it_[0-9a-z]{8}$" } });
    expect(metadata.cancelJob!.pathParameters).toEqual({ id: { pattern: "^[a-z]+_[0-9a-z]{4}$" } });
    // Header and cookie parameters are not query parameters.
    expect(metadata.listItems!.queryParameters).toEqual({ limit: { required: false }, cursor: { required: false } });
    expect(metadata.getQueryStyles!.queryParameters.search).toEqual({ required: true });
    expect(Object.keys(metadata.getQueryStyles!.queryParameters)).toHaveLength(11);
  });

  test("keeps only an application/json request body, with its required and its schema without documentation", () => {
    const metadata = operationsMetadata(resolved);
    expect(metadata.cancelJob!.requestBody).toEqual({
      required: false,
      schema: { type: "object", properties: { reason: { type: "string", maxLength: 200 } } },
    });
    // PaymentRequest's description goes; its members stay.
    expect(metadata.createPayment!.requestBody!.required).toBe(true);
    expect(metadata.createPayment!.requestBody!.schema).not.toHaveProperty("description");
    expect(metadata.createPayment!.requestBody!.schema).toHaveProperty("discriminator.propertyName", "method");
    for (const id of ["updateItem", "createSession", "uploadDocument", "replaceDocumentContent", "createNote", "getHealth"]) {
      expect(metadata[id]!.requestBody, id).toBeNull();
    }
  });

  test("lists each written-out 2xx status with whether it has a body, and the method's safety", () => {
    const metadata = operationsMetadata(resolved);
    expect(metadata.listItems).toMatchObject({ method: "GET", path: "/items", success: { 200: { body: true } }, safe: true });
    expect(metadata.cancelJob).toMatchObject({ method: "POST", success: { 204: { body: false } }, safe: false });
    expect(metadata.createItems!.success).toEqual({ 201: { body: true } });
    // A range and `default` are not written-out statuses.
    expect(metadata.refreshCache!.success).toEqual({});
    expect(metadata.getHealth!.success).toEqual({});
    expect(metadata.replaceDocumentContent).toMatchObject({ method: "PUT", safe: false });
  });

  test("names path variables in the path's order, each with a pattern or null, whatever order the parameters come in", () => {
    const spec = {
      paths: {
        "/x/{second}/{first}/{third}": {
          get: {
            operationId: "x",
            parameters: [
              { name: "first", in: "path", required: true, schema: { type: "string", pattern: "^f$" } },
              { name: "third", in: "path", required: true },
              { name: "second", in: "path", required: true },
            ],
            responses: {},
          },
          head: {
            operationId: "y",
            parameters: ["first", "second", "third"].map((name) => ({ name, in: "path", required: true })),
            responses: {},
          },
        },
      },
    } as unknown as Spec;
    const metadata = operationsMetadata(spec);
    expect(Object.entries(metadata.x!.pathParameters)).toEqual([
      ["second", { pattern: null }],
      ["first", { pattern: "^f$" }],
      ["third", { pattern: null }],
    ]);
    expect(metadata.y).toMatchObject({ method: "HEAD", safe: true });
  });

  test("strips documentation members from a body schema at every depth, but keeps properties named like them", () => {
    const spec = {
      paths: {
        "/a": {
          post: {
            operationId: "a",
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    title: "A",
                    description: "d",
                    example: {},
                    examples: [{}],
                    type: "object",
                    properties: { title: { type: "string", description: "t" }, example: { items: [{ title: "x", type: "integer" }] } },
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
    } as unknown as Spec;
    expect(operationsMetadata(spec).a!.requestBody).toEqual({
      required: false,
      schema: { type: "object", properties: { title: { type: "string" }, example: { items: [{ type: "integer" }] } } },
    });
  });
});

describe("the facts read from the fixture's answers", () => {
  test("errorCatalog: status → code, title and type, from the Problem examples, sorted by status", () => {
    const catalog = errorCatalog(resolved);
    expect(catalog).toEqual({
      400: problem("invalid_request", "Invalid request"),
      401: problem("unauthorized", "Unauthorized"),
      404: problem("not_found", "Not found"),
    });
    expect(Object.keys(catalog)).toEqual(["400", "401", "404"]);
  });

  test("errorCatalog: skips an example without a string code, title or type, and keeps a status's first", () => {
    const example = (value: unknown) => ({ value });
    const answer = (examples: Record<string, unknown>) => ({ content: { "application/problem+json": { examples } } });
    const spec = {
      paths: {
        "/a": {
          get: {
            operationId: "a",
            responses: {
              "500": answer({ e: example({ code: "internal", title: "Oops", type: "t:500" }) }),
              "409": answer({
                none: {},
                text: example("conflict"),
                noCode: example({ title: "T", type: "t" }),
                numberCode: example({ code: 409, title: "T", type: "t" }),
                noTitle: example({ code: "c", type: "t" }),
                noType: example({ code: "c", title: "T" }),
                first: example({ code: "conflict", title: "Conflict", type: "t:409" }),
                second: example({ code: "other", title: "Other", type: "t:other" }),
              }),
              "204": { description: "no body" },
              default: answer({ d: example({ code: "unexpected", title: "Unexpected", type: "t:default" }) }),
              "4XX": answer({ r: example({ code: "client", title: "Client", type: "t:4XX" }) }),
              "400": { content: { "application/problem+json": {} } },
            },
          },
        },
      },
    } as unknown as Spec;
    const catalog = errorCatalog(spec);
    expect(catalog).toEqual({
      409: { code: "conflict", title: "Conflict", type: "t:409" },
      500: { code: "internal", title: "Oops", type: "t:500" },
      "4XX": { code: "client", title: "Client", type: "t:4XX" },
      default: { code: "unexpected", title: "Unexpected", type: "t:default" },
    });
    // Written-out statuses first (JSON keys), then a range and `default` sorted, whatever order the spec gives them.
    expect(Object.keys(catalog)).toEqual(["409", "500", "4XX", "default"]);
  });

  test("responseExamples: each status's example names in the spec's order, [] for a status without any", () => {
    const examples = responseExamples(resolved);
    expect(Object.keys(examples)).toHaveLength(17);
    expect(examples.createPayment).toEqual({ 201: ["card", "bankTransfer"], 400: ["invalid_request"] });
    expect(examples.cancelJob).toEqual({ 204: [], 404: ["not_found"] });
    expect(examples.getHealth).toEqual({ default: ["ok"] });
  });

  test("responseHeaders: every documented answer header, as spelled, each once", () => {
    expect(responseHeaders(resolved)).toEqual(["Link", "X-Total-Count", "X-Request-Id"]);
  });
});

describe("generated/ rendered for the construct fixture", () => {
  test("renders the bundle, its types, the facts, the model's types and the package manifest", async () => {
    const files = await renderGenerated(fixture);
    expect([...files.keys()]).toEqual([
      "openapi.json",
      "openapi.d.ts",
      "operations.js",
      "index.js",
      "index.d.ts",
      "model.d.ts",
      "package.json",
    ]);
    const bundle = JSON.parse(files.get("openapi.json")!);
    expect(Object.keys(bundle)[0]).toBe("x-generated");
    expect(bundle["x-generated"]).toBe("Generated by `pnpm generate` from spec/. Do not edit: change spec/ and regenerate.");
    expect({ ...bundle, "x-generated": undefined }).toEqual({ ...fixture.bundled, "x-generated": undefined });
    expect(files.get("openapi.json")).toBe(`${JSON.stringify(bundle, null, 2)}\n`);
    expect(files.get("openapi.d.ts")).toMatch(
      /^\/\*\*\n \* This file was auto-generated by openapi-typescript\.\n \* Do not make direct changes to the file\.\n \* Generated by `pnpm generate` from spec\/\. Do not edit: change spec\/ and regenerate\.\n \*\/\n\nexport interface paths \{\n/,
    );
    expect(files.get("model.d.ts")).toBe(
      `// Generated by \`pnpm generate\` from spec/. Do not edit: change spec/ and regenerate.\n${readFileSync(new URL("../../pipeline/model-types.ts", import.meta.url), "utf8")}`,
    );
    const manifest = JSON.parse(files.get("package.json")!);
    expect(manifest).toMatchObject({ name: "@hostup/billing-openapi", type: "module", sideEffects: false });
    expect(manifest.exports["."]).toEqual({ types: "./index.d.ts", default: "./index.js" });
    expect(manifest.files).toEqual(["index.d.ts", "index.js", "model.d.ts", "openapi.d.ts", "openapi.json", "operations.js"]);
  });

  test("index.js exports the model and every fact, as computed from the fixture", async () => {
    const files = await renderGenerated(fixture);
    const index = files.get("index.js")!;
    expect(index).toMatch(/^\/\/ Generated by `pnpm generate` from spec\/\. Do not edit: change spec\/ and regenerate\.\n/);
    // The facts per operation are their own module, which index.js re-exports; one operation a line.
    expect(index).toContain(`export { operationModel, operationMetadata } from "./operations.js";`);
    expect(files.get("operations.js")).toContain(
      `\n    "getHealth": ${JSON.stringify(operationModel(resolved).operations.getHealth)}\n  }\n}`,
    );
    const folder = join(dir, `index-${Date.now()}`);
    await mkdir(folder);
    await writeFile(join(folder, "operations.js"), files.get("operations.js")!);
    const path = join(folder, "index.js");
    await writeFile(path, index);
    const exported = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    expect(Object.keys(exported).sort()).toEqual(
      ["errorCatalog", "operationMetadata", "operationModel", "responseExamples", "responseHeaders", "serverUrl"].sort(),
    );
    expect(exported.serverUrl).toBe("https://api.constructs.test/v1");
    expect(exported.operationModel).toEqual(operationModel(resolved));
    expect(exported.operationMetadata).toEqual(operationsMetadata(resolved));
    expect(exported.errorCatalog).toEqual(errorCatalog(resolved));
    expect(exported.responseExamples).toEqual(responseExamples(resolved));
    expect(exported.responseHeaders).toEqual(["Link", "X-Total-Count", "X-Request-Id"]);
  });

  test("index.d.ts declares each export with its documentation and the model with the spec's operationIds", async () => {
    const declarations = (await renderGenerated(fixture)).get("index.d.ts")!;
    expect(declarations).toContain('export type { paths, components, operations, webhooks, $defs } from "./openapi.js";\n');
    expect(declarations).toContain(
      "export declare const operationModel: OperationModel & { operations: Record<keyof operations, ModelOperation> };\n",
    );
    expect(declarations).toContain(
      '\n/** Default API origin, from the spec\'s first server. */\nexport declare const serverUrl: "https://api.constructs.test/v1";\n',
    );
    expect(declarations).toContain(
      `export declare const responseHeaders: ${JSON.stringify(["Link", "X-Total-Count", "X-Request-Id"], null, 2)};\n`,
    );
  });

  test("refuses a bundle without a server", async () => {
    const withoutServers = structuredClone(resolved);
    delete withoutServers.servers;
    await expect(renderGenerated({ ...fixture, resolved: withoutServers })).rejects.toThrow("spec/openapi.yaml must declare a server");
    await expect(renderGenerated({ ...fixture, resolved: { ...withoutServers, servers: [] } })).rejects.toThrow(
      "spec/openapi.yaml must declare a server",
    );
  });

  test("names a refused operation's file from the model's pathFiles, or its path without them", async () => {
    const broken = structuredClone(resolved);
    broken.paths!["/health"]!.get!.parameters = [{ name: "h", in: "header", style: "form", schema: { type: "string" } }] as never;
    await expect(renderGenerated({ ...fixture, resolved: broken })).rejects.toThrow("(test/fixtures/constructs/paths/health.yaml)");
    await expect(renderGenerated({ ...fixture, resolved: broken, pathFiles: undefined })).rejects.toThrow("(the path item /health)");
    await expect(renderGenerated({ ...fixture, resolved: broken, pathFiles: {} })).rejects.toThrow("(the path item /health)");
  });
});
