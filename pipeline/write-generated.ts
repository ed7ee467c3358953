/** Puts rendered files into generated/ all at once, and reads a directory back for comparison. */
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
 * Runs `step`, which may rewrite `dir`; when it throws, puts back the files `dir` held before
 * and rethrows. `pnpm generate` writes generated/ and then builds the packages on it: a build
 * that fails must not leave generated/ describing a spec the packages do not compile against.
 */
export async function withRollback<T>(step: () => Promise<T>, dir = generatedDir): Promise<T> {
  const before = await readDirFiles(dir);
  try {
    return await step();
  } catch (error) {
    await writeGenerated(before, dir);
    throw error;
  }
}
