/**
 * What a hostile or broken server can put into the answer metadata and the narrowed errors:
 * nothing it sends becomes a request ID that is not a string, a rate limit that is not a
 * non-negative integer or a real date, or a ProblemError of another operation.
 */
import { describe, expect, test } from "vitest";
import { createBillingClient } from "@hostup/billing-client";
import { isProblem } from "@hostup/billing-client/problems";
import { observedFetch } from "../support/observed-fetch.ts";
import { invoiceId, responseExample } from "../support/examples.ts";

const queued = responseExample("resendInvoiceEmail", 200);

const answering = (body: unknown, headers: Record<string, string>, status = 200) =>
  createBillingClient({
    token: "tok",
    retry: false,
    fetch: observedFetch(() => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } }))
      .fetch,
  });

describe("withResponse against a hostile server", () => {
  test.each([
    ["an object", { toString: "req_fake" }],
    ["an array", ["req_fake"]],
    ["a number", 1e21],
    ["null", null],
  ])("a requestId that is %s is not passed on", async (_, requestId) => {
    const answer = await answering({ ...queued, requestId }, {}).resendInvoiceEmail(invoiceId, { withResponse: true });
    expect(answer.requestId).toBeUndefined();
  });

  test.each([
    ["-1", "-5", "yesterday"],
    ["1e309", "0x10", "999999999999999999999"],
    ["12.5", "+3", "2026-13-45T99:99:99Z"],
  ])("rate-limit headers %s, %s, %s give no number or date that was not written as one", async (limit, remaining, reset) => {
    const answer = await answering(queued, {
      "X-RateLimit-Limit": limit,
      "X-RateLimit-Remaining": remaining,
      "X-RateLimit-Reset": reset,
    }).resendInvoiceEmail(invoiceId, { withResponse: true });
    expect(answer.rateLimit).toEqual({ limit: undefined, remaining: undefined, reset: undefined });
  });

  test("a body that is not an object (a JSON string, null) resolves with it as data and no request ID", async () => {
    for (const body of ["req_in_a_string", null]) {
      const answer = await answering(body, {}).resendInvoiceEmail(invoiceId, { withResponse: true });
      expect(answer).toMatchObject({ data: body, requestId: undefined, status: 200 });
    }
  });
});

describe("isProblem against a hostile server", () => {
  test("a Problem body naming another operation, a prototype key as its code and non-object field errors narrows by the call, not the body", async () => {
    const body = {
      operation: "removeInvoiceCcRecipient",
      code: "__proto__",
      errors: ["/email", null, { pointer: "/email", code: "x", detail: "d" }],
    };
    const error = await answering(body, { "Content-Type": "application/problem+json" }, 400)
      .resendInvoiceEmail(invoiceId)
      .catch((e: unknown) => e);
    expect(isProblem(error, "resendInvoiceEmail")).toBe(true);
    expect(isProblem(error, "removeInvoiceCcRecipient")).toBe(false);
    if (!isProblem(error, "resendInvoiceEmail")) return;
    expect(error.operation).toBe("resendInvoiceEmail");
    expect(error.code).toBe("__proto__");
    expect(error.errors).toEqual([{ pointer: "/email", code: "x", detail: "d" }]);
  });
});
