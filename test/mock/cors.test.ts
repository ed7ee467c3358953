/**
 * CORS on both mock servers: the Prism front (`pnpm mock`) and the stateful mock's Node host
 * (`pnpm mock:stateful`) answer browsers and other callers alike, as the README says.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Hono } from "hono";
import { startBillingMock } from "@hostup/billing-mock/node";
import { browserCors } from "@hostup/billing-mock/server";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { corsHeadersOf, expectCorsRules, preflight, preflightRequest } from "../support/cors.ts";
import { operationMetadata } from "@hostup/billing-openapi";
import { pathOf } from "../support/examples.ts";
import { operation, operationIds } from "../support/spec.ts";

const ORIGIN = "http://localhost:5173";
const CONTACTS = pathOf("addInvoiceCcRecipient");

describe("CORS on both mock servers", () => {
  const servers: { close(): Promise<void>; url: string }[] = [];
  beforeAll(async () => {
    servers.push(await startPrismMock({ port: 0 }), await startBillingMock({ port: 0 }));
  });
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  test("the Prism front reflects an Origin with credentials, never `*`, and sends no CORS header without one", async () => {
    await expectCorsRules(`${servers[0]!.url}${CONTACTS}`, ORIGIN);
  });

  test("the stateful mock reflects an Origin with credentials, never `*`, and sends no CORS header without one", async () => {
    await expectCorsRules(`${servers[1]!.url}${CONTACTS}`, ORIGIN);
  });

  test("a preflight for a method the spec lacks is answered, so the page reads the stateful mock's 405 Problem", async () => {
    const url = `${servers[1]!.url}${CONTACTS}`;
    const allowed = await preflight(url, ORIGIN, "PATCH", "content-type");
    expect(allowed.headers.get("access-control-allow-methods")).toBe("PATCH");
    const answer = await fetch(url, { method: "PATCH", headers: { Origin: ORIGIN, "Content-Type": "application/json" }, body: "{}" });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await answer.json()).toMatchObject({ status: 405 });
  });

  test("both answer preflights and simple requests with the same CORS headers", async () => {
    const [prism, stateful] = await Promise.all(servers.map((server) => expectCorsRules(`${server.url}${CONTACTS}`, ORIGIN)));
    expect(stateful).toEqual(prism);
  });
});

describe("browserCors, the Prism front's middleware, for callers without Origin", () => {
  const front = () => new Hono().use(browserCors).post("*", (c) => c.json({ reached: true }));

  test("a request without Origin reaches the route, with no CORS header", async () => {
    const answer = await front().fetch(new Request(`http://mock${CONTACTS}`, { method: "POST" }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ reached: true });
    expect(corsHeadersOf(answer)).toEqual({});
  });

  test("an OPTIONS without Origin, not being a preflight, gets an empty 204", async () => {
    const answer = await front().fetch(new Request(`http://mock${CONTACTS}`, { method: "OPTIONS" }));
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe("");
    expect(corsHeadersOf(answer)).toEqual({});
  });
});

describe("browserCors for a browser's cross-origin calls", () => {
  const front = () => new Hono().use(browserCors).all("*", (c) => c.body(null, 204));

  test("a preflight allows every method the spec's operations use", async () => {
    for (const method of new Set(Object.values(operationMetadata).map((meta) => meta.method.toUpperCase()))) {
      const answer = await front().fetch(preflightRequest(`http://mock${CONTACTS}`, ORIGIN, method, "authorization"));
      expect(answer.headers.get("access-control-allow-methods")?.split(","), method).toContain(method);
    }
  });

  test("an OPTIONS from a page that asks for no method is no preflight, and is allowed none", async () => {
    const answer = await front().fetch(new Request(`http://mock${CONTACTS}`, { method: "OPTIONS", headers: { Origin: ORIGIN } }));
    expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(answer.headers.has("access-control-allow-methods")).toBe(false);
  });

  test("an answer lets the page read every response header the spec documents", async () => {
    const answer = await front().fetch(new Request(`http://mock${CONTACTS}`, { method: "POST", headers: { Origin: ORIGIN } }));
    const documented = operationIds.flatMap((id) => Object.values(operation(id).responses).flatMap((r) => Object.keys(r.headers ?? {})));
    expect(documented.length).toBeGreaterThan(0);
    expect(answer.headers.get("access-control-expose-headers")?.split(",")).toEqual(expect.arrayContaining(documented));
  });

  test("an answer lets the page read the rate-limit headers, X-Request-Id, X-Mock-Source and Prism's sl-violations", async () => {
    const answer = await front().fetch(new Request(`http://mock${CONTACTS}`, { method: "POST", headers: { Origin: ORIGIN } }));
    expect(answer.headers.get("access-control-expose-headers")?.split(",")).toEqual(
      expect.arrayContaining([
        "Retry-After",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
        "X-Request-Id",
        "X-Mock-Source",
        "sl-violations",
      ]),
    );
  });
});
