/** Which browser the browser suites drive, and what a machine without one is told. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findBrowser, launchChromium } from "../support/browser.ts";

// Literal paths, not the module's list: the test pins what the README promises.
const usualPaths = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];
const nothingInstalled = () => false;

let dir: string;
let executable: string;
let notExecutable: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "browser-discovery-"));
  executable = join(dir, "my chrome");
  notExecutable = join(dir, "chrome.txt");
  await writeFile(executable, "#!/bin/sh\n");
  await chmod(executable, 0o755);
  await writeFile(notExecutable, "");
  await chmod(notExecutable, 0o644);
  await mkdir(join(dir, "a-directory"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The message findBrowser throws, so each test can assert on it as text. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected findBrowser to throw");
}

describe("findBrowser on the usual paths", () => {
  test.each(usualPaths)("finds %s when it is the only browser", (path) => {
    expect(findBrowser({}, (candidate) => candidate === path)).toBe(path);
  });

  test("prefers Debian's chromium, then chromium-browser, then Google Chrome", () => {
    expect(findBrowser({}, () => true)).toBe("/usr/bin/chromium");
    expect(findBrowser({}, (path) => path !== "/usr/bin/chromium")).toBe("/usr/bin/chromium-browser");
    expect(findBrowser({}, (path) => path.includes("chrome") || path.includes("Chrome"))).toBe("/usr/bin/google-chrome");
  });
});

describe("findBrowser with CHROMIUM_PATH", () => {
  test("uses the named executable, ahead of any browser on the usual paths", () => {
    // The real file-system probe: the file exists and has its execute bit.
    expect(findBrowser({ CHROMIUM_PATH: executable })).toBe(executable);
  });

  test.each([
    ["a missing file", () => join(dir, "missing")],
    ["a file without the execute bit", () => notExecutable],
    ["a directory", () => join(dir, "a-directory")],
  ])("refuses %s without falling back to the usual paths", (_, path) => {
    // The real probe, so this also checks what counts as executable; where the usual
    // paths hold a browser (CI's /usr/bin/chromium), it is still not used.
    const message = failure(() => findBrowser({ CHROMIUM_PATH: path() }));
    expect(message).toContain(`CHROMIUM_PATH=${path()} is not an executable file`);
    expect(message).not.toContain("\n");
  });

  test("an empty value counts as unset", () => {
    expect(findBrowser({ CHROMIUM_PATH: "" }, (path) => path === "/usr/bin/google-chrome")).toBe("/usr/bin/google-chrome");
  });
});

describe("no browser anywhere", () => {
  test("one line naming the prerequisite, the install command, the variable and where it looked", () => {
    const message = failure(() => findBrowser({}, nothingInstalled, "linux"));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(/^The browser tests need Chromium or Chrome \(a prerequisite in README\.md\)/);
    expect(message).toContain("`apt-get install -y chromium`");
    expect(message).toContain("set CHROMIUM_PATH");
    for (const path of usualPaths) expect(message).toContain(path);
  });

  test("names the macOS install command on macOS", () => {
    expect(failure(() => findBrowser({}, nothingInstalled, "darwin"))).toContain("`brew install --cask google-chrome`");
  });

  test("fails the browser suites' launch instead of skipping them", async () => {
    const previous = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = join(dir, "missing");
    try {
      await expect(launchChromium()).rejects.toThrow(/^CHROMIUM_PATH=.* is not an executable file/);
    } finally {
      if (previous === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = previous;
    }
  });
});
