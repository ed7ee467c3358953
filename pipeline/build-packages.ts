/**
 * Compiles the workspace packages' src/ to dist/ with the TypeScript API, in this process.
 *
 * Nothing is emitted unless every package compiles: a dist/ built from code that does not
 * type-check would still run, and hide the error. Each package is emitted into a sibling
 * directory first and swapped in, so a failure leaves the previous dist/ in place.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import ts from "typescript";
import { rel, root } from "./paths.ts";

export const clientDir = join(root, "packages/billing-client");
export const mockDir = join(root, "packages/billing-mock");

export interface PackageToBuild {
  /** The package's directory, holding tsconfig.build.json. */
  dir: string;
  /** How messages name it, e.g. "the client". */
  label: string;
}

export const CLIENT: PackageToBuild = { dir: clientDir, label: "the client" };
export const MOCK: PackageToBuild = { dir: mockDir, label: "the stateful mock" };

/** A package that does not compile: `diagnostics` is tsc's report, `dir` the package to fix. */
export class CompileError extends Error {
  override name = "CompileError";
  readonly label: string;
  readonly dir: string;
  readonly diagnostics: string;
  constructor(pkg: PackageToBuild, diagnostics: string) {
    super(`${pkg.label} (${rel(pkg.dir)}/) does not compile:\n${diagnostics}`);
    this.label = pkg.label;
    this.dir = pkg.dir;
    this.diagnostics = diagnostics;
  }
}

const host: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => "\n",
};

/**
 * Type-checks every package, then emits them all; returns their output directories. Throws
 * CompileError for the first package with diagnostics, before any package is emitted.
 */
export async function buildPackages(packages: PackageToBuild[]): Promise<string[]> {
  const programs = packages.map((pkg) => ({ pkg, ...check(pkg) }));
  const built: string[] = [];
  for (const { pkg, program, outDir } of programs) {
    await emitSwapped(pkg, program, outDir);
    built.push(`${rel(outDir)}/`);
  }
  return built;
}

function check(pkg: PackageToBuild): { program: ts.Program; outDir: string } {
  const configPath = join(pkg.dir, "tsconfig.build.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new CompileError(pkg, ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, pkg.dir, undefined, configPath);
  if (parsed.errors.length > 0) throw new CompileError(pkg, ts.formatDiagnosticsWithColorAndContext(parsed.errors, host));
  const outDir = parsed.options.outDir ?? join(pkg.dir, "dist");
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: sharedHost(parsed.options) });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new CompileError(pkg, ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  return { program, outDir };
}

// Parsed declaration files (lib.*.d.ts, @types/node, generated/openapi.d.ts...), shared by every
// package this process builds: parsing them again for the second package cost most of its time.
// Only files that cannot change while the process runs are shared: declaration files under
// node_modules (TypeScript's libs among them); sources and generated/ are read afresh.
const parsedOnce = new Map<string, ts.SourceFile>();

export function sharedHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const shareable = /\.d\.[cm]?ts$/.test(fileName) && fileName.includes("/node_modules/") && !fileName.includes("/@hostup/");
    if (!shareable) return read(fileName, languageVersion, onError, shouldCreate);
    const key = `${JSON.stringify(languageVersion)}:${fileName}`;
    let file = parsedOnce.get(key);
    if (!file) {
      file = read(fileName, languageVersion, onError, shouldCreate);
      if (file) parsedOnce.set(key, file);
    }
    return file;
  };
  return host;
}

/**
 * Emits into a sibling of outDir, then swaps it in. The sibling sits at the same depth, so
 * the relative paths in source maps and declaration maps stay right.
 */
async function emitSwapped(pkg: PackageToBuild, program: ts.Program, outDir: string): Promise<void> {
  const staging = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}`);
  const previous = join(dirname(outDir), `.${basename(outDir)}.old-${process.pid}`);
  await Promise.all([rm(staging, { recursive: true, force: true }), rm(previous, { recursive: true, force: true })]);
  const emitted = program.emit(undefined, (fileName, text) => {
    const target = join(staging, relative(outDir, fileName));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  });
  if (emitted.diagnostics.length > 0) {
    await rm(staging, { recursive: true, force: true });
    throw new CompileError(pkg, ts.formatDiagnosticsWithColorAndContext(emitted.diagnostics, host));
  }
  await rename(outDir, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(staging, outDir);
  await rm(previous, { recursive: true, force: true });
}
