/**
 * What the rendered client says about each operation, checked against what the spec says:
 * every method's JSDoc (summary, first paragraph of the description, request line, the
 * documented error statuses with their codes, the retry policy), the signature rule of the
 * README, the README's method table and the types file. The construct fixture is the subject;
 * a few constructs it lacks are added to a copy of it in the test that needs them. Everything
 * here renders inside the test and reads the text: no generated/, no tsc.
 */
import { describe, expect, test } from "vitest";
import { operationsOf, type Spec } from "../../pipeline/openapi-model.ts";
import {
  renderClientOperations,
  renderClientTypes,
  renderMethodTable,
  TABLE_END,
  TABLE_START,
  withMethodTable,
} from "../../pipeline/render-client.ts";
import { errorCatalog } from "../../pipeline/render-generated.ts";
import { loadFixture } from "../support/construct-fixture.ts";

const fixture = (await loadFixture()).resolved;
const catalog = errorCatalog(fixture);
type Node = Record<string, any>;

/** The lines of the JSDoc right above `name`'s plain signature (the one ending in `options?: CallOptions`), without the ` * `. */
function jsdocOf(source: string, name: string): string[] {
  const lines = source.split("\n");
  const at = lines.findIndex((line) => line.startsWith(`  ${name}(`) && line.includes("options?: CallOptions)"));
  expect(at, name).toBeGreaterThan(0);
  expect(lines[at - 1]).toBe("   */");
  const start = lines.lastIndexOf("  /**", at);
  return lines.slice(start + 1, at - 1).map((line) => line.replace(/^ {3}\*(?: |$)/, ""));
}
/** The JSDoc's paragraphs: the lines between its blank ones, joined. */
const paragraphsOf = (source: string, name: string) =>
  jsdocOf(source, name)
    .join("\n")
    .split("\n\n")
    .map((paragraph) => paragraph.replace(/\n/g, " "));
/** The plain signature line of `name`. */
const signatureOf = (source: string, name: string) =>
  source.split("\n").find((line) => line.startsWith(`  ${name}(`) && line.includes("options?: CallOptions)"));

/** A copy of the fixture with `path` added (operations written in full, no `$ref`). */
function withPath(path: string, item: Node, spec: Spec = fixture): Spec {
  const copy = structuredClone(spec) as Node;
  copy.paths[path] = item;
  return copy as Spec;
}
const done = { "204": { description: "Done." } };
const problem = (status: string) => (fixture.paths as Node)["/items"].get.responses[status];

