/**
 * What a frontend team does: a page on one origin imports the client (bundled by esbuild)
 * and calls the mock on another origin with a bearer token, in headless Chromium.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Listening } from "@hostup/billing-mock/node";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { startBillingMock } from "@hostup/billing-mock/node";
import { errorCatalog } from "@hostup/billing-openapi";
import { bundleClientForBrowser, launchChromium, screenshotsDir, servePage } from "../support/browser.ts";
import { invoiceId, pathOf } from "../support/examples.ts";

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Billing mock from the browser</title>
<style>body { font: 14px system-ui; margin: 24px } pre { background: #f4f4f4; padding: 12px }</style></head>
<body><h1>Billing mock from the browser</h1><p id="origin"></p><pre id="log">running…</pre>
<script type="module">
  import { createBillingClient, ProblemError } from "/billing-client.js";
  document.getElementById("origin").textContent = "page origin " + location.origin;
  // "examples" selects errors with Prism's Prefer header; "behaviour" provokes them from a stateful mock.
  const invoiceId = ${JSON.stringify(invoiceId)};
  window.scenario = async (baseUrl, kind) => {
    const billing = createBillingClient({ baseUrl, token: "test-token" });
    const withPrefer = (prefer) => createBillingClient({
      baseUrl, token: "test-token",
      fetch: (input, init) => { const request = new Request(input, init); request.headers.set("Prefer", prefer); return fetch(request); },
    });
    const email = kind === "examples" ? "ap@example.com" : "ap+" + crypto.randomUUID().slice(0, 8) + "@example.com";
    const results = {};
    results.resend = await billing.resendInvoiceEmail(invoiceId);
    results.add = await billing.addInvoiceCcRecipient({ email, description: "Accounts payable" });
    try {
      if (kind === "examples") await withPrefer("code=400, example=duplicateEmail").addInvoiceCcRecipient({ email });
      else await billing.addInvoiceCcRecipient({ email: email.toUpperCase() });
      results.problem = "no error";
    } catch (error) {
      results.problem = { isProblemError: error instanceof ProblemError, status: error.status, code: error.code, errors: error.errors };
    }
    try {
      if (kind === "examples") await withPrefer("code=429").resendInvoiceEmail(invoiceId, { retry: false });
      else {
        const limited = createBillingClient({ baseUrl, token: "rate-limited-token", retry: false });
        for (let i = 0; i < 3; i++) await limited.resendInvoiceEmail(invoiceId);
      }
      results.rateLimited = "no error";
    } catch (error) {
      results.rateLimited = { isProblemError: error instanceof ProblemError, status: error.status, retryAfter: error.headers.get("retry-after") };
    }
    document.getElementById("log").textContent = "calls to " + baseUrl + "\\n\\n" + JSON.stringify(results, null, 2);
    return results;
  };
</script></body></html>`;

let browser: Browser;
let page: Page;
let origin: Listening;
const targets: { name: string; kind: "examples" | "behaviour"; start: () => Promise<Listening & { requests: string[] }> }[] = [
  {
    name: "prism",
    kind: "examples",
    start: async () => {
      const requests: string[] = [];
      const mock = await startPrismMock({ port: 0, errors: true, log: (line) => requests.push(line) });
      return Object.assign(mock, { requests });
    },
  },
  {
    name: "stateful",
    kind: "behaviour",
    start: async () => {
      const requests: string[] = [];
      const mock = await startBillingMock({ port: 0, log: (line) => requests.push(line) });
      return Object.assign(mock, { requests });
    },
  },
];

beforeAll(async () => {
  browser = await launchChromium();
  origin = await servePage({
    "/": ["text/html", PAGE],
    "/billing-client.js": ["text/javascript", await bundleClientForBrowser()],
  });
  page = await browser.newPage();
  await page.goto(origin.url);
});

afterAll(async () => {
  await browser?.close();
  await origin?.close();
});

for (const target of targets) {
  describe(`the client in Chromium against the ${target.name} mock on another origin`, () => {
    let mock: Awaited<ReturnType<typeof target.start>>;
    let results: Record<string, any>;

    beforeAll(async () => {
      mock = await target.start();
      expect(new URL(mock.url).origin).not.toBe(new URL(origin.url).origin);
      results = await page.evaluate(([baseUrl, kind]) => (window as any).scenario(baseUrl, kind), [mock.url, target.kind] as const);
      await page.screenshot({ path: join(screenshotsDir, `browser-${target.name}.png`), fullPage: true });
    });
    afterAll(() => mock?.close());

    test("a resend and an add succeed, typed as the spec says", () => {
      expect(results.resend).toEqual({ queuedAt: expect.any(String), email: expect.stringContaining("@") });
      expect(results.add).toEqual({
        id: expect.stringMatching(/^\d+$/),
        email: expect.stringMatching(/^ap(\+\w+)?@example\.com$/),
        description: "Accounts payable",
      });
    });

    test("the CORS preflight asking for Authorization passes", () => {
      const contacts = pathOf("addInvoiceCcRecipient");
      expect(mock.requests.some((line) => line.startsWith(`OPTIONS ${contacts} → 204 `))).toBe(true);
      expect(mock.requests.some((line) => line.startsWith(`POST ${contacts} → 201 `))).toBe(true);
    });

    test(`a ${target.kind === "examples" ? "selected error example" : "duplicate address"} surfaces as a ProblemError in the page`, () => {
      expect(results.problem).toEqual({
        isProblemError: true,
        status: 400,
        code: errorCatalog[400].code,
        errors: [expect.objectContaining({ pointer: "/email", code: "duplicate" })],
      });
    });

    test("the page can read Retry-After on a 429", () => {
      expect(results.rateLimited).toEqual({ isProblemError: true, status: 429, retryAfter: expect.stringMatching(/^[1-9]\d*$/) });
    });
  });
}
