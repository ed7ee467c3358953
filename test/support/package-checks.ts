/** The packaging checks every workspace package passes: publint and arethetypeswrong on its packed tarball. */
import { join } from "node:path";
import { root } from "../../pipeline/paths.ts";
import { run, type Finished } from "./process.ts";

export const bin = (name: string) => join(root, "node_modules/.bin", name);

/** publint --strict on packages/<name>. */
export function publint(packageDir: string): Promise<Finished> {
  return run(bin("publint"), [packageDir, "--strict"]);
}

/** arethetypeswrong on the packed package, ESM consumers only (the packages are ESM-only), as JSON. */
export function arethetypeswrong(packageDir: string): Promise<Finished> {
  return run(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "json"], { cwd: join(root, packageDir) });
}
