/**
 * The client with a fetch whose Response is not the platform's: @hono/node-server replaces
 * the global Response with a class of its own once it is loaded (as `startBillingMock` does),
 * and its `text` cannot be assigned. A test or app that runs both must still get answers.
 */
import { expect, test } from "vitest";
import { createBillingClient } from "@hostup/billing-client";
import { createBillingMock } from "@hostup/billing-mock";
import { startBillingMock } from "@hostup/billing-mock/node";
import { invoiceId } from "../support/examples.ts";

test("reads answers of a fetch whose Response has a read-only text()", async () => {
  const server = await startBillingMock({ rateLimit: false });
  try {
    const mock = createBillingMock({ rateLimit: false });
    const answer = await mock.fetch(new Request("https://cloud.hostup.se/"));
    // The condition this test is about: without it, it would prove nothing.
    expect(() => Object.assign(answer, { text: () => Promise.resolve("") })).toThrow(TypeError);
    const billing = createBillingClient({ token: "test-token", fetch: mock.fetch });
    await expect(billing.resendInvoiceEmail(invoiceId)).resolves.toMatchObject({ queuedAt: expect.any(String) });
    await expect(billing.listInvoiceCcRecipients()).resolves.toMatchObject({ contacts: expect.any(Array) });
  } finally {
    await server.close();
  }
});
