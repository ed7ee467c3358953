/**
 * The control API against a real browser: headless Chromium, told that `evil.example` and
 * `rebind.example` are 127.0.0.1 (as a DNS-rebinding attacker's name would be, and so as a
 * page there reaches the mock without any other network). A page on a site that is not
 * loopback can neither read `/__mock/state` nor reset the mock, by fetch or by a form post;
 * a page whose name was rebound to the mock's address reads only 403s; a page on a loopback
 * origin can (the same browser, so the refusals are the mock's, not the setup's).
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { operationMetadata } from "@hostup/billing-openapi";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import type { Listening } from "@hostup/billing-mock/server";
import { findBrowser, servePage } from "../support/browser.ts";

const SOME_OPERATION = Object.keys(operationMetadata)[0] as keyof typeof operationMetadata;

let browser: Browser;
let mock: RunningBillingMock;
let site: Listening;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: findBrowser(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--host-resolver-rules=MAP evil.example 127.0.0.1, MAP rebind.example 127.0.0.1",
    ],
  });
  mock = await startBillingMock({ rateLimit: false });
  site = await servePage({ "/": ["text/html; charset=utf-8", "<!doctype html><title>a site</title><p>a site</p>"] });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.close();
});
beforeEach(() => {
  mock.reset();
  mock.scenarios.next(SOME_OPERATION, { delay: 1 } as never);
});

/** Scenarios queued, asked from Node: a reset that went through empties them. */
async function queued(): Promise<number> {
  const state = (await (await fetch(`${mock.url}/__mock/state`)).json()) as { scenarios: Record<string, unknown[]> };
  return Object.values(state.scenarios).flat().length;
}

async function pageAt(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

/** What a page gets from fetch: its status and body, or the network error a refused CORS check gives. */
function attempt(page: Page, url: string, init: { method?: string; headers?: Record<string, string>; body?: string; mode?: string }) {
  return page.evaluate(
    async ([url, init]) => {
      try {
        const response = await fetch(url, init as RequestInit);
        return { status: response.status, type: response.type, body: response.type === "opaque" ? "" : await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    [url, init] as const,
  );
}

/** Posts a `<form>` (no preflight, no CORS) into a hidden frame and waits until the frame has loaded the answer. */
function postForm(page: Page, action: string, enctype: string) {
  return page.evaluate(
    ([action, enctype]) =>
      new Promise<void>((done) => {
        const frame = document.createElement("iframe");
        frame.name = `sink${document.querySelectorAll("iframe").length}`;
        document.body.append(frame);
        const form = document.createElement("form");
        Object.assign(form, { method: "POST", action, enctype, target: frame.name });
        const field = document.createElement("input");
        Object.assign(field, { name: "a", value: "1" });
        form.append(field);
        document.body.append(form);
        frame.addEventListener("load", () => done(), { once: true });
        form.submit();
      }),
    [action, enctype] as const,
  );
}

describe("a page on a site that is not loopback", () => {
  test("cannot read /__mock/state, nor reset by fetch (JSON or text/plain) or form post", async () => {
    const page = await pageAt(`http://evil.example:${new URL(site.url).port}/`);
    try {
      expect(await attempt(page, `${mock.url}/__mock/state`, {})).toMatchObject({ error: expect.stringContaining("Failed to fetch") });
      const json = await attempt(page, `${mock.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } });
      expect(json).toMatchObject({ error: expect.stringContaining("Failed to fetch") });
      const plain = await attempt(page, `${mock.url}/__mock/reset`, {
        method: "POST",
        mode: "no-cors",
        headers: { "Content-Type": "text/plain" },
        body: "{}",
      });
      expect(plain).toMatchObject({ type: "opaque" });
      await postForm(page, `${mock.url}/__mock/reset`, "application/x-www-form-urlencoded");
      await postForm(page, `${mock.url}/__mock/reset`, "text/plain");
      expect(await queued()).toBe(1);
    } finally {
      await page.close();
    }
  });
});

describe("a page whose name was rebound to the mock's address (DNS rebinding)", () => {
  test("is same-origin with the mock, and reads only 403s from /__mock/", async () => {
    const page = await browser.newPage();
    try {
      const landing = await page.goto(`http://rebind.example:${new URL(mock.url).port}/__mock/state`);
      expect(landing?.status()).toBe(403);
      const state = await attempt(page, "/__mock/state", {});
      expect(state).toMatchObject({ status: 403 });
      expect(state.body).not.toContain("scenarios");
      const reset = await attempt(page, "/__mock/reset", { method: "POST", headers: { "Content-Type": "application/json" } });
      expect(reset).toMatchObject({ status: 403 });
      expect(await queued()).toBe(1);
    } finally {
      await page.close();
    }
  });
});

describe("a page on a loopback origin (another port)", () => {
  test("reads the state and resets with JSON, as a browser test runner does; a form post still changes nothing", async () => {
    const page = await pageAt(site.url);
    try {
      await postForm(page, `${mock.url}/__mock/reset`, "application/x-www-form-urlencoded");
      expect(await queued()).toBe(1);
      const state = await attempt(page, `${mock.url}/__mock/state`, {});
      expect(state).toMatchObject({ status: 200 });
      expect(JSON.parse(state.body!).scenarios).toBeDefined();
      const reset = await attempt(page, `${mock.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } });
      expect(reset).toMatchObject({ status: 204 });
      expect(await queued()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
