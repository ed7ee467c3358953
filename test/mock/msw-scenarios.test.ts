/** The scenario vocabulary through MSW (msw/node setupServer): Prefer words and queued scenarios. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setupServer } from "msw/node";
import { createBillingMock } from "@hostup/billing-mock";
import { billingHandlers } from "@hostup/billing-mock/msw";
import { serverUrl } from "@hostup/billing-openapi";
import { pathOf, requestBodyExample, responseExample } from "../support/examples.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");
const AUTH = { Authorization: "Bearer test-token" };

describe("Prefer through MSW", () => {
  const mock = createBillingMock({ rateLimit: false });
  const server = setupServer(...billingHandlers(mock));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  test("code=500 answers the spec's 500 example", async () => {
    const answer = await fetch(`${serverUrl}${RESEND}`, { method: "POST", headers: { ...AUTH, Prefer: "code=500" } });
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual(responseExample("resendInvoiceEmail", 500));
  });

  test("fault=reset is MSW's network error: fetch rejects", async () => {
    const error = await fetch(`${serverUrl}${RESEND}`, { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(mock.state.outbox).toEqual([]);
  });

  test("a queued scenario plays through MSW too", async () => {
    mock.scenarios.next("addInvoiceCcRecipient", { code: 400, example: "duplicateEmail" });
    const init = {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: JSON.stringify(requestBodyExample("addInvoiceCcRecipient")),
    };
    const answer = await fetch(`${serverUrl}${CONTACTS}`, init);
    expect(await answer.json()).toEqual(responseExample("addInvoiceCcRecipient", 400, "duplicateEmail"));
    expect((await fetch(`${serverUrl}${CONTACTS}`, init)).status).toBe(201);
  });
});
