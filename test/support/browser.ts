/** Headless Debian Chromium through playwright-core, and a loopback origin serving a test page. */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { Hono } from "hono";
import { chromium, type Browser } from "playwright-core";
import { listen, type Listening } from "@hostup/billing-mock/server";
import { root } from "../../pipeline/paths.ts";

const CHROMIUM = "/usr/bin/chromium";
export const screenshotsDir = join(root, "test-results");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does this)`);
  }
  await mkdir(screenshotsDir, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
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
