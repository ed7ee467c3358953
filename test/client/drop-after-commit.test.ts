/**
 * The unsafe-retry case, against the real stateful mock over HTTP: the server makes the
 * change and the answer is lost (`fault=drop-after-commit`). A POST without an idempotency
 * key must not be sent again, or the change would be made twice; a safe GET may be. The
 * mock's request journal counts what went over the wire, its state shows what was made.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createBillingClient, NetworkError } from "@hostup/billing-client";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";

describe("the client when the answer is lost after the change (drop-after-commit)", () => {
  let server: RunningBillingMock;
  const control = (path: string, init?: RequestInit) => fetch(`${server.url}/__mock/${path}`, init);
  const queue = (scenario: object) =>
    control("scenarios", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(scenario) });
  const journal = async (operationId: string) => (await (await control(`requests?operationId=${operationId}`)).json()).requests;

  beforeAll(async () => {
    server = await startBillingMock({ port: 0, rateLimit: false });
  });
  beforeEach(async () => {
    // A state-changing control call says it is JSON, as a page could only after a preflight.
    expect((await control("reset", { method: "POST", headers: { "Content-Type": "application/json" } })).status).toBe(204);
  });
  afterAll(() => server.close());

  test("addInvoiceCcRecipient is sent once: the recipient is added and the call rejects with a NetworkError", async () => {
    expect((await queue({ operationId: "addInvoiceCcRecipient", fault: "drop-after-commit", times: 3 })).status).toBe(201);
    // Retries on, as by default: only the method's safety keeps the POST from being repeated.
    const billing = createBillingClient({ token: "test-token", baseUrl: server.url, retry: { maxRetries: 2 } });
    const error = await billing.addInvoiceCcRecipient({ email: "AP@Example.com" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const sent = await journal("addInvoiceCcRecipient");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: "POST",
      status: null,
      fault: "drop-after-commit",
      body: { text: '{"email":"AP@Example.com"}' },
    });
    const state = await (await control("state")).json();
    expect(state.recipients.map((r: { email: string }) => r.email)).toEqual(["finance@example.com", "ap@example.com"]);
  });

  test("a safe listInvoiceCcRecipients is sent again and succeeds: the journal counts repeats", async () => {
    expect((await queue({ operationId: "listInvoiceCcRecipients", fault: "drop-after-commit" })).status).toBe(201);
    const billing = createBillingClient({ token: "test-token", baseUrl: server.url, retry: { maxRetries: 2 } });
    expect((await billing.listInvoiceCcRecipients()).contacts).toHaveLength(1);
    expect((await journal("listInvoiceCcRecipients")).map((r: { status: number | null }) => r.status)).toEqual([null, 200]);
  });
});
