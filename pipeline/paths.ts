/** Where things live in the repository, for every script, server and test that needs a path. */
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(fileURLToPath(import.meta.url), "../..");
export const specDir = join(root, "spec");
export const specEntry = join(specDir, "openapi.yaml");
export const generatedDir = join(root, "generated");
export const redoclyConfig = join(root, "redocly.yaml");

/** A path as the repository's users write it: relative to the root. */
export function rel(path: string): string {
  return relative(root, path) || ".";
}
