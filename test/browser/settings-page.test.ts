/**
 * The invoice CC recipients settings page (examples/cc-recipients-page), built by esbuild and
 * driven in headless Chromium three ways: against the stateful mock's Node host and against
 * Prism, each on another origin than the page, and with no server at all through MSW's service
 * worker in the page. Each run asserts what the page shows and saves a screenshot; the loading
 * and error states come from the scenario vocabulary (`Prefer: delay=…`, `Prefer: code=500`),
 * and the stateful host is reset through its control API between runs.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createBillingMock, defaultFixtures } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { buildPage } from "../../examples/cc-recipients-page/build.ts";
import { startPrismMock, type PrismMock } from "../../pipeline/prism-front.ts";
import { launchChromium, screenshotsDir, servePage } from "../support/browser.ts";
import { invoiceId, responseExample, urlOf } from "../support/examples.ts";
import type { Listening } from "@hostup/billing-mock/node";

const DELAY_MS = 1500;
const fixtureEmails = defaultFixtures.recipients.map((r) => r.email);

let browser: Browser;
let site: Listening;
const pages: Page[] = [];
/** Uncaught errors and unhandled rejections of each page opened, by page. */
const pageErrors = new Map<Page, string[]>();

beforeAll(async () => {
  const files = await buildPage();
  [browser, site] = await Promise.all([launchChromium(), servePage(files)]);
});
afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.context().close()));
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens the page in a fresh context (its own service worker registrations) with these query parameters. */
async function open(params: Record<string, string | string[] | true>): Promise<Page> {
  const url = new URL(site.url);
  for (const [name, value] of Object.entries(params)) {
    for (const v of [value].flat()) url.searchParams.append(name, v === true ? "" : v);
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  pages.push(page);
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url.href);
  return page;
}

/** The addresses the page lists, once it lists any (an empty list shows a sentence instead). */
async function listed(page: Page): Promise<string[]> {
  await page.getByRole("list", { name: "CC recipients" }).or(page.getByText("No CC recipients yet.")).waitFor();
  return page.getByRole("list", { name: "CC recipients" }).locator(".email").allTextContents();
}

async function addRecipient(page: Page, email: string, description = ""): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Description", { exact: true }).fill(description);
  await page.getByRole("button", { name: "Add", exact: true }).click();
}

/** The field error under the email input, which the input names as its description. */
async function emailFieldError(page: Page): Promise<string> {
  const input = page.getByLabel("Email", { exact: true });
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  const id = await input.getAttribute("aria-describedby");
  return page.locator(`#${id}`).innerText();
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotsDir, `settings-page-${name}.png`), fullPage: true });
}

/** Opens the page with the list delayed, and returns what showed while waiting and how long the list took. */
async function loadingState(params: Record<string, string | string[] | true>, name: string) {
  const page = await open({ ...params, prefer: `listInvoiceCcRecipients:delay=${DELAY_MS}` });
  const status = page.getByRole("status").filter({ hasText: "Loading recipients" });
  await status.waitFor({ timeout: 5_000 });
  // Timed from the loading state on, not from the page load: Prism or a cold page alone can take a second.
  const started = Date.now();
  await screenshot(page, `${name}-loading`);
  const emails = await listed(page);
  return { emails, elapsed: Date.now() - started, stillLoading: await status.isVisible() };
}

/** Opens the page with the list forced to fail with 500, and returns the alert it shows. */
async function errorState(params: Record<string, string | string[] | true>, name: string): Promise<string> {
  const page = await open({ ...params, prefer: "listInvoiceCcRecipients:code=500" });
  const alert = page.getByRole("alert").filter({ hasText: "Could not load the recipients" });
  await alert.waitFor({ timeout: 10_000 });
  await screenshot(page, `${name}-error`);
  return alert.innerText();
}

