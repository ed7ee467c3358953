/**
 * The declarations @hostup/billing-client would publish for a spec: the package's handwritten
 * sources with the operation layer and TanStack Query bindings `pnpm generate` renders for
 * that spec, compiled against that spec's generated/ (as the package's
 * @hostup/billing-openapi) in a temporary directory, with only declarations emitted.
 */
import { cp, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { clientDir, sharedHost } from "../build-packages.ts";
import type { SpecModel } from "../openapi-model.ts";
import { renderClientOperations, renderClientTypes } from "../render-client.ts";
import { renderGenerated } from "../render-generated.ts";
import { renderQueryBindings } from "../render-query.ts";
import { renderResponses } from "../render-responses.ts";

export interface ClientDeclarations {
  /** The temporary directory: src/, dist/ (the emitted .d.ts) and node_modules/. */
  dir: string;
  /** The package's entry declarations, by export subpath (".", "./query", "./raw", "./problems"). */
  entries: Record<string, string>;
  /** The generated @hostup/billing-openapi package the declarations import from. */
  openapiDir: string;
  /** Compile errors of the client against this spec, formatted; the declarations are emitted regardless. */
  diagnostics: string[];
  close(): Promise<void>;
}

/** Dependencies the declarations name, linked from the workspace rather than copied. */
const LINKED = ["openapi-fetch", "@tanstack/query-core"];

export async function emitClientDeclarations(model: SpecModel): Promise<ClientDeclarations> {
  const dir = await mkdtemp(join(tmpdir(), "spec-review-client-"));
  try {
    const openapiDir = join(dir, "node_modules/@hostup/billing-openapi");
    await mkdir(join(dir, "node_modules/@tanstack"), { recursive: true });
    await mkdir(openapiDir, { recursive: true });
    for (const [name, content] of await renderGenerated(model)) await writeFile(join(openapiDir, name), content);
    for (const name of LINKED) await symlink(await realpath(join(clientDir, "node_modules", name)), join(dir, "node_modules", name));
    await cp(join(clientDir, "src"), join(dir, "src"), { recursive: true, filter: (source) => !source.endsWith(".gen.ts") });
    await writeFile(join(dir, "src/operations.gen.ts"), renderClientOperations(model.resolved));
    await writeFile(join(dir, "src/types.gen.ts"), renderClientTypes(model.resolved));
    await writeFile(join(dir, "src/query.gen.ts"), renderQueryBindings(model.resolved));
    await writeFile(join(dir, "src/responses.gen.ts"), renderResponses(model.resolved));
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "spec-review-client", private: true, type: "module" }));

    const options = { ...buildOptions(), rootDir: join(dir, "src"), outDir: join(dir, "dist"), emitDeclarationOnly: true };
    const rootNames = (await readdir(join(dir, "src"))).filter((f) => f.endsWith(".ts")).map((f) => join(dir, "src", f));
    const program = ts.createProgram({ rootNames, options, host: sharedHost(options) });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    // Emitted even when the client does not compile against this spec: the review shows both.
    const emitted = program.emit();
    diagnostics.push(...emitted.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
    return {
      dir,
      entries: {
        ".": join(dir, "dist/index.d.ts"),
        "./query": join(dir, "dist/query.gen.d.ts"),
        "./raw": join(dir, "dist/raw.d.ts"),
        "./problems": join(dir, "dist/problems.d.ts"),
      },
      openapiDir,
      diagnostics,
      close: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The client's own compiler options (tsconfig.build.json), without its file list or maps. */
function buildOptions(): ts.CompilerOptions {
  const configPath = join(clientDir, "tsconfig.build.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, clientDir, undefined, configPath);
  return { ...parsed.options, declaration: true, declarationMap: false, sourceMap: false, noEmit: false };
}
