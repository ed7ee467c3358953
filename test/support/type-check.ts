/**
 * Type-checks a few files written into a directory, with the repository's strictness and
 * without skipping declaration files (the point is often to check a generated `.d.ts`).
 * Returns tsc's diagnostics as text, one per line; "" when the files compile.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";

export async function typeCheck(dir: string, files: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  const program = ts.createProgram({
    rootNames: Object.keys(files)
      .filter((name) => name.endsWith(".ts"))
      .map((name) => join(dir, name)),
    options: {
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      lib: ["lib.es2023.d.ts"],
      types: [],
      skipLibCheck: false,
    },
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => dir,
    getNewLine: () => "\n",
  });
}
