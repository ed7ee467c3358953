/**
 * JSON from the network never reaches Object.prototype: not through the client reading an
 * answer (success or Problem), nor through the stateful mock reading a request body, a
 * scenario or a custom answer. `__proto__` in JSON is an own key for JSON.parse, and every
 * place that copies members must keep it that way.
 */
import { afterEach, describe, expect, test } from "vitest";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { createBillingMock } from "@hostup/billing-mock";
import { invoiceId, pathOf } from "../support/examples.ts";

const HOSTILE = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';

afterEach(() => {
  // Clean up, should a test fail, so one failure does not spread to the others.
  delete (Object.prototype as Record<string, unknown>).polluted;
});

const polluted = () => (({}) as Record<string, unknown>).polluted;

describe("the client", () => {
  test("reading a success body with __proto__ and constructor.prototype members", async () => {
    const body = `${HOSTILE},"id":"42","email":"ap@example.com","description":null}`;
    const billing = createBillingClient({
      fetch: async () => new Response(body, { status: 201, headers: { "Content-Type": "application/json" } }),
    });
    const recipient = await billing.addInvoiceCcRecipient({ email: "ap@example.com" });
    expect(recipient.id).toBe("42");
    expect(polluted()).toBeUndefined();
  });

  test("reading a Problem with them, at the top and in a field error", async () => {
    const body = `${HOSTILE},"status":400,"code":"invalid_request","errors":[${HOSTILE},"pointer":"/email"}]}`;
    const billing = createBillingClient({
      fetch: async () => new Response(body, { status: 400, headers: { "Content-Type": "application/problem+json" } }),
    });
    const error = await billing.resendInvoiceEmail(invoiceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).code).toBe("invalid_request");
    expect(polluted()).toBeUndefined();
  });
});

describe("the stateful mock, in process", () => {
  test("a request body, a queued scenario and a custom answer with them", async () => {
    const mock = createBillingMock();
    const headers = { Authorization: "Bearer test-token", "Content-Type": "application/json" };
    const add = await mock.fetch(`https://cloud.hostup.se${pathOf("addInvoiceCcRecipient")}`, {
      method: "POST",
      headers,
      body: `${HOSTILE},"email":"ap@example.com"}`,
    });
    expect([201, 400]).toContain(add.status);
    expect(() =>
      mock.scenarios.next("listInvoiceCcRecipients", JSON.parse(`${HOSTILE},"code":200,"body":{"contacts":[]}}`) as never),
    ).not.toThrow(TypeError);
    const list = await mock.fetch(`https://cloud.hostup.se${pathOf("listInvoiceCcRecipients")}`, { headers });
    expect(list.status).toBe(200);
    expect(polluted()).toBeUndefined();
  });
});
