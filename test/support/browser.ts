/** Headless Chromium (or Chrome) through playwright-core, and a loopback origin serving a test page. */
import { accessSync, constants, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { Hono } from "hono";
import { chromium, type Browser } from "playwright-core";
import { listen, type Listening } from "@hostup/billing-mock/server";
import { root } from "../../pipeline/paths.ts";

export const screenshotsDir = join(root, "test-results");

/** Names a browser other than the usual paths; when set, it is the only one tried. */
export const BROWSER_ENV = "CHROMIUM_PATH";

/**
 * Where Debian (chromium), Ubuntu's and older distributions' packages (chromium-browser),
 * Google's .deb (google-chrome) and macOS put the browser, in the order they are tried.
 */
export const BROWSER_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
] as const;

/** The install command the error names, per platform; the README's Prerequisites runs the Linux one. */
export function browserInstallCommand(platform: NodeJS.Platform = process.platform): string {
  return platform === "darwin" ? "brew install --cask google-chrome" : "apt-get install -y chromium";
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The browser the tests drive: `$CHROMIUM_PATH` when set, else the first of BROWSER_PATHS
 * that is there. Throws a one-line error naming the prerequisite and its install command,
 * so a missing browser fails the browser suites instead of skipping them: a skipped suite
 * would look like a passing frontend story.
 */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  isExecutable: (path: string) => boolean = isExecutableFile,
  platform: NodeJS.Platform = process.platform,
): string {
  const install = browserInstallCommand(platform);
  const chosen = env[BROWSER_ENV];
  if (chosen) {
    if (isExecutable(chosen)) return chosen;
    // No fallback: a path set on purpose that does not work is a mistake to report, not to paper over.
    throw new Error(
      `${BROWSER_ENV}=${chosen} is not an executable file: point it at a Chromium or Chrome binary, or unset it to use one on the usual paths (\`${install}\`).`,
    );
  }
  const found = BROWSER_PATHS.find((path) => isExecutable(path));
  if (found) return found;
  throw new Error(
    `The browser tests need Chromium or Chrome (a prerequisite in README.md): install it with \`${install}\`, or set ${BROWSER_ENV} to its binary. Looked in ${BROWSER_PATHS.join(", ")}.`,
  );
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findBrowser();
  await mkdir(screenshotsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    // --no-sandbox: CI runs as root. The rest keep Chromium off the (closed) network.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** @hostup/billing-client bundled for the browser, as a frontend build would. */
export async function bundleClientForBrowser(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, "packages/billing-client/dist/index.js")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/** Serves `files` (path → [content type, body]) on a loopback origin of its own. */
export function servePage(files: Record<string, [string, string]>): Promise<Listening> {
  const app = new Hono();
  for (const [path, [type, body]] of Object.entries(files)) app.get(path, (c) => c.body(body, 200, { "Content-Type": type }));
  return listen(app.fetch, "127.0.0.1", 0);
}
