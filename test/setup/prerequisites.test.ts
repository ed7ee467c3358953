/**
 * The README's set-up as a newcomer copies it: the Prerequisites block run by bash against
 * stand-in apt-get, npm, sudo and curl (so nothing is installed), and its agreement with
 * .ci/run, which CI runs on fresh machines.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { root } from "../../pipeline/paths.ts";
import { run } from "../support/process.ts";

const readme = readFileSync(join(root, "README.md"), "utf8");
const ciRun = readFileSync(join(root, ".ci/run"), "utf8");

function shBlockAfter(heading: string): string {
  const block = new RegExp(`^## ${heading}\\n[\\s\\S]*?^\`\`\`sh\\n([\\s\\S]*?)^\`\`\`$`, "m").exec(readme)?.[1];
  if (!block) throw new Error(`README.md has no sh block under "## ${heading}"`);
  return block;
}
const prerequisites = shBlockAfter("Prerequisites");
const quickStart = shBlockAfter("Quick start");

/** The simple commands of a shell text that install or download something, comments dropped. */
function installSteps(script: string): string[] {
  return script
    .split("\n")
    .map((line) => line.replace(/(^|\s+)#\s.*$/, ""))
    .flatMap((line) => line.split(/\s*(?:&&|\|\||;)\s*/))
    .map((part) => part.trim().replace(/^(?:if|then|else|fi)\b\s*/, ""))
    .filter((part) => /\binstall\b|^curl /.test(part));
}

describe("README and .ci/run", () => {
  test("every install step of Prerequisites is in .ci/run, word for word", () => {
    const steps = installSteps(prerequisites);
    expect(steps).toEqual([
      "$s apt-get install -y nodejs npm",
      "$s npm install -g --prefix /usr/local node@24 pnpm@12",
      "$s apt-get install -y chromium",
      "$s apt-get install -y curl",
      "curl -fsSLo /tmp/google-chrome.deb https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb",
      "$s apt-get install -y /tmp/google-chrome.deb",
    ]);
    for (const step of steps) expect(ciRun, step).toContain(step);
    // ...and .ci/run installs nothing the README does not.
    for (const step of installSteps(ciRun).filter((step) => !step.startsWith("pnpm install"))) expect(steps, step).toContain(step);
  });

  test("Quick start is two commands, the second the one .ci/run ends with", () => {
    const commands = quickStart
      .split("\n")
      .map((line) => line.replace(/\s+#\s.*$/, "").trim())
      .filter(Boolean);
    expect(commands).toEqual(["pnpm install && pnpm generate && pnpm mock", "pnpm test"]);
    expect(ciRun.trimEnd().split("\n").slice(-2)).toEqual(["pnpm install --frozen-lockfile", "pnpm test"]);
  });
});

describe("the Prerequisites block, pasted into bash", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /**
   * A machine of stand-ins: each logs its command line. `apt-get install ... npm` makes
   * `npm` appear, as on Debian; `apt-cache madison chromium` answers as Debian (a version)
   * or Ubuntu (nothing) does.
   */
  async function machine(options: { uid: number; npm: boolean; chromiumPackage: boolean }) {
    const bin = await mkdtemp(join(tmpdir(), "prerequisites-"));
    dirs.push(bin);
    const log = join(bin, "log");
    await writeFile(log, "");
    const npmShim = `#!/bin/sh\nprintf '%s\\n' "npm $*" >> "${log}"\n`;
    const shims: Record<string, string> = {
      id: `#!/bin/sh\n[ "$1" = -u ] && echo ${options.uid}\n`,
      sudo: `#!/bin/sh\nprintf 'sudo ' >> "${log}"\nexec "$@"\n`,
      "apt-get": [
        "#!/bin/sh",
        `printf '%s\\n' "apt-get $*" >> "${log}"`,
        `case " $* " in *" install "*" npm "*) printf '%s' '${npmShim.replaceAll("'", "'\\''")}' > "${bin}/npm"; /bin/chmod +x "${bin}/npm";; esac`,
      ].join("\n"),
      "apt-cache": `#!/bin/sh\nprintf '%s\\n' "apt-cache $*" >> "${log}"\n${options.chromiumPackage ? `echo "  chromium | 156.0 | http://deb.debian.org/debian bookworm/main amd64 Packages"` : ""}\n`,
      curl: `#!/bin/sh\nprintf '%s\\n' "curl $*" >> "${log}"\n`,
      // Answer for Node 24 and pnpm 12 where /usr/local/bin has neither.
      node: `#!/bin/sh\necho v24.21.0\n`,
      pnpm: `#!/bin/sh\necho 12.21.0\n`,
    };
    if (options.npm) shims.npm = npmShim;
    for (const [name, body] of Object.entries(shims)) {
      await writeFile(join(bin, name), body);
      await chmod(join(bin, name), 0o755);
    }
    // Only the stand-ins on PATH: a real apt-get or sudo must never run.
    const paste = () => run("/bin/bash", ["-e", "-c", prerequisites], { env: { PATH: bin } });
    const logged = async () => (await readFile(log, "utf8")).trim().split("\n");
    return { paste, logged, log };
  }

  test("as root on a fresh Debian: npm from Debian, Node 24 and pnpm 12 into /usr/local, Debian's chromium", async () => {
    const debian = await machine({ uid: 0, npm: false, chromiumPackage: true });
    const result = await debian.paste();
    expect(result.code, result.stderr).toBe(0);
    expect(await debian.logged()).toEqual([
      "apt-get update",
      "apt-get install -y nodejs npm",
      "npm install -g --prefix /usr/local node@24 pnpm@12",
      "apt-cache madison chromium",
      "apt-get install -y chromium",
    ]);
    expect(result.stdout).toMatch(/^v24\.\d+\.\d+\n12\.\d+\.\d+\n$/);
  });

  test("run again, it installs Debian's npm no second time", async () => {
    const debian = await machine({ uid: 0, npm: false, chromiumPackage: true });
    await debian.paste();
    await writeFile(debian.log, "");
    expect((await debian.paste()).code).toBe(0);
    expect(await debian.logged()).not.toContain("apt-get install -y nodejs npm");
  });

  test("as a user with sudo on Ubuntu: every install through sudo, Google Chrome instead of the chromium snap", async () => {
    const ubuntu = await machine({ uid: 1000, npm: true, chromiumPackage: false });
    const result = await ubuntu.paste();
    expect(result.code, result.stderr).toBe(0);
    expect(await ubuntu.logged()).toEqual([
      "sudo apt-get update",
      "sudo npm install -g --prefix /usr/local node@24 pnpm@12",
      "apt-cache madison chromium",
      "sudo apt-get install -y curl",
      "curl -fsSLo /tmp/google-chrome.deb https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb",
      "sudo apt-get install -y /tmp/google-chrome.deb",
    ]);
  });
});
