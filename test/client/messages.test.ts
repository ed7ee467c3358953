/**
 * @hostup/billing-client/messages: every error the client throws, provoked for real (the
 * stateful mock in-process, or a scripted fetch where a failure of the wire is the point), gets
 * the plain-language wording of the spec's Problem examples, at the field it concerns.
 */
import { describe, expect, test } from "vitest";
import { createBillingClient } from "@hostup/billing-client";
import { bodyLimits, errorMessage, fieldMessages, inputMessages, problemMessages } from "@hostup/billing-client/messages";
import { operationMetadata } from "@hostup/billing-openapi";
import { createBillingMock } from "@hostup/billing-mock";
import { messageTables, renderMessages } from "../../pipeline/render-messages.ts";
import { hang, observedFetch, refused } from "../support/observed-fetch.ts";
import { invoiceId } from "../support/examples.ts";
import { resolved } from "../support/spec.ts";

/** The description the spec gives the named example of `operationId`'s `status` answer. */
function exampleDescription(operationId: string, status: number, name: string): string {
  for (const item of Object.values(resolved.paths ?? {}) as Record<string, any>[]) {
    for (const operation of Object.values(item)) {
      if (operation?.operationId !== operationId) continue;
      for (const media of Object.values(operation.responses[status].content) as any[]) {
        if (media.examples?.[name]) return media.examples[name].description;
      }
    }
  }
  throw new Error(`no example ${operationId} ${status} ${name}`);
}

const mock = createBillingMock();
const billing = createBillingClient({ token: "test-token", fetch: mock.fetch });
const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e,
  );

describe("Problem answers of the stateful mock", () => {
  test("a duplicate address is the duplicateEmail example's wording, at /email", async () => {
    mock.reset();
    await billing.addInvoiceCcRecipient({ email: "ap@example.com" });
    const message = errorMessage(await caught(billing.addInvoiceCcRecipient({ email: "AP@example.com" })));
    expect(message).toEqual({ field: "/email", message: exampleDescription("addInvoiceCcRecipient", 400, "duplicateEmail") });
  });

  test("a 500 gives the internalError example's wording and the answer's requestId", async () => {
    mock.scenarios.next("listInvoiceCcRecipients", { code: 500 });
    const message = errorMessage(await caught(billing.listInvoiceCcRecipients()));
    expect(message.message).toBe(exampleDescription("listInvoiceCcRecipients", 500, "internalError"));
    expect(message.requestId).toMatch(/^req_/);
  });

  test("an undocumented 503 without a usable body still gets the server-error wording, with the X-Request-Id", async () => {
    const wire = observedFetch(() => new Response("<html>503</html>", { status: 503, headers: { "X-Request-Id": "req_proxy" } }));
    const client = createBillingClient({ token: "t", fetch: wire.fetch, retry: false });
    expect(errorMessage(await caught(client.listInvoiceCcRecipients()))).toEqual({
      message: problemMessages.internal_error,
      requestId: "req_proxy",
    });
  });

  test("a 4xx carries no requestId: only server errors are for support", async () => {
    mock.reset();
    const message = errorMessage(await caught(billing.removeInvoiceCcRecipient({ id: "999" })));
    expect(message).toEqual({ message: exampleDescription("removeInvoiceCcRecipient", 404, "notFound") });
  });

  test("a token without read:billing gets the list's own forbidden wording, not the write one", async () => {
    const readless = createBillingClient({ token: "write-only-token", fetch: mock.fetch });
    const message = errorMessage(await caught(readless.listInvoiceCcRecipients()));
    expect(message.message).toBe(exampleDescription("listInvoiceCcRecipients", 403, "missingReadScope"));
    expect(message.message).not.toBe(exampleDescription("addInvoiceCcRecipient", 403, "missingScope"));
  });

  test("a 429 is the rateLimited example's wording", async () => {
    mock.scenarios.next("listInvoiceCcRecipients", { code: 429 });
    const client = createBillingClient({ token: "test-token", fetch: mock.fetch, retry: { maxDelayMs: 0 } });
    expect(errorMessage(await caught(client.listInvoiceCcRecipients())).message).toBe(
      exampleDescription("listInvoiceCcRecipients", 429, "rateLimited"),
    );
  });
});

describe("the client's own refusals and the wire's failures", () => {
  test("an address the client refuses gets the invalidEmail wording at /email", async () => {
    const message = errorMessage(await caught(billing.addInvoiceCcRecipient({ email: "not an address" })));
    expect(message).toEqual({ field: "/email", message: exampleDescription("addInvoiceCcRecipient", 400, "invalidEmail") });
  });

  test("an invoice id the client refuses gets the invalidInvoiceId wording, no pattern", async () => {
    const message = errorMessage(await caught(billing.resendInvoiceEmail("42")));
    expect(message).toEqual({ message: exampleDescription("resendInvoiceEmail", 400, "invalidInvoiceId") });
  });

  test("a refused connection on a read says the service is unreachable; a lost answer on a write says the change may be made", async () => {
    const client = createBillingClient({ token: "t", fetch: observedFetch(refused).fetch, retry: false });
    const read = errorMessage(await caught(client.listInvoiceCcRecipients()));
    const write = errorMessage(await caught(client.addInvoiceCcRecipient({ email: "ap@example.com" })));
    expect(read.message).toMatch(/Could not reach/);
    expect(write.message).toMatch(/may have been made/);
  });

  test("a malformed success and a timeout get their own wording", async () => {
    mock.scenarios.next("listInvoiceCcRecipients", { fault: "malformed" });
    expect(errorMessage(await caught(billing.listInvoiceCcRecipients())).message).toMatch(/cannot read/);
    const slow = createBillingClient({ token: "t", fetch: observedFetch(hang).fetch, timeoutMs: 10, retry: false });
    expect(errorMessage(await caught(slow.listInvoiceCcRecipients())).message).toMatch(/did not answer in time/);
  });

  test("anything else gets a general message, never its own text", () => {
    expect(errorMessage(new Error("listInvoiceCcRecipients: secret")).message).not.toMatch(/listInvoiceCcRecipients|secret/);
  });
});

describe("the wording is the spec's, and is plain", () => {
  const operationIds = Object.keys(operationMetadata);
  const every = [
    ...Object.values(problemMessages),
    ...Object.values(fieldMessages).flatMap((codes) => Object.values(codes)),
    ...Object.values(inputMessages),
  ];

  test("no message holds a regex, an operationId, a status line or a code", () => {
    expect(every.length).toBeGreaterThan(8);
    for (const text of every) {
      expect(text).not.toMatch(/[\^$\\[\]{}`]|HTTP \d|_request|_error|_found/);
      for (const id of operationIds) expect(text).not.toContain(id);
    }
  });

  test("a changed example description changes the generated message", () => {
    const spec = structuredClone(resolved) as any;
    const add = spec.paths["/api/v2/billing/payment-methods/contacts"].post;
    add.responses["400"].content["application/problem+json"].examples.duplicateEmail.description = "Already there.";
    expect(messageTables(spec).fields["/email"]!.duplicate).toBe("Already there.");
    expect(renderMessages(spec)).toContain('"duplicate": "Already there."');
  });

  test("the description's limit comes from the answer's schema, since the request's has none", () => {
    expect(bodyLimits.addInvoiceCcRecipient).toEqual({ "/email": 254, "/description": 255 });
  });
});

test("the invoice id example is valid, so the refusal above is the id's, not the call's", async () => {
  await expect(billing.resendInvoiceEmail(invoiceId)).resolves.toMatchObject({ email: expect.any(String) });
});
