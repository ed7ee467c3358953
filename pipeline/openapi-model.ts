/**
 * The one OpenAPI model every step reads: spec/ linted and bundled by Redocly, then the
 * same bundle dereferenced by Redocly, typed with Redocly's OpenAPI 3.1 typings. Nothing
 * else in the repository follows a `$ref`.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import {
  bundle,
  bundleFromString,
  formatProblems,
  getTotals,
  lint,
  loadConfig,
  type Oas3_1Definition,
  type Oas3_1Schema,
  type Oas3MediaType,
  type Oas3Operation,
  type Oas3Parameter,
  type Oas3PathItem,
  type Oas3Response,
  type OasRef,
} from "@redocly/openapi-core";
import { ConfinedResolver } from "./confined-resolver.ts";
import { LintError } from "./lint-error.ts";
import { generatedDir, redoclyConfig, rel, specEntry } from "./paths.ts";
import { checkBundleSize, checkResolvedSize } from "./spec-limits.ts";

export { LintError };

/** A Redocly typing with every `Referenced<T>` narrowed to `T`: what a dereferenced bundle holds. */
export type Resolved<T> = T extends OasRef
  ? never
  : T extends readonly (infer U)[]
    ? Resolved<U>[]
    : T extends object
      ? { [K in keyof T]: Resolved<Exclude<T[K], OasRef>> }
      : T;

export type Spec = Resolved<Oas3_1Definition>;
export type Schema = Resolved<Oas3_1Schema>;
export type Operation = Resolved<Oas3Operation<Oas3_1Schema>>;
export type PathItem = Resolved<Oas3PathItem<Oas3_1Schema>>;
export type Parameter = Resolved<Oas3Parameter<Oas3_1Schema>>;
export type Response = Resolved<Oas3Response<Oas3_1Schema>>;
export type MediaType = Resolved<Oas3MediaType<Oas3_1Schema>>;

/** spec/ as two views of one bundle: with its `#/components` references (generated/openapi.json), and resolved. */
export interface SpecModel {
  /** The bundle as written to generated/openapi.json: local `$ref`s kept. */
  bundled: Oas3_1Definition;
  /** The same bundle with every `$ref` replaced by its target. */
  resolved: Spec;
  /** The file each path item was written in, by path, as a name relative to the repository: what a refusal names. */
  pathFiles?: Record<string, string>;
}

/** Prints lint problems with file, line and rule, as `redocly lint` does. */
export function printLintProblems(error: LintError): void {
  formatProblems(error.problems, { format: "stylish", totals: getTotals(error.problems), version: "" });
}

/**
 * Lints and bundles the spec at `entry` with the Redocly configuration at `configPath` (its
 * rules, plugins and resolve options; every step of the run reads the same one). Throws
 * LintError on any problem, warnings included.
 */
export async function loadSpec(entry = specEntry, configPath = redoclyConfig): Promise<SpecModel> {
  const redocly = await loadConfig({ configPath });
  // A fresh resolver per run: the default one caches files, which a watcher must not.
  // Confined to the entry's folder, named by it in refusals: a spec is untrusted input (see confined-resolver.ts).
  const resolver = () => new ConfinedResolver(dirname(entry), `${basename(dirname(entry))}/`, redocly.resolve);
  const problems = await refusedFirst(resolver(), (externalRefResolver) => lint({ ref: entry, config: redocly, externalRefResolver }));
  // A problem the spec's .redocly.lint-ignore.yaml lists comes back marked `ignored`: it is not one.
  const reported = problems.filter((problem) => !problem.ignored);
  if (reported.length > 0) throw new LintError(reported, rel(dirname(entry)));
  const result = await refusedFirst(resolver(), (externalRefResolver) => bundle({ ref: entry, config: redocly, externalRefResolver }));
  if (result.problems.length > 0) throw new LintError(result.problems, rel(dirname(entry)));
  const bundled = result.bundle.parsed as Oas3_1Definition;
  // Measured as generated/openapi.json is written: indented, one member a line.
  checkBundleSize(`${JSON.stringify(bundled, null, 2)}\n`, join(generatedDir, "openapi.json"));
  return { bundled, resolved: await dereference(bundled, entry, configPath), pathFiles: await pathFilesOf(entry) };
}

/** The file each path item of `entry` is written in: the file its `$ref` names, else `entry` itself. */
async function pathFilesOf(entry: string): Promise<Record<string, string>> {
  // Read after lint: the entry is known to be within the limits and to parse.
  const document = parseYaml(await readFile(entry, "utf8")) as { paths?: Record<string, { $ref?: unknown }> };
  const files: Record<string, string> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const ref = typeof item?.$ref === "string" ? item.$ref.split("#")[0] : "";
    files[path] = rel(ref ? join(dirname(entry), ref) : entry);
  }
  return files;
}

/**
 * Runs a Redocly step with `resolver`. A file the resolver refused (size, aliases) is the
 * error, whatever Redocly made of the refusal: an unresolved `$ref`, or a thrown entry file.
 */
async function refusedFirst<T>(resolver: ConfinedResolver, step: (resolver: ConfinedResolver) => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await step(resolver);
  } catch (error) {
    throw resolver.refused ?? error;
  }
  if (resolver.refused) throw resolver.refused;
  return result;
}

/**
 * Replaces every local `$ref` of an already bundled document (generated/openapi.json, or
 * one from git history) by its target. Throws LintError when a reference cannot be resolved,
 * or when the result written out would be over MAX_RESOLVED_BYTES; `label` names the source.
 * `configPath` is the Redocly configuration the document was bundled with.
 */
export async function dereference(bundled: unknown, label = "the bundled document", configPath = redoclyConfig): Promise<Spec> {
  const source = JSON.stringify(bundled);
  checkBundleSize(source, "the bundled document");
  const redocly = await loadConfig({ configPath });
  const result = await bundleFromString({
    source,
    absoluteRef: "openapi.json",
    config: redocly,
    dereference: true,
    // A bundle refers only into itself; one from git history is no more trusted than spec/.
    externalRefResolver: new ConfinedResolver(undefined, "the bundled document", redocly.resolve),
  });
  const unresolved = result.problems.filter((problem) => problem.severity === "error");
  if (unresolved.length > 0) throw new LintError(unresolved);
  // Before anything walks it: shared targets are met once per path to them.
  checkResolvedSize(result.bundle.parsed, label);
  // Dereferencing shares one object between every place that referred to it: copy it so
  // that a caller changing one place cannot change another.
  return structuredClone(result.bundle.parsed) as Spec;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationEntry {
  path: string;
  method: HttpMethod;
  operation: Operation;
  /** The operation's parameters with the path item's, the operation's winning on the same name and location. */
  parameters: Parameter[];
}

/** Every operation of a resolved spec, in document order. */
export function operationsOf(spec: Spec): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(spec.paths ?? {}) as [string, PathItem][]) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const own = operation.parameters ?? [];
      const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      entries.push({ path, method, operation, parameters: [...inherited, ...own] });
    }
  }
  return entries;
}
