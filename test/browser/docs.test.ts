/** The API reference (pnpm run docs): one HTML file that works with no network at all. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderReference } from "../../pipeline/api-reference.ts";
import { generatedDir } from "../../pipeline/paths.ts";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { launchChromium, screenshotsDir } from "../support/browser.ts";
import { operation, operationIds, responses } from "../support/spec.ts";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir: string;
let html: string;
const requested: string[] = [];

beforeAll(async () => {
  ({ html } = await renderReference(JSON.parse(await readFile(join(generatedDir, "openapi.json"), "utf8"))));
  dir = await mkdtemp(join(tmpdir(), "docs-"));
  const file = join(dir, "index.html");
  await writeFile(file, html);
  browser = await launchChromium();
  context = await browser.newContext({ offline: true });
  // Anything but the file itself and Redoc's in-page worker would be a network request: refuse it.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    return url.startsWith("file:") || url.startsWith("blob:") ? route.continue() : route.abort();
  });
  page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.getByRole("heading", { name: "Add invoice CC recipient" }).waitFor();
  await page.screenshot({ path: join(screenshotsDir, "docs.png") });
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the offline API reference", () => {
  test("renders every operation of the spec, by its summary", async () => {
    for (const operationId of operationIds) {
      const summary = operation(operationId).summary!;
      await expect(page.getByRole("heading", { name: summary }).count(), summary).resolves.toBeGreaterThan(0);
    }
  });

  test("lists every documented error response", async () => {
    const text = await page.locator("#redoc").innerText();
    for (const status of ["400", "401", "403", "404", "429", "500"]) expect(text).toContain(status);
    expect(text).toContain("Rate limited. Retry after the limit resets.");
    expect(text).toContain("Not found. The resource does not exist or is not owned by the caller.");
  });

  test("names every example a mock request can select", async () => {
    const table = await page.locator("#mock-examples").innerText();
    for (const operationId of operationIds) {
      for (const response of responses(operationId)) {
        for (const name of Object.keys(response.examples)) expect(table).toContain(name);
      }
    }
  });

  test("makes no request beyond the file itself", () => {
    expect(requested.filter((url) => !url.startsWith("file:") && !url.startsWith("blob:"))).toEqual([]);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html).toContain("default-src 'none'");
    // The CSP would block it, but the page should not even try to reach a CDN.
    expect(html).not.toMatch(/https:\/\/cdn\./);
  });
});

describe("pnpm mock", () => {
  test("serves the reference at /docs", async () => {
    const mock = await startPrismMock({ port: 0 });
    try {
      const response = await fetch(`${mock.url}/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toContain("Redoc.init(");
    } finally {
      await mock.close();
    }
  });
});
