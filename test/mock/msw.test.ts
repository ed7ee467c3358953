/**
 * @hostup/billing-mock/msw as a frontend team's tests use it: MSW's Node integration
 * intercepts the client's real `fetch` calls to the API origin and answers them with the
 * stateful mock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { createBillingMock } from "@hostup/billing-mock";
import { billingHandlers } from "@hostup/billing-mock/msw";
import { operationMetadata, serverUrl } from "@hostup/billing-openapi";
import { invoiceId, urlOf } from "../support/examples.ts";

const mock = createBillingMock();
const DEV_ORIGIN = "http://localhost:5173";
// Another endpoint of the same API that the app mocks itself: the billing handlers must not shadow it.
// Its path is one no operation's template matches, however many operations the spec holds.
const templates = Object.values(operationMetadata).map((meta) => new RegExp(`^${meta.path.replace(/\{[^}]+\}/g, "[^/]+")}$`));
const undescribedPath = ["/api/v2/billing/not-in-spec", "/api/v2/not-in-spec/x/y/z/w", "/not-in-spec"].find(
  (path) => !templates.some((t) => t.test(path)),
);
if (undescribedPath === undefined) throw new Error("every candidate path is described by the spec: add one that is not");
const appEndpoint = http.get(`${serverUrl}${undescribedPath}`, () => HttpResponse.json({ data: [] }));
const server = setupServer(...billingHandlers(mock), ...billingHandlers(mock, { baseUrl: DEV_ORIGIN }), appEndpoint);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("billingHandlers with msw/node setupServer", () => {
  test("the client's add goes through MSW to the mock: lower-cased and stored", async () => {
    const billing = createBillingClient({ token: "test-token" });
    await expect(billing.addInvoiceCcRecipient({ email: "AP@Example.com" })).resolves.toMatchObject({ email: "ap@example.com" });
    expect(mock.state.recipients.map((r) => r.email)).toContain("ap@example.com");
  });

  test("a repeated address comes back as the mock's duplicate Problem", async () => {
    const billing = createBillingClient({ token: "test-token" });
    await billing.addInvoiceCcRecipient({ email: "ap@example.com" });
    const error = await billing.addInvoiceCcRecipient({ email: "AP@example.com" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).errors).toEqual([expect.objectContaining({ pointer: "/email", code: "duplicate" })]);
  });

  test("a resend is queued for the primary recipient with the CC recipients", async () => {
    const billing = createBillingClient({ token: "test-token" });
    await billing.addInvoiceCcRecipient({ email: "ap@example.com" });
    const answer = await billing.resendInvoiceEmail(invoiceId);
    expect(answer.email).toBe("billing@example.com");
    expect(mock.state.outbox).toEqual([
      expect.objectContaining({ to: "billing@example.com", cc: ["finance@example.com", "ap@example.com"] }),
    ]);
  });

  test("answers 403 for a token without write:billing", async () => {
    const error = await createBillingClient({ token: "read-only-token" })
      .resendInvoiceEmail(invoiceId)
      .catch((e: unknown) => e);
    expect((error as ProblemError).status).toBe(403);
  });

  test("serves another origin, such as a dev server proxying the API", async () => {
    const billing = createBillingClient({ token: "test-token", baseUrl: DEV_ORIGIN });
    await expect(billing.resendInvoiceEmail("inv_01hxa3b4c5d6e7f8g9h0j1k2m4")).resolves.toMatchObject({ email: "invoices@example.org" });
  });

  test("a baseUrl ending in slashes means the same origin", async () => {
    server.use(...billingHandlers(mock, { baseUrl: "https://proxy.example.org//" }));
    try {
      const billing = createBillingClient({ token: "test-token", baseUrl: "https://proxy.example.org" });
      await expect(billing.resendInvoiceEmail(invoiceId)).resolves.toMatchObject({ email: "billing@example.com" });
    } finally {
      server.resetHandlers();
    }
  });

  test("leaves paths the spec does not describe to the app's other handlers", async () => {
    const response = await fetch(`${serverUrl}${undescribedPath}`);
    expect(await response.json()).toEqual({ data: [] });
  });

  test("answers a wrong method on a described path with the mock's 405 Problem", async () => {
    // PATCH: a method no operation of the spec uses.
    const response = await fetch(urlOf("addInvoiceCcRecipient"), { method: "PATCH", headers: { Authorization: "Bearer test-token" } });
    expect(response.status).toBe(405);
    const documented = Object.values(operationMetadata).filter((meta) => meta.path === operationMetadata.addInvoiceCcRecipient.path);
    expect(response.headers.get("allow")?.split(/,\s*/).sort()).toEqual(documented.map((meta) => meta.method).sort());
    expect(await response.json()).toMatchObject({ status: 405, code: "method_not_allowed" });
  });
});
