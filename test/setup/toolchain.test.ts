/** The preinstall check: `pnpm install` on a too old Node or pnpm stops with one line saying what to install. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { root } from "../../pipeline/paths.ts";
import { run } from "../support/process.ts";

const script = join(root, "scripts/check-toolchain.cjs");
const { checkToolchain } = createRequire(import.meta.url)(script) as {
  checkToolchain: (node: string, userAgent: string | undefined, execPath?: string) => string | null;
};
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpm12 = "pnpm/12.21.0 npm/? node/? linux x64";

describe("checkToolchain", () => {
  test("accepts Node 24.18 or later with pnpm 12.21 or a later 12", () => {
    for (const node of ["v24.18.0", "v24.21.0", "v26.1.0"]) expect(checkToolchain(node, pnpm12), node).toBeNull();
    expect(checkToolchain("v24.18.0", "pnpm/12.40.2 npm/? node/? linux x64")).toBeNull();
  });

  test("Debian's Node 20 under pnpm 12: names the Node needed, the one found and the install command", () => {
    expect(checkToolchain("v20.20.2", pnpm12, "/usr/bin/node")).toBe(
      "hostup-billing-api needs Node.js 24.18 or later, found Node.js 20.20.2 at /usr/bin/node: " +
        "run `npm install -g --prefix /usr/local node@24` (with sudo unless root) and put /usr/local/bin first on PATH, or see README.md, Prerequisites.",
    );
    // 24.17 is a 24 but older than engines.node allows.
    expect(checkToolchain("v24.17.1", pnpm12)).toContain("found Node.js 24.17.1:");
  });

  test.each([
    ["pnpm 11", "pnpm/11.28.11 npm/? node/v24.21.0 linux x64", "found pnpm 11.28.11"],
    ["a 12 older than packageManager", "pnpm/12.3.0 npm/? node/? linux x64", "found pnpm 12.3.0"],
    ["pnpm 13", "pnpm/13.0.0 npm/? node/? linux x64", "found pnpm 13.0.0"],
    ["npm", "npm/11.19.1 node/v24.21.0 linux x64 workspaces/false", "found npm 11.19.1"],
  ])("refuses %s with one line naming pnpm 12", (_, userAgent, found) => {
    const message = checkToolchain("v24.21.0", userAgent)!;
    expect(message).toContain("needs pnpm 12 (12.21.0 or a later 12.x)");
    expect(message).toContain(found);
    expect(message).toContain("`npm install -g --prefix /usr/local pnpm@12`");
    expect(message).not.toContain("\n");
  });

  test("no pnpm at all (how .ci/run asks before installing it)", () => {
    expect(checkToolchain("v24.21.0", "pnpm/missing")).toMatch(
      /needs pnpm 12 .*, found no pnpm: run `npm install -g --prefix \/usr\/local pnpm@12`/,
    );
  });

  test("both too old: one line, one install command for both", () => {
    const message = checkToolchain("v18.20.4", "pnpm/10.34.9 npm/? node/? linux x64")!;
    expect(message).toMatch(/needs Node\.js 24\.18 or later and pnpm 12 .*, found Node\.js 18\.20\.4 with pnpm 10\.34\.9:/);
    expect(message).toContain("`npm install -g --prefix /usr/local node@24 pnpm@12`");
    expect(message.split("\n")).toHaveLength(1);
  });
});

describe("scripts/check-toolchain.cjs as the preinstall hook", () => {
  test("is package.json's preinstall, and engines.pnpm does not pre-empt it", () => {
    // pnpm checks engines.pnpm before any script and answers with its own ten lines.
    expect(manifest.scripts.preinstall).toBe("node scripts/check-toolchain.cjs");
    expect(manifest.engines.pnpm).toBeUndefined();
  });

  test("exits 0 and prints nothing on this Node under pnpm 12", async () => {
    const result = await run(process.execPath, [script], { env: { npm_config_user_agent: pnpm12 } });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  test("exits 1 with one line on stderr under pnpm 11", async () => {
    const result = await run(process.execPath, [script], { env: { npm_config_user_agent: "pnpm/11.28.11 npm/? node/? linux x64" } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^hostup-billing-api needs pnpm 12 [^\n]*\n$/);
  });

  // The hook's point is to run on the old Node it rejects. CI's machines have Debian's
  // Node 20 at /usr/bin/node (under the Node 24 that runs the tests).
  const oldNode = "/usr/bin/node";
  const oldNodeVersion = existsSync(oldNode) ? execFileSync(oldNode, ["--version"], { encoding: "utf8" }).trim() : "";
  test.runIf(/^v(1\d|2[0-3])\./.test(oldNodeVersion))(`runs on ${oldNode} (${oldNodeVersion}) and rejects it in one line`, async () => {
    const result = await run(oldNode, [script], { env: { npm_config_user_agent: pnpm12 } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `hostup-billing-api needs Node.js 24.18 or later, found Node.js ${oldNodeVersion.slice(1)} at ${oldNode}: ` +
        "run `npm install -g --prefix /usr/local node@24` (with sudo unless root) and put /usr/local/bin first on PATH, or see README.md, Prerequisites.\n",
    );
  });
});
