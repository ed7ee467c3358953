/**
 * HostUp's spec grown by the operations in test/fixtures/grown-spec/paths/: spec/ copied to a
 * temporary directory, each fixture path file added beside spec/'s own and to its `paths`
 * map (the file name gives the path, `_` standing for `/`), linted and bundled by the
 * pipeline's loadSpec and written into a temporary generated/ as `pnpm generate --out` writes
 * one. The model is read back from that generated/index.js, as every package reads its own.
 *
 * It is linted by the repository's rules but one: the grown operations hold constructs (a
 * header parameter, a query array without explode, a PDF answer) that
 * `hostup/client-supported` refuses while the generated client does not carry them, and the
 * mocks and the contract suite must carry them regardless.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { parse, stringify } from "yaml";
import type { OperationModel } from "@hostup/billing-openapi";
import { LintError, loadSpec, type Spec } from "../../pipeline/openapi-model.ts";
import { redoclyConfig, root, specDir } from "../../pipeline/paths.ts";
import { elsewhere, writeGeneratedElsewhere } from "../../pipeline/write-elsewhere.ts";

const FIXTURE_PATHS = join(root, "test/fixtures/grown-spec/paths");

export interface GrownSpec {
  /** The grown copy of spec/. */
  specDir: string;
  /** Its generated/: openapi.json, index.js (with `operationModel`), the types. */
  generatedDir: string;
  bundled: Oas3_1Definition;
  resolved: Spec;
  /** `operationModel` as the grown generated/index.js exports it. */
  model: OperationModel;
  /** The operationIds of the fixture's paths, in the model's order (spec/ may already hold some of them). */
  added: string[];
  /** What `hostup/client-supported` refuses in the grown spec (the client does not carry it yet); empty when the client carries all of it. */
  clientRefusals: string[];
  close(): Promise<void>;
}

/** `billing_invoices_{id}_pdf.yaml` → `/api/v2/billing/invoices/{id}/pdf`, the spec layout's file naming read backwards. */
export const pathOfFile = (file: string) => `/api/v2/${file.replace(/\.yaml$/, "").replaceAll("_", "/")}`;

export async function growSpec(): Promise<GrownSpec> {
  const dir = await mkdtemp(join(tmpdir(), "grown-spec-"));
  const grown = join(dir, "spec");
  await cp(specDir, grown, { recursive: true });
  const files = (await readdir(FIXTURE_PATHS)).filter((name) => name.endsWith(".yaml")).sort();
  const entry = join(grown, "openapi.yaml");
  const source = await readFile(entry, "utf8");
  if (!/^paths:\n/m.test(source)) throw new Error("spec/openapi.yaml has no `paths:` map to grow");
  // spec/ may already hold some of these paths (a maintainer grew it the same way): those keep spec/'s own entry.
  const present = new Set(Object.keys((parse(source) as { paths?: Record<string, unknown> }).paths ?? {}));
  const entries: string[] = [];
  for (const file of files) {
    await cp(join(FIXTURE_PATHS, file), join(grown, "paths", file));
    if (!present.has(pathOfFile(file))) entries.push(`  ${pathOfFile(file)}:\n    $ref: paths/${file}\n`);
  }
  await writeFile(entry, source.replace(/^paths:\n/m, `paths:\n${entries.join("")}`));

  const config = parse(await readFile(redoclyConfig, "utf8")) as { plugins?: string[]; rules?: Record<string, unknown> };
  config.plugins = config.plugins?.map((plugin) => join(root, plugin));
  const strict = join(dir, "redocly.yaml");
  await writeFile(strict, stringify(config));
  const clientRefusals = await loadSpec(entry, strict).then(
    () => [],
    (error: unknown) => {
      if (!(error instanceof LintError)) throw error;
      return error.problems.filter((problem) => problem.ruleId.endsWith("client-supported")).map((problem) => problem.message);
    },
  );
  const redocly = join(dir, "redocly-without-client.yaml");
  await writeFile(redocly, stringify({ ...config, rules: { ...config.rules, "hostup/client-supported": "off" } }));
  const spec = await loadSpec(entry, redocly);
  await writeGeneratedElsewhere(spec, dir);
  const generated = elsewhere(dir).generated;
  const { bundled, resolved } = spec;
  const { operationModel: model } = (await import(pathToFileURL(join(generated, "index.js")).href)) as { operationModel: OperationModel };

  // The fixture's operations, by their paths: spec/ may already have some of them.
  const fixturePaths = new Set(files.map(pathOfFile));
  const added = Object.values(model.operations)
    .filter((operation) => fixturePaths.has(operation.path))
    .map((operation) => operation.operationId);
  return {
    specDir: grown,
    generatedDir: generated,
    bundled,
    resolved,
    model,
    added,
    clientRefusals,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
