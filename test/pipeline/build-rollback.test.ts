/**
 * `pnpm generate` never leaves a generated/ or a dist/ from code that failed to compile: the
 * build emits nothing unless every package type-checks, swaps a new dist/ in whole, and
 * generated/ goes back to its previous files when a step after writing it fails. Shown on
 * tiny packages in a temporary directory.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { buildPackages, CompileError, type PackageToBuild } from "../../pipeline/build-packages.ts";
import { root } from "../../pipeline/paths.ts";
import { readDirFiles, withRollback, writeGenerated, writeGeneratedFiles } from "../../pipeline/write-generated.ts";

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** An ES module package with tsconfig.build.json and src/index.ts holding `source`, and an earlier dist/ marked "previous". */
async function tinyPackage(source: string): Promise<PackageToBuild> {
  const dir = await tempDir("tiny-package-");
  const tsconfig = {
    extends: join(root, "tsconfig.base.json"),
    compilerOptions: { rootDir: "src", outDir: "dist", declaration: true, sourceMap: true, types: [] },
    include: ["src"],
  };
  await writeFile(join(dir, "tsconfig.build.json"), JSON.stringify(tsconfig));
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "tiny", type: "module" }));
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "src/index.ts"), source);
  await mkdir(join(dir, "dist"));
  await writeFile(join(dir, "dist/index.js"), "previous");
  return { dir, label: `the package in ${dir}` };
}

const COMPILES = "export const answer: number = 42;\n";
const TYPE_ERROR = 'export const answer: number = "forty-two";\n';

describe("buildPackages", () => {
  test("replaces dist/ with the new build and leaves no staging directory behind", async () => {
    const pkg = await tinyPackage(COMPILES);
    await buildPackages([pkg]);
    expect(await readFile(join(pkg.dir, "dist/index.js"), "utf8")).toContain("export const answer = 42;");
    expect((await readdir(join(pkg.dir, "dist"))).sort()).toEqual(["index.d.ts", "index.js", "index.js.map"]);
    expect(JSON.parse(await readFile(join(pkg.dir, "dist/index.js.map"), "utf8")).sources).toEqual(["../src/index.ts"]);
    expect((await readdir(pkg.dir)).sort()).toEqual(["dist", "package.json", "src", "tsconfig.build.json"]);
  });

  test("emits nothing for a package with a type error, throws tsc's diagnostics, and keeps the previous dist/", async () => {
    const pkg = await tinyPackage(TYPE_ERROR);
    const error = await buildPackages([pkg]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).dir).toBe(pkg.dir);
    expect((error as CompileError).diagnostics).toContain("index.ts");
    expect((error as CompileError).diagnostics).toContain("TS2322");
    expect((error as CompileError).message).toContain(`${pkg.label} (`);
    expect(await readFile(join(pkg.dir, "dist/index.js"), "utf8")).toBe("previous");
    expect((await readdir(pkg.dir)).sort()).toEqual(["dist", "package.json", "src", "tsconfig.build.json"]);
  });

  test("emits no package when another fails to compile", async () => {
    const good = await tinyPackage(COMPILES);
    const bad = await tinyPackage(TYPE_ERROR);
    await expect(buildPackages([good, bad])).rejects.toBeInstanceOf(CompileError);
    expect(await readFile(join(good.dir, "dist/index.js"), "utf8")).toBe("previous");
  });
});

describe("withRollback", () => {
  async function generatedLike() {
    const dir = await tempDir("generated-");
    await writeGenerated(
      new Map([
        ["a.ts", "old a"],
        ["b.ts", "old b"],
      ]),
      dir,
    );
    return dir;
  }

  test("puts the previous files back, removing new ones, when the step after writing throws", async () => {
    const dir = await generatedLike();
    const failure = new Error("the mock does not compile");
    const outcome = withRollback(
      async () => {
        await writeGenerated(
          new Map([
            ["a.ts", "new a"],
            ["c.ts", "new c"],
          ]),
          dir,
        );
        throw failure;
      },
      [],
      dir,
    );
    await expect(outcome).rejects.toBe(failure);
    expect(Object.fromEntries(await readDirFiles(dir))).toEqual({ "a.ts": "old a", "b.ts": "old b" });
  });

  test("puts generated files outside the directory back too (the client layer, the README)", async () => {
    const dir = await generatedLike();
    const outside = join(await tempDir("outside-"), "operations.gen.ts");
    await writeFile(outside, "old layer");
    const failure = new Error("the client does not compile");
    const outcome = withRollback(
      async () => {
        await writeGeneratedFiles(new Map([[outside, "new layer"]]));
        throw failure;
      },
      [outside],
      dir,
    );
    await expect(outcome).rejects.toBe(failure);
    expect(await readFile(outside, "utf8")).toBe("old layer");
  });

  test("keeps what the step wrote when it succeeds", async () => {
    const dir = await generatedLike();
    await withRollback(() => writeGenerated(new Map([["a.ts", "new a"]]), dir), [], dir);
    expect(Object.fromEntries(await readDirFiles(dir))).toEqual({ "a.ts": "new a" });
  });
});
