/** Writes generated files all at once (generated/ and the files outside it), puts them back when a later step fails, and reads a directory back for comparison. */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generatedDir } from "./paths.ts";

/**
 * Replaces the contents of `dir` with `files`, writing into a sibling temporary
 * directory first so a failure never leaves half-written files behind.
 */
export async function writeGenerated(files: Map<string, string>, dir = generatedDir): Promise<string[]> {
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const [name, content] of files) await writeFile(join(staging, name), content);
  const changed: string[] = [];
  const existing = await readDirFiles(dir);
  for (const [name, content] of files) if (existing.get(name) !== content) changed.push(name);
  for (const name of existing.keys()) if (!files.has(name)) changed.push(name);
  // Move file by file: the directory itself stays, so editors and watchers keep their handle.
  await mkdir(dir, { recursive: true });
  for (const name of changed) {
    if (files.has(name)) await rename(join(staging, name), join(dir, name));
    else await rm(join(dir, name), { force: true });
  }
  await rm(staging, { recursive: true, force: true });
  return changed;
}

/** Every file of `dir` (node_modules aside) by name; empty when `dir` does not exist. */
export async function readDirFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return files;
  }
  for (const name of names.sort()) {
    if (name === "node_modules") continue;
    files.set(name, await readFile(join(dir, name), "utf8"));
  }
  return files;
}

/**
 * Writes generated files that live outside generated/ (the client's operation layer, the
 * README's method table), each through a temporary sibling and a rename, so a reader never
 * sees half a file. Returns the paths whose content changed.
 */
export async function writeGeneratedFiles(files: Map<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, content] of files) {
    const current = await readFile(path, "utf8").catch(() => undefined);
    if (current === content) continue;
    await writeFile(`${path}.tmp-${process.pid}`, content);
    await rename(`${path}.tmp-${process.pid}`, path);
    changed.push(path);
  }
  return changed;
}

/**
 * Runs `step`, which may rewrite `dir` and `files`; when it throws, puts back what they held
 * before and rethrows. `pnpm generate` writes the generated files and then builds the packages
 * on them: a build that fails must not leave files describing a spec the packages do not
 * compile against.
 */
export async function withRollback<T>(step: () => Promise<T>, files: Iterable<string> = [], dir = generatedDir): Promise<T> {
  const before = await readDirFiles(dir);
  const outside = new Map<string, string>();
  for (const path of files) {
    const content = await readFile(path, "utf8").catch(() => undefined);
    if (content !== undefined) outside.set(path, content);
  }
  try {
    return await step();
  } catch (error) {
    await writeGenerated(before, dir);
    await writeGeneratedFiles(outside);
    throw error;
  }
}