describe("each method's JSDoc, from the spec", () => {
  for (const { operation, method, path } of operationsOf(fixture)) {
    const id = operation.operationId!;
    test(`${id}: the summary as a sentence, the description's first paragraph, its request line and its error statuses`, () => {
      const doc = paragraphsOf(renderClientOperations(fixture), id);
      const summary = operation.summary!.trim();
      expect(doc[0]).toBe(/[.!?]$/.test(summary) ? summary : `${summary}.`);
      expect(doc[1]).toBe(
        operation
          .description!.trim()
          .split(/\n\s*\n/)[0]!
          .replace(/\s*\n\s*/g, " "),
      );
      expect(doc[2]).toMatch(
        new RegExp(`^\`${method.toUpperCase()} ${path.replace(/[{}]/g, "\\$&")}\`\\. Rejects with \`ProblemError\` on `),
      );
      const errors = Object.keys(operation.responses ?? {}).filter((status) => /^[45]/.test(status));
      const listed = errors.map((status) => `${status} \`${catalog[status]!.code}\``).join(", ");
      expect(doc[2]).toContain(errors.length > 0 ? `on ${listed}. ` : "on any non-2xx status. ");
      expect(doc).toHaveLength(3);
    });
  }

  test("the retry policy: a safe method's, an Idempotency-Key's, an unsafe method's", () => {
    const source = renderClientOperations(fixture);
    expect(paragraphsOf(source, "getPathSimple")[2]).toBe(
      "`GET /path-simple/{id}/{tags}/{point}`. Rejects with `ProblemError` on 400 `invalid_request`. GET is safe (RFC 9110), so it is retried on 429, 502, 503, 504, a network failure or a timeout.",
    );
    expect(paragraphsOf(source, "cancelJob")[2]).toBe(
      "`POST /jobs/{id}/actions/cancel`. Rejects with `ProblemError` on 404 `not_found`. Its `Idempotency-Key` (made when not given) is sent unchanged on every attempt, so it is retried on 429, 502, 503, 504, a network failure or a timeout.",
    );
    expect(paragraphsOf(source, "createItems")[2]).toBe(
      "`POST /items/batch`. Rejects with `ProblemError` on 400 `invalid_request`, 401 `unauthorized`. POST is not safe (RFC 9110), so it is retried only on 429 and on a connection that was never made.",
    );
    expect(paragraphsOf(source, "getHealth")[2]).toBe(
      "`GET /health`. Rejects with `ProblemError` on any non-2xx status. GET is safe (RFC 9110), so it is retried on 429, 502, 503, 504, a network failure or a timeout.",
    );
  });

  test("a summary that ends a sentence keeps its mark; a missing summary is left out; a status without a catalogued code stands alone", () => {
    const spec = withPath("/probes", {
      get: {
        operationId: "probeQuestion",
        summary: "  Is it up?  ",
        description: "\n  First line\n  wrapped here.\n  \nA second paragraph.",
        responses: {
          "200": { description: "Up." },
          "422": { description: "Not now.", content: { "application/json": { schema: { type: "object" } } } },
        },
      },
      post: {
        operationId: "probeClaim",
        summary: "Version 1.2 is up!",
        description: "Claims it.",
        responses: { "204": { description: "Done." }, "400": problem("400") },
      },
      put: { operationId: "probeQuiet", description: "No summary.", responses: { "204": { description: "Done." } } },
      delete: { operationId: "probeDone", summary: "Removes v1.2", description: "Gone.", responses: { "204": { description: "Done." } } },
      patch: {
        operationId: "probeStated",
        summary: "Changes it.",
        description: "Changed.",
        responses: { "204": { description: "Done." } },
      },
    });
    const source = renderClientOperations(spec);
    expect(paragraphsOf(source, "probeQuestion")).toEqual([
      "Is it up?",
      "First line wrapped here.",
      "`GET /probes`. Rejects with `ProblemError` on 422. GET is safe (RFC 9110), so it is retried on 429, 502, 503, 504, a network failure or a timeout.",
    ]);
    // The 422 is an error, not a second answer to resolve with.
    expect(signatureOf(source, "probeQuestion")).toBe("  probeQuestion(options?: CallOptions): Promise<undefined>;");
    expect(paragraphsOf(source, "probeClaim")[0]).toBe("Version 1.2 is up!");
    expect(paragraphsOf(source, "probeQuiet")[0]).toBe("No summary.");
    expect(paragraphsOf(source, "probeDone")[0]).toBe("Removes v1.2.");
    expect(paragraphsOf(source, "probeStated")[0]).toBe("Changes it.");
  });

  test("a `*/` in the spec's prose cannot end the comment early", () => {
    const spec = withPath("/probes", {
      get: {
        operationId: "probeComment",
        summary: "Reads a/*b*/c",
        description: "Ends */ here.",
        responses: { "204": { description: "Done." } },
      },
    });
    const doc = paragraphsOf(renderClientOperations(spec), "probeComment");
    expect(doc.slice(0, 2)).toEqual(["Reads a/*b*\\/c.", "Ends *\\/ here."]);
  });

  test("deprecated parameters, of the path item and of the operation, and body properties are named with their sunsets", () => {
    const spec = withPath("/probes/{probeId}", {
      parameters: [{ name: "probeId", in: "path", required: true, deprecated: true, "x-sunset": "2031-01-02", schema: { type: "string" } }],
      post: {
        operationId: "probeDeprecatedParts",
        summary: "Probe",
        description: "Probe.",
        parameters: [{ name: "level", in: "query", deprecated: true, schema: { type: "integer" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { old: { type: "string", deprecated: true, "x-sunset": "2031-03-04" }, kept: { type: "string" } },
              },
            },
          },
        },
        responses: { "204": { description: "Done." } },
      },
    });
    const doc = paragraphsOf(renderClientOperations(spec), "probeDeprecatedParts");
    expect(doc[3]).toBe(
      "Deprecated: path parameter `probeId` (sunset 2031-01-02), query parameter `level` (no sunset date announced), body property `old` (sunset 2031-03-04).",
    );
    expect(doc).toHaveLength(4);
  });

  test("an operation's own parameter overrides the path item's of the same name and location, deprecation included", () => {
    const probeId = { name: "probeId", in: "path", required: true, schema: { type: "string" } };
    const spec = withPath("/probes/{probeId}", {
      parameters: [{ ...probeId, deprecated: true }],
      get: { operationId: "probeOverride", summary: "Probe", description: "Probe.", parameters: [probeId], responses: done },
      put: { operationId: "probeInherited", summary: "Probe", description: "Probe.", responses: done },
    });
    const source = renderClientOperations(spec);
    expect(paragraphsOf(source, "probeOverride")).toHaveLength(3);
    expect(paragraphsOf(source, "probeInherited")[3]).toBe("Deprecated: path parameter `probeId` (no sunset date announced).");
  });
});

