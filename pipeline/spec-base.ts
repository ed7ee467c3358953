/**
 * The base a spec change is compared with, for `pnpm spec:breaking` and `pnpm spec:review`:
 * generated/openapi.json at a commit (default: the merge base with main), or a bundled
 * document given as a file. A ref git could misread as an option, or one naming no commit, is
 * refused before git reads anything with it.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { root } from "./paths.ts";

/** A usage or input error: the scripts exit 2 and print their usage. */
export class InputError extends Error {
  override name = "InputError";
}

type Json = Record<string, unknown>;

/**
 * The command line both comparing scripts take: `[base-ref | --base-file <file>]`,
 * `--accepted <file>`, `--format <format>` (default `defaultFormat`) and `--help`. An unknown
 * option is an InputError.
 */
export function parseComparisonArgs(defaultFormat: string, args = process.argv.slice(2)) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        "base-file": { type: "string" },
        accepted: { type: "string" },
        format: { type: "string", default: defaultFormat },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

export interface Base {
  /** The bundled base document, checked to be OpenAPI 3.0 or 3.1. */
  doc: Json;
  /** How reports name it, e.g. `generated/openapi.json at main`. */
  label: string;
  /** The commit it was read from, and how the user named it; absent for a base given as a file. */
  commit?: string;
  ref?: string;
}

export function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The commit `ref` names, checked before git reads anything else with it. */
export function commitOf(ref: string): string {
  // An argument starting with "-" would be read by git as an option (`--output=<file>` writes a file).
  if (ref.startsWith("-") || ref.trim() === "") throw new InputError(`"${ref}" is not a commit: a base ref cannot start with "-"`);
  try {
    return git("rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`);
  } catch {
    throw new InputError(`"${ref}" does not name a commit of this repository`);
  }
}

/** The merge base of HEAD with main (or origin/main); `command` is what the refusal tells the user to run instead. */
export function defaultBase(command: string): { commit: string; label: string } {
  for (const main of ["main", "origin/main"]) {
    try {
      const commit = git("merge-base", "HEAD", commitOf(main));
      return { commit, label: `the merge base with ${main} (${commit.slice(0, 10)})` };
    } catch {
      // try the next name
    }
  }
  throw new InputError(`no branch main to compare with; pass a base ref: ${command} <ref>`);
}

/** A file as it is at `commit`, or undefined when the commit has no such file. */
export function fileAt(commit: string, path: string): string | undefined {
  try {
    return git("show", `${commit}:${path}`);
  } catch {
    return undefined;
  }
}

/** Parses a base document and checks that it is an OpenAPI 3 document before any rule reads it. */
export function openApiDocument(text: string, label: string): Json {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${label} is not JSON: ${(error as Error).message}`);
  }
  const json = doc as Json;
  const problems = [
    (!doc || typeof doc !== "object" || Array.isArray(doc)) && "it is not an object",
    !/^3\.[01]\./.test(String(json?.openapi)) && `"openapi" is ${JSON.stringify(json?.openapi)}, not 3.0.x or 3.1.x`,
    (typeof json?.info !== "object" || json.info === null) && `"info" is missing`,
    json?.paths !== undefined &&
      (typeof json.paths !== "object" || json.paths === null || Array.isArray(json.paths)) &&
      `"paths" is not an object`,
  ].filter(Boolean);
  if (problems.length) throw new InputError(`${label} is not an OpenAPI document: ${problems.join("; ")}`);
  return json;
}

/** The base named by a script's `--base-file` option or its one positional ref; `command` names the script in refusals. */
export async function loadBase(baseFile: string | undefined, positionals: string[], command: string): Promise<Base> {
  if (positionals.length > 1) throw new InputError(`one base ref at most, got ${positionals.length}`);
  if (baseFile) {
    if (positionals.length) throw new InputError("give a base ref or --base-file, not both");
    let text: string;
    try {
      text = await readFile(baseFile, "utf8");
    } catch (error) {
      throw new InputError(`cannot read ${baseFile}: ${(error as Error).message}`);
    }
    return { doc: openApiDocument(text, baseFile), label: baseFile };
  }
  const { commit, label } = positionals[0] ? { commit: commitOf(positionals[0]), label: positionals[0] } : defaultBase(command);
  const text = fileAt(commit, "generated/openapi.json");
  if (text === undefined) throw new InputError(`${label} (${commit.slice(0, 10)}) has no generated/openapi.json`);
  const where = `generated/openapi.json at ${label}`;
  return { doc: openApiDocument(text, where), label: where, commit, ref: label };
}
