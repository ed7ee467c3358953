/**
 * A deprecated operation, parameter or body property, as the generated client carries it:
 * `@deprecated` with the sunset date in the JSDoc (editors strike the method through), and a
 * warning on the first call of a deprecated method, once per operation per process.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { dereference, loadSpec } from "../../pipeline/openapi-model.ts";
import { renderClientOperations, renderMethodTable } from "../../pipeline/render-client.ts";
import { withWidgetOperations } from "../../pipeline/synthetic-spec.ts";
import { deprecateOperation, deprecateParameter, deprecateProperty } from "../support/deprecated-spec.ts";
import { generateClientFor, type GeneratedClient } from "../support/generated-client.ts";
import { json, observedFetch } from "../support/observed-fetch.ts";
import { removeRendered, renderedClient } from "../support/rendered-client.ts";

interface WidgetClient {
  getWidget(widgetId: string, query?: { verbose?: boolean }): Promise<unknown>;
  removeWidget(body: { id: string }): Promise<unknown>;
  listInvoiceCcRecipients(): Promise<unknown>;
}

const { bundled, resolved } = await loadSpec();
let spec = withWidgetOperations(bundled);
spec = deprecateOperation(spec, "getWidget", "2027-06-30");
spec = deprecateOperation(spec, "removeWidget");
spec = deprecateParameter(spec, "getWidget", "verbose", "2027-03-01");
spec = deprecateProperty(spec, "AddInvoiceCcRecipientRequest", "description", "2027-04-01");
const deprecated = await dereference(spec);
afterAll(removeRendered);

/** The JSDoc block right above `method(` in the rendered Operations interface. */
function docOf(source: string, method: string): string {
  const at = source.indexOf(`\n  ${method}(`);
  expect(at, method).toBeGreaterThan(0);
  return source.slice(source.lastIndexOf("/**", at), at);
}

describe("the rendered operation layer", () => {
  test("a deprecated method's JSDoc carries @deprecated with its sunset date, or says none is announced", () => {
    const operations = renderClientOperations(deprecated);
    expect(docOf(operations, "getWidget")).toContain("@deprecated Removed on or after 2027-06-30 (its Sunset).");
    expect(docOf(operations, "removeWidget")).toContain("@deprecated No sunset date is announced.");
    expect(docOf(operations, "listInvoiceCcRecipients")).not.toContain("eprecated");
  });

  test("a deprecated parameter or body property is named with its sunset date in the method's JSDoc, without deprecating the method", () => {
    const operations = renderClientOperations(deprecated);
    expect(docOf(operations, "getWidget")).toContain("Deprecated: query parameter `verbose` (sunset 2027-03-01).");
    const add = docOf(operations, "addInvoiceCcRecipient");
    expect(add).toContain("Deprecated: body property `description` (sunset 2027-04-01).");
    expect(add).not.toContain("@deprecated");
  });

  test("the README's method table marks a deprecated method with its sunset date", async () => {
    const table = renderMethodTable(deprecated);
    expect(table).toContain("| `getWidget(widgetId, params?, options?)` (deprecated, sunset 2027-06-30) |");
    expect(table).toContain("| `removeWidget(body, options?)` (deprecated, no sunset date announced) |");
    expect(table).toContain("| `listInvoiceCcRecipients(options?)` |");
  });

  test("a spec that deprecates nothing renders no warning code at all", () => {
    const plain = renderClientOperations(resolved);
    expect(plain).not.toContain("deprecated");
    const operations = renderClientOperations(deprecated);
    expect(operations).toContain("function deprecated(");
    expect(operations).toMatch(/"getWidget": \{[^\n]*"d":deprecated\("getWidget","2027-06-30"\)\}/);
    expect(operations).toMatch(/"removeWidget": \{[^\n]*"d":deprecated\("removeWidget"\)\}/);
  });
});

describe("the rendered types, as an editor reads them (generated/ and the TypeScript language service)", () => {
  let generated: GeneratedClient;
  beforeAll(async () => {
    generated = await generateClientFor(spec);
  }, 60_000);
  afterAll(() => generated?.close());

  test("an editor strikes through the deprecated method, query parameter and body property, and nothing else (TypeScript's suggestions)", async () => {
    const consumer = join(generated.dir, "consumer.ts");
    await writeFile(
      consumer,
      `import { createBillingClient } from "./src/index.ts";
const billing = createBillingClient();
void billing.getWidget("w_1", { verbose: true });
void billing.removeWidget({ id: "1" });
void billing.listInvoiceCcRecipients();
// TypeScript strikes a deprecated property through where it is read.
declare const query: NonNullable<Parameters<typeof billing.getWidget>[1]>;
declare const body: Parameters<typeof billing.addInvoiceCcRecipient>[0];
void [query.verbose, body.description, body.email];
`,
    );
    const options: ts.CompilerOptions = {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      lib: ["lib.es2024.d.ts", "lib.dom.d.ts"],
      types: [],
    };
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [consumer],
      getScriptVersion: () => "1",
      getScriptSnapshot: (file) => (ts.sys.fileExists(file) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(file)!) : undefined),
      getCurrentDirectory: () => generated.dir,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const service = ts.createLanguageService(host);
    expect(service.getSemanticDiagnostics(consumer).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
    const struck = service
      .getSuggestionDiagnostics(consumer)
      .filter((d) => d.reportsDeprecated)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    // "'verbose' is deprecated.", or "The signature '(…)' of 'billing.getWidget' is deprecated." for a call.
    const names = new Set(struck.map((message) => /'(?:billing\.)?(\w+)' is deprecated\.$/.exec(message)?.[1]));
    expect([...names].sort()).toEqual(["description", "getWidget", "removeWidget", "verbose"]);
  });
});

describe("a call to a deprecated method", () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeAll(() => {
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => warn.mockClear());
  afterAll(() => warn.mockRestore());
  const client = async (fetch: typeof globalThis.fetch) =>
    (await renderedClient(deprecated)).pkg.createBillingClient({ token: "tok_123", fetch }) as unknown as WidgetClient;

  test("warns once per process, naming the operation and its sunset date, however often and from however many clients it is called", async () => {
    const wire = observedFetch(json(200, { id: "w_1", name: "Sprocket" }));
    for (let i = 0; i < 3; i++) await (await client(wire.fetch)).getWidget("w_1");
    await (await client(wire.fetch)).getWidget("w_1");
    expect(wire.requests).toHaveLength(4);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe("billing-client: getWidget is deprecated, sunset 2027-06-30");
  });

  test("warns once for each deprecated operation, a call refused before any request included; a deprecation without a date says so", async () => {
    const wire = observedFetch(json(200, { deleted: true, id: "1" }));
    const billing = await client(wire.fetch);
    // Refused by the client's checks: the caller still learns the operation is deprecated.
    await expect(billing.removeWidget({ id: "not a number" })).rejects.toBeInstanceOf(
      (await renderedClient(deprecated)).pkg.InvalidArgumentError,
    );
    for (let i = 0; i < 2; i++) await billing.removeWidget({ id: "1" });
    // getWidget warned in the test before: it stays silent.
    await (await client(observedFetch(json(200, { id: "w_1", name: "Sprocket" })).fetch)).getWidget("w_1");
    expect(wire.requests).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe("billing-client: removeWidget is deprecated");
  });

  test("never warns for an operation that is not deprecated", async () => {
    const wire = observedFetch(json(200, { contacts: [] }));
    for (let i = 0; i < 3; i++) await (await client(wire.fetch)).listInvoiceCcRecipients();
    expect(wire.requests).toHaveLength(3);
    expect(warn).not.toHaveBeenCalled();
  });
});
