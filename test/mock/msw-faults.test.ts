/**
 * Faults through MSW (msw/node setupServer), in a file of their own: the Node host started
 * elsewhere replaces the global Response, and MSW then no longer recognises HttpResponse.error().
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setupServer } from "msw/node";
import { createBillingMock } from "@hostup/billing-mock";
import { billingHandlers } from "@hostup/billing-mock/msw";
import { serverUrl } from "@hostup/billing-openapi";
import { pathOf } from "../support/examples.ts";

const CONTACTS = pathOf("addInvoiceCcRecipient");
const AUTH = { Authorization: "Bearer test-token" };
const add = (email: string, prefer: string): RequestInit => ({
  method: "POST",
  headers: { ...AUTH, "Content-Type": "application/json", Prefer: prefer },
  body: JSON.stringify({ email }),
});

describe("faults through MSW", () => {
  const mock = createBillingMock({ rateLimit: false });
  const msw = setupServer(...billingHandlers(mock));
  beforeAll(() => msw.listen({ onUnhandledFrame: "error" }));
  afterAll(() => msw.close());

  test("drop-after-commit applies the change, then answers HttpResponse.error(): fetch rejects", async () => {
    const error = await fetch(`${serverUrl}${CONTACTS}`, add("msw@example.com", "fault=drop-after-commit")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(mock.state.recipients.map((r) => r.email)).toContain("msw@example.com");
    expect(mock.requests.list().at(-1)).toMatchObject({ status: null, fault: "drop-after-commit" });
  });

  test("malformed passes through as an unparseable 2xx", async () => {
    const answer = await fetch(`${serverUrl}${CONTACTS}`, { headers: { ...AUTH, Prefer: "fault=malformed" } });
    expect(answer.status).toBe(200);
    await expect(answer.json()).rejects.toThrow(SyntaxError);
  });
});