/** Adds `email` through `fetch` as test-token, and returns the answer's JSON body. */
async function addThrough(fetch: (request: Request) => Response | Promise<Response>, email: string): Promise<any> {
  const request = new Request(urlOf("addInvoiceCcRecipient"), {
    method: "POST",
    headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  return (await fetch(request)).json();
}

/** What the stateful mock says about a duplicate address, asked in-process: the page must show this very text. */
async function duplicateDetail(): Promise<string> {
  const mock = createBillingMock();
  await addThrough(mock.fetch, "ap@example.com");
  const problem = (await addThrough(mock.fetch, "AP@example.com")) as { errors: { pointer: string; detail: string }[] };
  return problem.errors.find((e) => e.pointer === "/email")!.detail;
}

const internalError = responseExample("listInvoiceCcRecipients", 500);

describe("against the stateful mock's Node host on another origin", () => {
  let mock: RunningBillingMock;
  const control = (method: string, path: string, body?: object) =>
    fetch(`${mock.url}/__mock/${path}`, {
      method,
      // Even without a body: the control API changes state only for a JSON request.
      headers: { "Content-Type": "application/json" },
      body: body && JSON.stringify(body),
    });

  beforeAll(async () => {
    mock = await startBillingMock({ port: 0 });
    expect(new URL(mock.url).origin).not.toBe(new URL(site.url).origin);
  });
  afterAll(() => mock?.close());

  test("lists, adds, shows a duplicate under the input, removes, and resends", async () => {
    const page = await open({ api: mock.url, invoice: invoiceId });
    expect(await listed(page)).toEqual(fixtureEmails);

    await addRecipient(page, "AP@Example.com", "Accounts payable");
    await expect.poll(() => listed(page)).toEqual([...fixtureEmails, "ap@example.com"]);
    expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe("");

    await addRecipient(page, "ap@EXAMPLE.com");
    expect(await emailFieldError(page)).toBe(await duplicateDetail());
    await screenshot(page, "stateful");

    await page.getByRole("button", { name: "Remove ap@example.com" }).click();
    await expect.poll(() => listed(page)).toEqual(fixtureEmails);
    expect(mock.state.recipients.map((r) => r.email)).toEqual(fixtureEmails);

    await page.getByRole("button", { name: "Resend invoice email" }).click();
    const queued = page.getByRole("status").filter({ hasText: "Queued for" });
    await queued.waitFor();
    const sent = mock.state.outbox.at(-1)!;
    expect(await queued.innerText()).toBe(`Queued for ${sent.to} at ${sent.queuedAt}`);
    // The removed address gets no copy of the later resend.
    expect(sent.cc).toEqual(fixtureEmails);
  });

  test("POST /__mock/reset puts the fixtures back between runs", async () => {
    const origin = new URL(urlOf("addInvoiceCcRecipient")).origin;
    await addThrough((request) => fetch(request.url.replace(origin, mock.url), request), "left@example.com");
    expect(mock.state.recipients.map((r) => r.email)).toContain("left@example.com");
    const reset = await control("POST", "reset");
    expect(reset.ok).toBe(true);
    const page = await open({ api: mock.url });
    expect(await listed(page)).toEqual(fixtureEmails);
  });

  test("Prefer: delay keeps the page in its loading state, then it lists", async () => {
    expect((await control("POST", "reset")).ok).toBe(true);
    const { emails, elapsed, stillLoading } = await loadingState({ api: mock.url }, "stateful");
    expect(emails).toEqual(fixtureEmails);
    expect(stillLoading).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(DELAY_MS - 500);
  });

  test("Prefer: code=500 shows the error state with the API's words", async () => {
    expect((await control("POST", "reset")).ok).toBe(true);
    expect(await errorState({ api: mock.url }, "stateful")).toContain("(HTTP 500 internal_error)");
  });

  test("a scenario set through POST /__mock/scenarios fails the list once; Try again lists", async () => {
    expect((await control("POST", "reset")).ok).toBe(true);
    const set = await control("POST", "scenarios", { operationId: "listInvoiceCcRecipients", code: 500, times: 1 });
    expect(set.ok).toBe(true);
    const page = await open({ api: mock.url });
    const alert = page.getByRole("alert").filter({ hasText: "Could not load the recipients" });
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.innerText()).toContain("(HTTP 500 internal_error)");
    await page.getByRole("button", { name: "Try again" }).click();
    expect(await listed(page)).toEqual(fixtureEmails);
    expect((await control("DELETE", "scenarios")).ok).toBe(true);
  });
});

describe("against Prism on another origin: the spec's examples", () => {
  let prism: PrismMock;
  const requests: string[] = [];
  const listExample = (responseExample("listInvoiceCcRecipients") as { contacts: { email: string }[] }).contacts.map((c) => c.email);

  beforeAll(async () => {
    prism = await startPrismMock({ port: 0, errors: true, log: (line) => requests.push(line) });
    expect(new URL(prism.url).origin).not.toBe(new URL(site.url).origin);
  });
  afterAll(() => prism?.close());

  test("lists the list example, adds (created example), shows duplicateEmail under the input, removes, resends", async () => {
    const page = await open({ api: prism.url, invoice: invoiceId });
    expect(await listed(page)).toEqual(listExample);

    await addRecipient(page, "ap@example.com", "Accounts payable");
    // Prism answers the created example and keeps nothing: success clears the form, the list stays the example.
    await expect.poll(() => page.getByLabel("Email", { exact: true }).inputValue()).toBe("");
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(requests.some((line) => /^POST \S+contacts → 201 /.test(line))).toBe(true);

    await page.evaluate(() => (window.billingPrefer.addInvoiceCcRecipient = "code=400, example=duplicateEmail"));
    await addRecipient(page, "ap@example.com");
    const duplicate = responseExample("addInvoiceCcRecipient", 400, "duplicateEmail") as { errors: { pointer: string; detail: string }[] };
    expect(await emailFieldError(page)).toBe(duplicate.errors.find((e) => e.pointer === "/email")!.detail);
    await screenshot(page, "prism");
    await page.evaluate(() => delete window.billingPrefer.addInvoiceCcRecipient);

    await page.getByRole("button", { name: `Remove ${listExample[0]}` }).click();
    await expect.poll(() => requests.some((line) => /^DELETE \S+contacts → 200 /.test(line))).toBe(true);
    expect(await page.getByRole("alert").count()).toBe(0);

    await page.getByRole("button", { name: "Resend invoice email" }).click();
    const queued = responseExample("resendInvoiceEmail") as { email: string; queuedAt: string };
    const status = page.getByRole("status").filter({ hasText: "Queued for" });
    await status.waitFor();
    expect(await status.innerText()).toBe(`Queued for ${queued.email} at ${queued.queuedAt}`);
  });

  test("Prefer: delay keeps the page in its loading state, then it lists", async () => {
    const { emails, elapsed, stillLoading } = await loadingState({ api: prism.url }, "prism");
    expect(emails).toEqual(listExample);
    expect(stillLoading).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(DELAY_MS - 500);
  });

  test("Prefer: code=500 shows the error state with the internalError example's words", async () => {
    const text = await errorState({ api: prism.url }, "prism");
    expect(text).toContain(`${internalError.detail as string} (HTTP 500 internal_error)`);
  });
});

describe("with no server: MSW's service worker in the page", () => {
  test("lists, adds, shows a duplicate under the input, removes, and resends", async () => {
    const page = await open({ msw: true, invoice: invoiceId });
    expect(await listed(page)).toEqual(fixtureEmails);
    // The API origin is the spec's server, which this machine cannot reach: the worker answered.
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
    expect(worker).toBe(`${site.url}/mockServiceWorker.js`);

    await addRecipient(page, "AP@Example.com", "Accounts payable");
    await expect.poll(() => listed(page)).toEqual([...fixtureEmails, "ap@example.com"]);

    await addRecipient(page, "ap@EXAMPLE.com");
    expect(await emailFieldError(page)).toBe(await duplicateDetail());
    await screenshot(page, "msw");

    await page.getByRole("button", { name: "Remove ap@example.com" }).click();
    await expect.poll(() => listed(page)).toEqual(fixtureEmails);

    await page.getByRole("button", { name: "Resend invoice email" }).click();
    await page.getByRole("status").filter({ hasText: "Queued for" }).waitFor();
    const outbox = await page.evaluate(() => window.billingMock!.state.outbox.map((m) => ({ to: m.to, cc: m.cc })));
    expect(outbox).toEqual([{ to: expect.stringContaining("@"), cc: fixtureEmails }]);
    expect(await page.getByRole("status").filter({ hasText: "Queued for" }).innerText()).toContain(`Queued for ${outbox[0]!.to} at `);
    // The mock and its validators run in the page without a Node global (openapi-backend once reached for Buffer).
    expect(pageErrors.get(page)).toEqual([]);
  });

  test("Prefer: delay keeps the page in its loading state, then it lists", async () => {
    const { emails, elapsed, stillLoading } = await loadingState({ msw: true }, "msw");
    expect(emails).toEqual(fixtureEmails);
    expect(stillLoading).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(DELAY_MS - 500);
  });

  test("Prefer: code=500 shows the error state", async () => {
    expect(await errorState({ msw: true }, "msw")).toContain("(HTTP 500 internal_error)");
  });
});
