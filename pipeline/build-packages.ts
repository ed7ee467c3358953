/** Compiles the workspace packages' src/ to dist/ with the TypeScript API, in this process. */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { rel, root } from "./paths.ts";

export const clientDir = join(root, "packages/billing-client");
export const mockDir = join(root, "packages/billing-mock");

/** Returns the output directory; throws with tsc's diagnostics when the client does not compile. */
export function buildClient(): Promise<string> {
  return buildPackage(clientDir, "the client");
}

/** Returns the output directory; throws with tsc's diagnostics when the stateful mock does not compile. */
export function buildMock(): Promise<string> {
  return buildPackage(mockDir, "the stateful mock");
}

async function buildPackage(packageDir: string, label: string): Promise<string> {
  const configPath = join(packageDir, "tsconfig.build.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, packageDir, undefined, configPath);
  const outDir = parsed.options.outDir ?? join(packageDir, "dist");
  await rm(outDir, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    };
    throw new Error(`${label} does not compile:\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, host)}`);
  }
  return `${rel(outDir)}/`;
}
