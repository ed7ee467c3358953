/**
 * CORS on both mock servers: the Prism front (`pnpm mock`) and the stateful mock's Node host
 * (`pnpm mock:stateful`) answer browsers and other callers alike, as the README says.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Hono } from "hono";
import { startBillingMock } from "@hostup/billing-mock/node";
import { browserCors } from "@hostup/billing-mock/server";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { corsHeadersOf, expectCorsRules } from "../support/cors.ts";
import { pathOf } from "../support/examples.ts";

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