describe("each method's signature, by the README's rule", () => {
  // Rendered in each test, so that a mutation test knows the test reaches the renderer.
  const render = () => renderClientOperations(fixture);
  const path = (op: string, name: string) => `${name}: operations["${op}"]["parameters"]["path"]["${name}"]`;

  test("path parameters positional in path order, typed from the generated operations", () => {
    const source = render();
    expect(signatureOf(source, "getPathMatrix")).toBe(
      `  getPathMatrix(${path("getPathMatrix", "id")}, ${path("getPathMatrix", "tags")}, ${path("getPathMatrix", "point")}, options?: CallOptions): Promise<operations["getPathMatrix"]["responses"][200]["content"]["application/json"]>;`,
    );
  });

  test("the body after them, by media type: JSON and +json as declared, a form, files, bytes, text", () => {
    const source = render();
    const body = (op: string, type: string) => `body: NonNullable<operations["${op}"]["requestBody"]>["content"]["${type}"]`;
    expect(signatureOf(source, "updateItem")).toContain(
      `(${path("updateItem", "id")}, ${body("updateItem", "application/merge-patch+json")}, options?`,
    );
    expect(signatureOf(source, "createSession")).toContain(`(${body("createSession", "application/x-www-form-urlencoded")}, options?`);
    expect(signatureOf(source, "uploadDocument")).toContain(
      `(body: WithFiles<${body("uploadDocument", "multipart/form-data").slice(6)}>, options?`,
    );
    expect(signatureOf(source, "replaceDocumentContent")).toContain(`, body: Blob | ArrayBuffer | ArrayBufferView, options?`);
    expect(signatureOf(source, "createNote")).toContain(`(body: string, options?`);
    // WithFiles is imported only where a multipart body is.
    expect(source).toContain('import type { CallOptions, Operation, WithFiles } from "./client.ts";\n');
    const withoutFiles = structuredClone(fixture) as Node;
    delete withoutFiles.paths["/documents"];
    expect(renderClientOperations(withoutFiles as Spec)).toContain('import type { CallOptions, Operation } from "./client.ts";\n');
  });

  test("then one object of the query, header and cookie parameters, optional unless one is required", () => {
    const source = render();
    const part = (where: string) => `NonNullable<operations["listItems"]["parameters"]["${where}"]>`;
    expect(signatureOf(source, "listItems")).toBe(
      `  listItems(params: ${part("query")} & ${part("header")} & ${part("cookie")}, options?: CallOptions): Promise<operations["listItems"]["responses"][200]["content"]["application/json"]>;`,
    );
  });

  test("an Idempotency-Key is optional (the client makes one), and an optional body before a required argument takes undefined", () => {
    const source = render();
    const header = `NonNullable<operations["cancelJob"]["parameters"]["header"]>`;
    const keyed = `Omit<${header}, "Idempotency-Key"> & Partial<Pick<${header}, "Idempotency-Key">>`;
    expect(signatureOf(source, "cancelJob")).toBe(
      `  cancelJob(${path("cancelJob", "id")}, body?: NonNullable<operations["cancelJob"]["requestBody"]>["content"]["application/json"], params?: ${keyed}, options?: CallOptions): Promise<undefined>;`,
    );
    const keyedQuery = withPath("/probes/keyed", {
      post: {
        operationId: "probeKeyedQuery",
        summary: "Probe",
        description: "Probe.",
        parameters: [
          { name: "mode", in: "query", schema: { type: "string" } },
          { name: "Idempotency-Key", in: "header", required: true, schema: { type: "string" } },
        ],
        responses: done,
      },
    });
    // Only the header part gives up the key: the query part is as the spec writes it.
    const query = `NonNullable<operations["probeKeyedQuery"]["parameters"]["query"]>`;
    const keyHeader = `NonNullable<operations["probeKeyedQuery"]["parameters"]["header"]>`;
    expect(signatureOf(renderClientOperations(keyedQuery), "probeKeyedQuery")).toBe(
      `  probeKeyedQuery(params?: ${query} & Omit<${keyHeader}, "Idempotency-Key"> & Partial<Pick<${keyHeader}, "Idempotency-Key">>, options?: CallOptions): Promise<undefined>;`,
    );
    const spec = withPath("/probes", {
      post: {
        operationId: "probeOptionalFirst",
        summary: "Probe",
        description: "Probe.",
        parameters: [{ name: "mode", in: "query", required: true, schema: { type: "string" } }],
        requestBody: { content: { "text/plain": { schema: { type: "string" } } } },
        responses: { "204": { description: "Done." } },
      },
    });
    expect(signatureOf(renderClientOperations(spec), "probeOptionalFirst")).toBe(
      `  probeOptionalFirst(body: string | undefined, params: NonNullable<operations["probeOptionalFirst"]["parameters"]["query"]>, options?: CallOptions): Promise<undefined>;`,
    );
  });

  test("what each answer resolves with: a Blob, a string, undefined, a range's or a default's JSON", () => {
    const source = render();
    expect(signatureOf(source, "downloadDocumentPdf")).toMatch(/\): Promise<Blob>;$/);
    expect(signatureOf(source, "exportItemsCsv")).toMatch(/\): Promise<string>;$/);
    expect(signatureOf(source, "refreshCache")).toMatch(
      /\): Promise<operations\["refreshCache"\]\["responses"\]\["2XX"\]\["content"\]\["application\/json"\]>;$/,
    );
    expect(signatureOf(source, "getHealth")).toMatch(
      /\): Promise<operations\["getHealth"\]\["responses"\]\["default"\]\["content"\]\["application\/json"\]>;$/,
    );
  });

  test("names the spec cannot give as they are become identifiers; several answers become a union, none `unknown`; HEAD has no body", () => {
    const spec = withPath("/probes/{item-id2}/{2nd}/{default}", {
      get: {
        operationId: "probe-names",
        summary: "Probe",
        description: "Probe.",
        parameters: ["item-id2", "2nd", "default"].map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        responses: {
          "200": { description: "JSON.", content: { "application/json": { schema: { type: "object" } } } },
          "203": { description: "Text.", content: { "text/plain": { schema: { type: "string" } } } },
          "206": { description: "More text.", content: { "text/plain": { schema: { type: "string" } } } },
        },
      },
      head: {
        operationId: "probeHead",
        summary: "Probe",
        description: "Probe.",
        parameters: ["item-id2", "2nd", "default"].map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        responses: { "200": { description: "JSON, not sent.", content: { "application/json": { schema: { type: "object" } } } } },
      },
      delete: {
        operationId: "probeNothing",
        summary: "Probe",
        description: "Probe.",
        parameters: ["item-id2", "2nd", "default"].map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        responses: { "404": problem("400") },
      },
    });
    const source = renderClientOperations(spec);
    const op = `operations["probe-names"]`;
    const args = `item_id2: ${op}["parameters"]["path"]["item-id2"], _2nd: ${op}["parameters"]["path"]["2nd"], defaultValue: ${op}["parameters"]["path"]["default"]`;
    expect(source).toContain(
      `  "probe-names"(${args}, options?: CallOptions): Promise<${op}["responses"][200]["content"]["application/json"] | string>;\n`,
    );
    expect(source).toMatch(/ {2}probeHead\(item_id2: [^\n]*, options\?: CallOptions\): Promise<undefined>;\n/);
    expect(source).toMatch(/ {2}probeNothing\(item_id2: [^\n]*, options\?: CallOptions\): Promise<unknown>;\n/);
    expect(renderMethodTable(spec)).toContain(
      "| `probe-names(item_id2, _2nd, defaultValue, options?)` | `GET /probes/{item-id2}/{2nd}/{default}` | 200 JSON body, 203 text (`string`), 206 text (`string`) |  |",
    );
  });
});

