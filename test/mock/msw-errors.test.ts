/**
 * What billingHandlers makes of a mock whose fetch rejects: a dropped connection (the reset
 * Node's fetch rejects with) is MSW's network error, never passed on to the app's other
 * handlers; any other error stays an error of the handler, as MSW reports those.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { createBillingMock, type BillingMock } from "@hostup/billing-mock";
import { billingHandlers } from "@hostup/billing-mock/msw";
import { serverUrl } from "@hostup/billing-openapi";
import { pathOf } from "../support/examples.ts";

const RESEND = `${serverUrl}${pathOf("resendInvoiceEmail")}`;
const AUTH = { Authorization: "Bearer test-token" };

/** A mock whose every call fails with `error`. */
const failingWith = (error: unknown): BillingMock => ({ ...createBillingMock(), fetch: () => Promise.reject(error) });

describe("billingHandlers when the mock's fetch rejects", () => {
  // The app's own catch-all after the billing handlers: a request they let through lands here.
  const fallThrough = http.all("*", () => HttpResponse.json({ fellThrough: true }));
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => {
    server.resetHandlers();
    vi.restoreAllMocks();
  });
  afterAll(() => server.close());

  test("a dropped connection (fault=reset) is a network error, not passed to the app's other handlers", async () => {
    const mock = createBillingMock({ rateLimit: false });
    server.resetHandlers(...billingHandlers(mock), fallThrough);
    const error = await fetch(RESEND, { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(mock.state.outbox).toEqual([]);
  });

  test.each([
    ["an Error", new Error("the mock broke")],
    ["a TypeError without a cause", new TypeError("the mock broke")],
    ["a TypeError caused by something else than a reset", new TypeError("the mock broke", { cause: { code: "EPIPE" } })],
  ])("%s is the handler's error: MSW answers its 500 naming it", async (_, error) => {
    server.resetHandlers(...billingHandlers(failingWith(error)), fallThrough);
    // MSW prints the handler's error with console.error; the answer is what this test checks.
    vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await fetch(RESEND, { method: "POST", headers: AUTH });
    expect(answer.status).toBe(500);
    expect(await answer.json()).toMatchObject({ message: "the mock broke" });
  });
});
