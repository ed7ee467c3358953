/**
 * The API reference treats the spec as untrusted. A bundled document whose prose carries
 * script (the lint rule is bypassed: `renderReference` is called on it directly) is rendered
 * and opened in Chromium: nothing runs, because Redoc sanitizes the Markdown (`untrustedSpec`)
 * and, beneath it, the page's CSP runs only the page's own scripts; the reference still renders.
 * Both mocks serve the same page at `/docs` with the same policy as a header.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderReference, type ReferencePage } from "../../pipeline/api-reference.ts";
import { generatedDir } from "../../pipeline/paths.ts";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { launchChromium } from "../support/browser.ts";
import { scriptServer } from "../support/process.ts";
import { operation, operationIds } from "../support/spec.ts";

/** What a payload does if it runs: a global, the title, and the console. */
const run = (id: string) => `top.__xss=[...(top.__xss||[]),'${id}'];top.document.title='XSS';console.log('XSS ${id}')`;

/** Every way the spec's prose could carry script; each is preceded by a marker that must render. */
const PAYLOADS: Record<string, string> = {
  // The probe: Redocly's no-unsafe-markdown misses the handler after a `>` inside quotes.
  "quoted-gt": `<img alt=">" src=x onerror="${run("quoted-gt")}">`,
  "slash-separated": `<img/src/onerror="${run("slash-separated")}">`,
  script: `<script>${run("script")}</script>`,
  "svg-onload": `<svg onload="${run("svg-onload")}"></svg>`,
  "svg-animate": `<svg><animate onbegin="${run("svg-animate")}" attributeName="x" dur="1s"></animate></svg>`,
  "details-ontoggle": `<details open ontoggle="${run("details-ontoggle")}"><summary>s</summary>d</details>`,
  "iframe-srcdoc": `<iframe srcdoc="<script>${run("iframe-srcdoc").replaceAll("'", "&#39;")}</script>"></iframe>`,
  "object-data": `<object data="javascript:${run("object-data")}"></object>`,
  "markdown-link": `[open](javascript:${run("markdown-link")})`,
  "html-link": `<a href="javascript:${run("html-link")}">open</a>`,
  // No script, but a reference hidden or overlaid with fake content.
  "style-element": "<style>.api-content{visibility:hidden}</style>",
  "style-attribute": '<div style="position:fixed;inset:0;z-index:9;background:red">overlay</div>',
  // Aimed at the page itself: leaving the JSON data block, or changing how the parser reads it.
  "data-block": `</script><script>${run("data-block")}</script><!--<script>`,
};

const prose = (where: string) =>
  Object.entries(PAYLOADS)
    .map(([id, markup]) => `Marker ${where} ${id}.\n\n${markup}\n`)
    .join("\n");

const bundled = JSON.parse(await readFile(join(generatedDir, "openapi.json"), "utf8"));
const TITLE = `${bundled.info.title} <img src=x onerror="${run("title")}">`;

/** generated/openapi.json with the payloads in every kind of prose Redoc renders. */
function hostileSpec(): Record<string, any> {
  const spec = structuredClone(bundled);
  spec.info.title = TITLE;
  spec.info.description = prose("info");
  spec.info.contact = { name: "Billing", url: `javascript:${run("contact-url")}` };
  spec.tags[0].description = prose("tag");
  const post = spec.paths["/api/v2/billing/payment-methods/contacts"].post;
  post.description = prose("operation");
  const created = post.responses["201"];
  created.description = `Created. <img src=x onerror="${run("response")}">`;
  // An example name is shown by the page's own table as well as by Redoc.
  const examples = created.content["application/json"].examples;
  examples[`<img src=x onerror="${run("example-name")}">`] = Object.values(examples)[0];
  spec.components.schemas.InvoiceCcRecipient.properties.email.description = prose("schema");
  spec.components.parameters.InvoiceId.description = prose("parameter");
  return spec;
}

const ADD_SUMMARY = operation("addInvoiceCcRecipient").summary!;

interface Observed {
  page: Page;
  console: string[];
}

/** Opens a page, recording the console and every CSP violation; anything but `allowed` is refused. */
async function open(context: BrowserContext, url: string): Promise<Observed> {
  const page = await context.newPage();
  const console: string[] = [];
  page.on("console", (message) => console.push(message.text()));
  page.on("pageerror", (error) => console.push(`pageerror: ${error.message}`));
  // Injected by the browser tooling, so the page's CSP does not apply to it.
  await page.addInitScript(() => {
    const seen: string[] = ((window as any).__violations = []);
    document.addEventListener("securitypolicyviolation", (event) => seen.push(event.effectiveDirective));
  });
  await page.goto(url);
  await page.getByRole("heading", { name: ADD_SUMMARY }).first().waitFor();
  // Handlers fire within milliseconds of insertion; a second is a generous bound.
  await page.waitForTimeout(1_000);
  return { page, console };
}