describe("the README's method table", () => {
  test("one row per operation: the call, the request, what it resolves with, the documented error statuses, the retry policy", () => {
    const rows = renderMethodTable(fixture).split("\n");
    expect(rows.slice(0, 3)).toEqual([
      TABLE_START,
      "| method | request | resolves with | `ProblemError` statuses documented | retried by default on |",
      "| --- | --- | --- | --- | --- |",
    ]);
    expect(rows.at(-1)).toBe(TABLE_END);
    const entries = operationsOf(fixture);
    expect(rows).toHaveLength(entries.length + 4);
    entries.forEach(({ operation, method, path }, index) => {
      const cells = rows[index + 3]!.split(" | ");
      expect(cells[0]).toMatch(new RegExp(`^\\| \`${operation.operationId}\\(`));
      expect(cells[1]).toBe(`\`${method.toUpperCase()} ${path}\``);
      const statuses = Object.keys(operation.responses ?? {}).filter((status) => /^[45]/.test(status));
      expect(cells[3]).toBe(statuses.join(", "));
    });
    const row = (id: string) => rows.find((line) => line.startsWith(`| \`${id}(`));
    expect(row("cancelJob")).toBe(
      "| `cancelJob(id, body?, params?, options?)` | `POST /jobs/{id}/actions/cancel` | 204 no body (`undefined`) | 404 | 429, 502, 503, 504, network failure, timeout |",
    );
    expect(row("createItems")).toBe(
      "| `createItems(body, options?)` | `POST /items/batch` | 201 JSON body | 400, 401 | 429, connection never made |",
    );
    expect(row("downloadDocumentPdf")).toContain(" | 200 bytes (`Blob`) | ");
    expect(row("exportItemsCsv")).toContain(" | 200 text (`string`) | 401 | 429, 502, 503, 504, network failure, timeout |");
    expect(row("getHealth")).toBe(
      "| `getHealth(options?)` | `GET /health` | default JSON body |  | 429, 502, 503, 504, network failure, timeout |",
    );
  });

  test("replaces only what is between its markers, and says which markers are missing", () => {
    const readme = `# Title\n\nBefore.\n\n${TABLE_START}\nold\n${TABLE_END}\n\nAfter.\n`;
    expect(withMethodTable(readme, "NEW")).toBe("# Title\n\nBefore.\n\nNEW\n\nAfter.\n");
    expect(() => withMethodTable("# Title\n", "NEW")).toThrow(/client method table/);
  });
});

