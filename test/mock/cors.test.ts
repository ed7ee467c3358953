/**
 * CORS on both mock servers: the Prism front (`pnpm mock`) and the stateful mock's Node host
 * (`pnpm mock:stateful`) answer browsers and other callers alike, as the README says.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startBillingMock } from "@hostup/billing-mock/node";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { expectCorsRules } from "../support/cors.ts";
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
