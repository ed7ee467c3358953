/**
 * A client source rendered by a test, imported in this process beside a copy of the client's
 * handwritten src/, so its relative imports (`./errors.ts`) resolve to that copy. Rendering and
 * importing happen inside the test that asserts on the module: the renderer's run belongs to
 * that test, and only a few milliseconds are spent per module (no openapi-typescript, no tsc).
 */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "../../pipeline/paths.ts";

export interface RenderedModules {
  /** The copy's src/, where rendered modules are written. */
  src: string;
  /** Writes `source` under a name of its own (modules are cached by name) and imports it. */
  load<T>(source: string): Promise<T>;
  /** Imports a handwritten module of the copy, e.g. `errors.ts`, the one rendered modules import. */
  handwritten<T>(name: string): Promise<T>;
  close(): Promise<void>;
}

let counter = 0;

export async function renderedModules(): Promise<RenderedModules> {
  const dir = await mkdtemp(join(tmpdir(), "rendered-module-"));
  const src = join(dir, "src");
  await cp(join(root, "packages/billing-client/src"), src, { recursive: true, filter: (source) => !source.endsWith(".gen.ts") });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "rendered-module", private: true, type: "module" }));
  return {
    src,
    async load<T>(source: string) {
      const file = join(src, `rendered-${++counter}.gen.ts`);
      await writeFile(file, source);
      return (await import(pathToFileURL(file).href)) as T;
    },
    handwritten: async <T>(name: string) => (await import(pathToFileURL(join(src, name)).href)) as T,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
