/**
 * `hostup/no-script-in-prose` (redocly.yaml, an error): a spec whose prose could run script
 * in the API reference fails `pnpm lint:spec`, at the string's file and line, wherever in
 * the document the string stands; the project's own documents pass.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getLineColLocation, lintFromString, loadConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { LintError, loadSpec } from "../../pipeline/openapi-model.ts";
import { redoclyConfig, root, specEntry } from "../../pipeline/paths.ts";

const RULE = "hostup/no-script-in-prose";
/** The spelling Redocly's own no-unsafe-markdown lets through. */
const PAYLOAD = '<img alt=">" src=x onerror="alert(1)">';

/** A small valid document with PAYLOAD at `pointer`'s member, and the pointer the problem must name. */
function documentWith(place: (doc: Record<string, any>) => void): string {
  const doc: Record<string, any> = {
    openapi: "3.1.0",
    info: { title: "Probe", version: "1.0.0", description: "Plain.", license: { name: "MIT", identifier: "MIT" } },
    servers: [{ url: "https://api.example.invalid" }],
    security: [],
    tags: [{ name: "Probe", description: "Plain." }],
    paths: {
      "/probe/{id}": {
        get: {
          operationId: "probe",
          summary: "Probe",
          description: "Plain.",
          tags: ["Probe"],
          parameters: [{ name: "id", in: "path", required: true, description: "Plain.", schema: { type: "string" } }],
          responses: {
            "200": {
              description: "Plain.",
              content: {
                "application/json": {
                  schema: { type: "object", title: "Answer", properties: { id: { type: "string", description: "Plain." } } },
                },
              },
            },
          },
        },
      },
    },
  };
  place(doc);
  return JSON.stringify(doc, null, 2);
}

const op = (doc: Record<string, any>) => doc.paths["/probe/{id}"].get;

/** Where the payload goes → the JSON Pointer the rule must report. */
const PLACES: [string, (doc: Record<string, any>) => void, string][] = [
  ["info.description", (d) => (d.info.description = PAYLOAD), "#/info/description"],
  ["a tag's description", (d) => (d.tags[0].description = PAYLOAD), "#/tags/0/description"],
  ["an operation's summary", (d) => (op(d).summary = PAYLOAD), "#/paths/~1probe~1{id}/get/summary"],
  ["an operation's description", (d) => (op(d).description = `Resends.\n\n${PAYLOAD}\n`), "#/paths/~1probe~1{id}/get/description"],
  ["a parameter's description", (d) => (op(d).parameters[0].description = PAYLOAD), "#/paths/~1probe~1{id}/get/parameters/0/description"],
  [
    "a response's description",
    (d) => (op(d).responses["200"].description = PAYLOAD),
    "#/paths/~1probe~1{id}/get/responses/200/description",
  ],
  [
    "a schema's title",
    (d) => (op(d).responses["200"].content["application/json"].schema.title = "<svg/onload=alert(1)>"),
    "#/paths/~1probe~1{id}/get/responses/200/content/application~1json/schema/title",
  ],
  [
    "a property's description",
    (d) => (op(d).responses["200"].content["application/json"].schema.properties.id.description = "[x](javascript:alert(1))"),
    "#/paths/~1probe~1{id}/get/responses/200/content/application~1json/schema/properties/id/description",
  ],
  ["the contact URL", (d) => (d.info.contact = { url: "javascript:alert(1)" }), "#/info/contact/url"],
  ["x-logo's link", (d) => (d.info["x-logo"] = { url: "data:image/png;base64,AA", href: "javascript:alert(1)" }), "#/info/x-logo/href"],
  ["a tag group's name", (d) => (d["x-tagGroups"] = [{ name: "<script>alert(1)</script>", tags: ["Probe"] }]), "#/x-tagGroups/0/name"],
  ["a tag's x-displayName", (d) => (d.tags[0]["x-displayName"] = PAYLOAD), "#/tags/0/x-displayName"],
  [
    "a string deep in a vendor extension",
    (d) => (op(d)["x-notes"] = { list: ["fine", PAYLOAD] }),
    "#/paths/~1probe~1{id}/get/x-notes/list/1",
  ],
];

async function problemsOf(source: string): Promise<NormalizedProblem[]> {
  const config = await loadConfig({ configPath: redoclyConfig });
  const problems = await lintFromString({ source, absoluteRef: join(root, "probe.json"), config });
  return problems.filter((problem) => problem.ruleId === RULE);
}

describe(RULE, () => {
  test("passes a document with plain prose (the probe document itself)", async () => {
    expect(await problemsOf(documentWith(() => {}))).toEqual([]);
  });

  for (const [where, place, pointer] of PLACES) {
    test(`refuses script in ${where}, reported at that string as an error`, async () => {
      const problems = await problemsOf(documentWith(place));
      expect(problems).toHaveLength(1);
      expect(problems[0]!.severity).toBe("error");
      expect(problems[0]!.location[0]!.pointer).toBe(pointer);
      expect(problems[0]!.message).toMatch(/could run script in the API reference: .*(event handler|<script>|<svg>|`javascript:` URL)/);
    });
  }

  test("names the key, what was found, and what to do", async () => {
    const [problem] = await problemsOf(documentWith((d) => (d.info.description = PAYLOAD)));
    expect(problem!.message).toBe(
      "`description` could run script in the API reference: an event handler attribute `onerror` on <img>. " +
        "Write it as Markdown without raw HTML event handlers, script URLs or script-bearing elements.",
    );
  });

  test("passes spec/ and the mock's control API document, as pnpm lint:spec reads them", async () => {
    await expect(loadSpec(specEntry)).resolves.toBeDefined();
    await expect(loadSpec(join(root, "packages/billing-mock/control-api/openapi.yaml"))).resolves.toBeDefined();
  });
});

describe("pnpm lint:spec on a spec/ with script in a description", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "no-script-in-prose-"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test("fails, naming the path file and the line of the description", async () => {
    const dir = join(work, "spec");
    await cp(join(root, "spec"), dir, { recursive: true });
    const file = join(dir, "paths/billing_payment-methods_contacts.yaml");
    const text = await readFile(file, "utf8");
    const marker = "    change services.\n";
    expect(text).toContain(marker);
    await writeFile(file, text.replace(marker, `${marker}    ${PAYLOAD}\n`));
    const error = await loadSpec(join(dir, "openapi.yaml")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LintError);
    const problems = (error as LintError).problems.filter((problem) => problem.ruleId === RULE);
    expect(problems).toHaveLength(1);
    const location = problems[0]!.location[0]!;
    expect(location.source.absoluteRef).toBe(file);
    // A block scalar is reported at its key: the `description: |` line above the payload.
    const line = text.split("\n").findIndex((l) => l.startsWith("  description: |")) + 1;
    expect(getLineColLocation(location).start.line).toBe(line);
  });
});