describe("types.gen.ts", () => {
  const schemes = (fixture.components as Node).securitySchemes as Record<string, Node>;

  test("a type for each component schema, under its name", () => {
    const source = renderClientTypes(fixture);
    for (const name of Object.keys(fixture.components!.schemas!)) {
      expect(source).toContain(`/** The spec's \`${name}\` schema. */\nexport type ${name} = components["schemas"]["${name}"];\n`);
    }
  });

  test("a name the package exports, or one that is no identifier, is changed; a `*/` in it is escaped", () => {
    const spec = structuredClone(fixture) as Node;
    Object.assign(spec.components.schemas, {
      ProblemError: { type: "object" },
      "Bad-Name2": { type: "string" },
      "9Lives": { type: "string" },
      "A*/B": {},
    });
    const source = renderClientTypes(spec as Spec);
    expect(source).toContain('export type ProblemErrorSchema = components["schemas"]["ProblemError"];\n');
    expect(source).toContain('export type Bad_Name2 = components["schemas"]["Bad-Name2"];\n');
    expect(source).toContain('export type _9Lives = components["schemas"]["9Lives"];\n');
    expect(source).toContain('/** The spec\'s `A*\\/B` schema. */\nexport type A__B = components["schemas"]["A*/B"];\n');
  });

  test("a credential option for each security scheme, saying where it goes", () => {
    const source = renderClientTypes(fixture);
    const expected: Record<string, string> = {
      BearerAuth: "HTTP bearer token, sent as `Authorization: Bearer`",
      BasicAuth: "HTTP basic: `username:password`, sent base64-encoded in `Authorization: Basic`",
    };
    for (const [name, scheme] of Object.entries(schemes)) {
      const what = expected[name] ?? `API key, sent in the ${scheme.in} \`${scheme.name}\``;
      expect(source).toContain(`  /** ${what}. */\n  ${name}?: Credential;\n`);
    }
    const oauth = structuredClone(fixture) as Node;
    Object.assign(oauth.components.securitySchemes, {
      "Partner-OAuth": { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://example.test/token", scopes: {} } } },
    });
    expect(renderClientTypes(oauth as Spec)).toContain(
      '  /** oauth2 token, sent as `Authorization: Bearer`. */\n  "Partner-OAuth"?: Credential;\n',
    );
  });

  test("ErrorBody is every JSON 4xx, 5xx and default answer, once each; a spec that documents none has a record", () => {
    const source = renderClientTypes(fixture);
    const union = /export type ErrorBody = (.*);\n$/.exec(source)![1]!.split(" | ");
    const expected = operationsOf(fixture).flatMap(({ operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status]) => /^([45]|default)/.test(status))
        .flatMap(([status, response]) =>
          Object.keys((response as Node).content ?? {})
            .slice(0, 1)
            .filter((type) => /json/.test(type))
            .map(
              (type) =>
                `operations["${operation.operationId}"]["responses"][${/^\d+$/.test(status) ? status : `"${status}"`}]["content"]["${type}"]`,
            ),
        ),
    );
    expect(union).toEqual(expected);
    const quiet = withPath(
      "/probes",
      { get: { operationId: "probe", responses: { "204": { description: "Done." } } } },
      { ...fixture, paths: {} },
    );
    expect(renderClientTypes(quiet)).toContain("export type ErrorBody = Record<string, unknown>;\n");
    // A success whose code has a 4 or a 5 in it is no error; a spec without components has no schema types.
    const bare = {
      openapi: "3.1.0",
      info: { title: "Bare", version: "1" },
      servers: [{ url: "https://bare.test" }],
      paths: {
        "/reset": {
          post: {
            operationId: "reset",
            responses: { "205": { description: "Reset.", content: { "application/json": { schema: { type: "object" } } } } },
          },
        },
      },
    } as unknown as Spec;
    const types = renderClientTypes(bare);
    expect(types).toContain("export type ErrorBody = Record<string, unknown>;\n");
    expect(types).not.toContain('components["schemas"]');
    expect(types.match(/^export /gm)).toEqual(["export ", "export "]);
  });
});