const ran = (page: Page) => page.evaluate(() => (window as any).__xss as string[] | undefined);
const violations = (page: Page) => page.evaluate(() => (window as any).__violations as string[]);

/** What of the reference's DOM could still run script: what Redoc's sanitizer must have removed. */
function scriptBearing(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll("#redoc *, #mock-examples *")) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${element.localName}[${attribute.name}]`);
        if (attribute.name === "srcdoc") found.push(`${element.localName}[srcdoc]`);
      }
      if (["script", "iframe", "object", "embed"].includes(element.localName)) found.push(element.localName);
    }
    return found;
  });
}

let browser: Browser;
let dir: string;
let reference: ReferencePage;

beforeAll(async () => {
  reference = await renderReference(hostileSpec());
  dir = await mkdtemp(join(tmpdir(), "hostile-docs-"));
  await writeFile(join(dir, "index.html"), reference.html);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the API reference of a spec whose prose carries script", () => {
  let context: BrowserContext;
  let observed: Observed;
  const requested: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ offline: true });
    await context.route("**/*", (route) => {
      requested.push(route.request().url());
      return /^(file|blob):/.test(route.request().url()) ? route.continue() : route.abort();
    });
    observed = await open(context, pathToFileURL(join(dir, "index.html")).href);
  });

  afterAll(async () => {
    await context?.close();
  });

  test("still renders every operation, and the prose around each payload", async () => {
    const { page } = observed;
    for (const operationId of operationIds) {
      await expect(page.getByRole("heading", { name: operation(operationId).summary! }).count()).resolves.toBeGreaterThan(0);
    }
    const text = await page.locator("#redoc").innerText();
    for (const where of ["info", "tag", "operation", "schema"]) {
      for (const id of Object.keys(PAYLOADS)) expect(text).toContain(`Marker ${where} ${id}.`);
    }
  });

  test("runs no payload: no global set, the title unchanged, nothing logged", async () => {
    const { page, console } = observed;
    expect(await ran(page)).toBeUndefined();
    expect(await page.title()).toBe(`${TITLE} ${bundled.info.version}`);
    expect(console.filter((line) => line.includes("XSS"))).toEqual([]);
  });

  test("leaves no handler, script, frame or object in the rendered reference (Redoc sanitized them)", async () => {
    expect(await scriptBearing(observed.page)).toEqual([]);
  });

  test("runs no javascript: link when it is clicked (the CSP refuses it)", async () => {
    const { page } = observed;
    const links = page.locator('a[href^="javascript:" i]');
    // Redoc renders the contact URL as a link as given; the sanitizer only sees Markdown.
    expect(await links.count()).toBeGreaterThan(0);
    for (const link of await links.all()) await link.dispatchEvent("click");
    await expect.poll(() => violations(page), { timeout: 5_000 }).toContain("script-src-elem");
    expect(await ran(page)).toBeUndefined();
  });

  test("refuses, by its CSP alone, a handler and a script that reach the DOM", async () => {
    const { page } = observed;
    const before = (await violations(page)).length;
    await page.evaluate((code) => {
      document.body.insertAdjacentHTML("beforeend", `<img src="data:," onerror="${code}">`);
      const script = document.createElement("script");
      script.textContent = code;
      document.body.append(script);
    }, run("injected"));
    await expect
      .poll(async () => (await violations(page)).slice(before), { timeout: 5_000 })
      .toEqual(expect.arrayContaining(["script-src-attr", "script-src-elem"]));
    expect(await ran(page)).toBeUndefined();
  });

  test("keeps the spec from restyling it: its <style> and style attributes are refused by the CSP", async () => {
    const { page } = observed;
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".api-content")!).visibility)).toBe("visible");
    const overlays = page.locator("#redoc div", { hasText: /^overlay$/ });
    expect(await overlays.count()).toBeGreaterThan(0);
    for (const overlay of await overlays.all())
      expect(await overlay.evaluate((element) => getComputedStyle(element).position)).not.toBe("fixed");
    expect(await violations(page)).toEqual(expect.arrayContaining(["style-src-elem", "style-src-attr"]));
  });

  test("makes no request beyond the file and Redoc's worker", () => {
    expect(requested.filter((url) => !/^(file|blob):/.test(url))).toEqual([]);
  });
});

describe("the API reference of the project's spec, under that policy", () => {
  test("renders with Redoc's styles, scrollbars and search, and no CSP violation at all", async () => {
    const { html } = await renderReference(bundled);
    await writeFile(join(dir, "project.html"), html);
    const context = await browser.newContext({ offline: true });
    try {
      const { page, console } = await open(context, pathToFileURL(join(dir, "project.html")).href);
      // The search index lives in Redoc's blob: worker: results prove the worker ran.
      await page.getByPlaceholder("Search...").fill("recipient");
      await page.locator('[data-role="search:results"] li').first().waitFor({ timeout: 5_000 });
      // styled-components' sheet (nonce from Redoc's option) and perfect-scrollbar's (from withStyleNonce) both apply.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector(".menu-content")!).position)).toBe("sticky");
      expect(await page.evaluate(() => getComputedStyle(document.querySelector(".ps")!).overflow)).toBe("hidden");
      expect(await violations(page)).toEqual([]);
      expect(console.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("the page's Content-Security-Policy", () => {
  const meta = () => reference.html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1] ?? "";

  test("allows scripts only by hash: no 'unsafe-inline', 'unsafe-eval', blob: or host", () => {
    const scriptSrc = meta()
      .split("; ")
      .find((directive) => directive.startsWith("script-src "))!;
    expect(scriptSrc.split(" ").slice(1)).toEqual([
      expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/),
      expect.stringMatching(/^'sha256-/),
    ]);
    expect(meta()).toMatch(/^default-src 'none'; /);
  });

  test("names each inline script of the page by the hash of its content", async () => {
    const { createHash } = await import("node:crypto");
    const scripts = [...reference.html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(scripts).toHaveLength(2);
    for (const code of scripts) {
      expect(meta()).toContain(`'sha256-${createHash("sha256").update(code).digest("base64")}'`);
    }
  });

  test("applies only styles that carry its nonce, new on every render: no 'unsafe-inline'", async () => {
    const nonce = meta().match(/style-src 'nonce-([A-Za-z0-9+/]{22}==)'(;|$)/)?.[1];
    expect(nonce).toBeDefined();
    expect(reference.html).toContain(`<style nonce="${nonce}">`);
    expect(reference.html).toContain(`"nonce":"${nonce}"`);
    const again = await renderReference(hostileSpec());
    expect(again.html).not.toContain(nonce);
  });

  test("is sent as a header too, the same directives plus frame-ancestors 'none'", () => {
    expect(reference.headers["Content-Security-Policy"]).toBe(`${meta()}; frame-ancestors 'none'`);
    expect(reference.headers["X-Content-Type-Options"]).toBe("nosniff");
  });
});

/** The policy a `/docs` answer declares in its <meta>, and the one its header sends. */
async function docsPolicies(url: string): Promise<{ header: string | null; meta: string | undefined; html: string }> {
  const response = await fetch(`${url}/docs`);
  expect(response.status).toBe(200);
  const html = await response.text();
  return {
    header: response.headers.get("content-security-policy"),
    meta: html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1],
    html,
  };
}

describe("pnpm mock's /docs, serving the hostile spec", () => {
  test("sends the page's policy as a header, and runs no payload in Chromium", async () => {
    const mock = await startPrismMock({ port: 0, spec: hostileSpec() });
    const context = await browser.newContext();
    try {
      const { header, meta } = await docsPolicies(mock.url);
      expect(meta).toMatch(/script-src 'sha256-/);
      expect(header).toBe(`${meta}; frame-ancestors 'none'`);
      await context.route("**/*", (route) =>
        route.request().url().startsWith(mock.url) || route.request().url().startsWith("blob:") ? route.continue() : route.abort(),
      );
      const { page, console } = await open(context, `${mock.url}/docs`);
      expect(await ran(page)).toBeUndefined();
      expect(await page.title()).toBe(`${TITLE} ${bundled.info.version}`);
      expect(console.filter((line) => line.includes("XSS"))).toEqual([]);
      expect(await scriptBearing(page)).toEqual([]);
    } finally {
      await context.close();
      await mock.close();
    }
  });
});

describe("pnpm mock:stateful's /docs", () => {
  const mock = scriptServer("scripts/mock-stateful.ts", /serving the stateful billing mock at (http:\/\/127\.0\.0\.1:\d+)\n/, {
    MOCK_PORT: "0",
  });

  test("sends the page's policy as a header, with frame-ancestors 'none'", async () => {
    const { header, meta, html } = await docsPolicies(mock.url);
    expect(html.includes('"untrustedSpec":true'), "Redoc is given untrustedSpec").toBe(true);
    expect(meta).toMatch(/script-src 'sha256-/);
    expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  });
});
