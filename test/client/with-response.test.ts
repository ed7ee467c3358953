/**
 * The `withResponse` call option: on the wire, through the one test fetch, a method resolves
 * with `{ data, status, headers, requestId, rateLimit }` instead of the body alone, and its
 * return type follows the option. Without the option nothing changes.
 */
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  createBillingClient,
  type Answer,
  type InvoiceCcRecipient,
  type InvoiceEmailResend,
  type RateLimit,
  type ResponseHeaders,
  type WithResponseOptions,
} from "@hostup/billing-client";
import { observedFetch } from "../support/observed-fetch.ts";
import { invoiceId, responseExample } from "../support/examples.ts";

const created = responseExample("addInvoiceCcRecipient", 201);
const queued = responseExample("resendInvoiceEmail", 200);

function clientAnswering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const observed = observedFetch(
    () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } }),
  );
  return { billing: createBillingClient({ token: "tok", fetch: observed.fetch }), observed };
}

describe("withResponse: true", () => {
  test("resolves with the body, the status, the headers and the rate-limit window the server sent", async () => {
    const { billing, observed } = clientAnswering(201, created, {
      "X-RateLimit-Limit": "120",
      "X-RateLimit-Remaining": "119",
      "X-RateLimit-Reset": "2026-04-27T12:35:00.000Z",
      "X-Trace": "t-1",
    });
    const answer = await billing.addInvoiceCcRecipient({ email: "ap@example.com" }, { withResponse: true });
    expect(answer.data).toEqual(created);
    expect(answer.status).toBe(201);
    expect(answer.headers.get("x-trace")).toBe("t-1");
    expect(answer.rateLimit).toEqual({ limit: 120, remaining: 119, reset: new Date("2026-04-27T12:35:00.000Z") });
    // The option is the client's own: nothing of it goes over the wire.
    expect(observed.requests).toHaveLength(1);
    expect([...observed.requests[0]!.headers.keys()].some((name) => /with|response/i.test(name))).toBe(false);
    expect(await observed.requests[0]!.json()).toEqual({ email: "ap@example.com" });
  });

  test("reads the request ID from the body's requestId when the spec declares no request-ID header", async () => {
    const { billing } = clientAnswering(
      200,
      { ...queued, requestId: "req_01hxa3b4c5d6e7f8g9h0j1k2m3" },
      { "X-Request-Id": "not-declared" },
    );
    const answer = await billing.resendInvoiceEmail(invoiceId, { withResponse: true });
    expect(answer.requestId).toBe("req_01hxa3b4c5d6e7f8g9h0j1k2m3");
  });

  test("leaves requestId and rateLimit undefined when the answer has neither", async () => {
    const { billing } = clientAnswering(200, queued);
    const answer = await billing.resendInvoiceEmail(invoiceId, { withResponse: true });
    expect(answer).toMatchObject({ data: queued, status: 200, requestId: undefined, rateLimit: undefined });
    // A requestId that is not a string is not passed on as one.
    const odd = await clientAnswering(200, { ...queued, requestId: 42 }).billing.resendInvoiceEmail(invoiceId, { withResponse: true });
    expect(odd.requestId).toBeUndefined();
  });

  test("keeps the other call options: a timeout still applies", async () => {
    const observed = observedFetch(() => new Promise<Response>(() => {}));
    const billing = createBillingClient({ token: "tok", fetch: observed.fetch, retry: false });
    const started = Date.now();
    await expect(billing.listInvoiceCcRecipients({ withResponse: true, timeoutMs: 50 })).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("without the option a method resolves with the body alone, as before", async () => {
    const { billing } = clientAnswering(201, created, { "X-RateLimit-Limit": "120" });
    expect(await billing.addInvoiceCcRecipient({ email: "ap@example.com" })).toEqual(created);
    expect(await billing.addInvoiceCcRecipient({ email: "ap@example.com" }, { timeoutMs: 1_000 })).toEqual(created);
  });
});

// Checked by `pnpm typecheck` only (never called: the calls would go to the network): the return type follows the option.
export function typeChecks() {
  const billing = createBillingClient();
  expectTypeOf(billing.resendInvoiceEmail(invoiceId)).resolves.toEqualTypeOf<InvoiceEmailResend>();
  expectTypeOf(billing.resendInvoiceEmail(invoiceId, { timeoutMs: 1 })).resolves.toEqualTypeOf<InvoiceEmailResend>();
  const answer = billing.addInvoiceCcRecipient({ email: "a@example.com" }, { withResponse: true });
  expectTypeOf(answer).resolves.toEqualTypeOf<Answer<201, InvoiceCcRecipient, never, never>>();
  expectTypeOf(answer).resolves.toHaveProperty("status").toEqualTypeOf<201>();
  expectTypeOf(answer).resolves.toHaveProperty("requestId").toEqualTypeOf<string | undefined>();
  expectTypeOf(answer).resolves.toHaveProperty("rateLimit").toEqualTypeOf<RateLimit | undefined>();
  expectTypeOf(billing.listInvoiceCcRecipients({ withResponse: true, signal: AbortSignal.timeout(1) }))
    .resolves.toHaveProperty("data")
    .toHaveProperty("contacts");
  // Options kept in a variable pick the overload too: it comes first.
  const options: WithResponseOptions = { withResponse: true, timeoutMs: 5_000 };
  expectTypeOf(billing.listInvoiceCcRecipients(options)).resolves.toHaveProperty("status").toEqualTypeOf<200>();
  // @ts-expect-error -- `withResponse: false` is the default: leave the option out
  void billing.listInvoiceCcRecipients({ withResponse: false });

  // Headers the spec declares for an answer are named: a required one reads as a string, in any case.
  const headers = null as unknown as ResponseHeaders<"X-Request-Id", "X-RateLimit-Limit">;
  expectTypeOf(headers.get("X-Request-Id")).toEqualTypeOf<string>();
  expectTypeOf(headers.get("x-request-id")).toEqualTypeOf<string>();
  expectTypeOf(headers.get("X-RateLimit-Limit")).toEqualTypeOf<string | null>();
  expectTypeOf(headers.get("Anything-Else")).toEqualTypeOf<string | null>();
}
