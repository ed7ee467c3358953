/**
 * @hostup/billing-client as the pipeline renders it for a spec, imported in this process in a
 * fraction of a second: the package's handwritten sources beside the rendered operation layer.
 * generated/ is not needed to run it (the rendered files import only types from
 * @hostup/billing-openapi), so neither openapi-typescript nor tsc runs; `generateClientFor`
 * (generated-client.ts) is for the tests that type-check a consumer.
 *
 * Call it inside the test: the renderers then run in the test, so that a mutation test knows
 * which tests reach which line of them (in a `beforeAll` they would be reached by none). The
 * same rendering is imported once and shared, so the client's module state (the deprecation
 * warning's "once per process") is shared by the tests that render the same spec.
 */
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { renderClientOperations } from "../../pipeline/render-client.ts";
import { renderResponses } from "../../pipeline/render-responses.ts";

export type ClientPackage = typeof import("@hostup/billing-client");
export type RawPackage = typeof import("@hostup/billing-client/raw");
export type ProblemsPackage = typeof import("@hostup/billing-client/problems");

/** The client's entry points, imported from the rendering. */
interface Modules {
  pkg: ClientPackage;
  raw: RawPackage;
  problems: ProblemsPackage;
}

export interface RenderedClient extends Modules {
  /** The rendered operations.gen.ts. */
  operations: string;
}

let base: Promise<string> | undefined;
const imported = new Map<string, Promise<Modules>>();

/** One folder for every rendering of this process, with the client's one runtime dependency. */
function baseDir(): Promise<string> {
  base ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "rendered-client-"));
    await mkdir(join(dir, "node_modules"));
    await symlink(await realpath(join(root, "node_modules/openapi-fetch")), join(dir, "node_modules/openapi-fetch"));
    return dir;
  })();
  return base;
}

async function write(files: Record<string, string>, name: string): Promise<Modules> {
  const dir = join(await baseDir(), name);
  await cp(join(root, "packages/billing-client/src"), join(dir, "src"), {
    recursive: true,
    filter: (source) => !source.endsWith(".gen.ts"),
  });
  // types.gen.ts is left out: the client imports only types from it, and those are erased.
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, "src", file), content);
  const load = (module: string) => import(pathToFileURL(join(dir, "src", module)).href);
  return {
    pkg: (await load("index.ts")) as ClientPackage,
    raw: (await load("raw.ts")) as RawPackage,
    problems: (await load("problems.ts")) as ProblemsPackage,
  };
}

/** The client rendered for the resolved `spec`: rendered on every call, imported from a folder of its own the first time a rendering is seen. */
export async function renderedClient(spec: Spec): Promise<RenderedClient> {
  const files = { "operations.gen.ts": renderClientOperations(spec), "responses.gen.ts": renderResponses(spec) };
  const name = createHash("sha256").update(JSON.stringify(files)).digest("hex").slice(0, 16);
  let modules = imported.get(name);
  if (!modules) {
    modules = write(files, name);
    imported.set(name, modules);
  }
  return { operations: files["operations.gen.ts"], ...(await modules) };
}

/** Removes every folder this process wrote (in an `afterAll`). */
export async function removeRendered(): Promise<void> {
  const dir = await base;
  base = undefined;
  imported.clear();
  if (dir) await rm(dir, { recursive: true, force: true });
}
