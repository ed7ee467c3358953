/**
 * Contract tests: the client against a real mock process (Prism with --errors by default;
 * any server via BILLING_API_URL). Every documented (operation, status, example) is driven
 * through the client, and every answer is checked against the spec's own schemas.
 */
import { describe, expect, test } from "vitest";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { apiBaseUrl, preferring } from "../support/target.ts";
import { operationMetadata } from "@hostup/billing-openapi";
import { responses, validate, validateHeader, type OperationId, type ResponseSpec } from "../support/spec.ts";

const INVOICE_ID = "inv_01hxa3b4c5d6e7f8g9h0j1k2m3";
const TOKEN = "test-token";
const DOCUMENTED_ERRORS = [400, 401, 403, 404, 429, 500];
// The error catalog's code for each documented status (api-facts.md).
const CODE_FOR_STATUS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  429: "rate_limited",
  500: "internal_error",
};

const calls: Record<OperationId, (billing: ReturnType<typeof createBillingClient>) => Promise<unknown>> = {
  resendInvoiceEmail: (billing) => billing.resendInvoiceEmail(INVOICE_ID),
  addInvoiceCcRecipient: (billing) => billing.addInvoiceCcRecipient({ email: "ap@example.com", description: "Accounts payable" }),
};

// Prism's 429 asks for Retry-After: 30. Past maxDelayMs the client throws at once instead of
// sleeping, which keeps the suite fast and is itself part of the contract checked below.
const RETRY = { maxDelayMs: 1_000 };

function client(prefer?: string) {
  return createBillingClient({ baseUrl: apiBaseUrl(), token: TOKEN, retry: RETRY, ...(prefer ? { fetch: preferring(prefer) } : {}) });
}

function pathOf(operationId: OperationId) {
  return operationMetadata[operationId].path.replace("{id}", INVOICE_ID);
}

/** Checks status, media type, declared headers and the body against the response's schema. */
function expectConforms(response: Response, body: unknown, documented: ResponseSpec) {
  expect(response.status).toBe(documented.status);
  expect(response.headers.get("content-type")).toMatch(new RegExp(`^${documented.mediaType.replace("+", "\\+")}\\b`));
  for (const [name, header] of Object.entries(documented.headers)) {
    const value = response.headers.get(name);
    if (header.required) expect(value, `header ${name}`).not.toBeNull();
    if (value !== null) expect(validateHeader(header.schema, value), `header ${name}: ${value}`).toEqual([]);
  }
  expect(validate(documented.schemaPointer, body)).toEqual([]);
}

for (const operationId of Object.keys(calls) as OperationId[]) {
  const documented = responses(operationId);
  const success = documented.find((r) => r.status < 300)!;

  describe(`${operationMetadata[operationId].method} ${operationMetadata[operationId].path}`, () => {
    test("documents every error status the docs list", () => {
      expect(documented.filter((r) => r.status >= 400).map((r) => r.status)).toEqual(DOCUMENTED_ERRORS);
    });

    test(`answers ${success.status} with a body the client returns as typed data`, async () => {
      const data = await calls[operationId](client());
      expect(validate(success.schemaPointer, data)).toEqual([]);
      const raw = await fetch(`${apiBaseUrl()}${pathOf(operationId)}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        ...(operationId === "addInvoiceCcRecipient" ? { body: JSON.stringify({ email: "ap@example.com" }) } : {}),
      });
      expectConforms(raw, await raw.json(), success);
    });

    for (const response of documented) {
      for (const example of Object.keys(response.examples)) {
        const prefer = `code=${response.status}, example=${example}`;

        test(`answers ${response.status} for Prefer: ${prefer}, conforming to the spec`, async () => {
          const raw = await fetch(`${apiBaseUrl()}${pathOf(operationId)}`, {
            method: "POST",
            headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", Prefer: prefer },
            ...(operationId === "addInvoiceCcRecipient" ? { body: JSON.stringify({ email: "ap@example.com" }) } : {}),
          });
          const body = await raw.json();
          expectConforms(raw, body, response);
          expect(body).toEqual(response.examples[example]!.value);
        });

        if (response.status >= 400) {
          test(`throws ProblemError ${response.status} ${CODE_FOR_STATUS[response.status]} for example ${example}`, async () => {
            const error = await calls[operationId](client(prefer)).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(ProblemError);
            const problem = error as ProblemError;
            expect(problem.status).toBe(response.status);
            expect(problem.code).toBe(CODE_FOR_STATUS[response.status]);
            expect(problem.type).toBe(`https://developer.hostup.se/errors/${CODE_FOR_STATUS[response.status]}`);
            expect(problem.problem?.status).toBe(response.status);
            if (response.status === 429) {
              expect(problem.headers.get("retry-after")).toMatch(/^\d+$/);
              expect(problem.headers.get("x-ratelimit-remaining")).toBe("0");
              expect(problem.retryAfter).toBe(Number(problem.headers.get("retry-after")));
              expect(problem.rateLimit).toEqual({
                limit: Number(problem.headers.get("x-ratelimit-limit")),
                remaining: 0,
                reset: new Date(problem.headers.get("x-ratelimit-reset")!),
              });
            }
          });

          if (response.status === 429 || response.status === 500) {
            test(`sends one request only when the ${response.status} is not retried`, async () => {
              const billing = client(prefer);
              let attempts = 0;
              billing.raw.use({ onRequest: () => void attempts++ });
              await expect(calls[operationId](billing)).rejects.toBeInstanceOf(ProblemError);
              expect(attempts).toBe(1);
            });
          }
        }
      }
    }

    test("answers 401 problem+json when no credentials are sent", async () => {
      const error = await calls[operationId](createBillingClient({ baseUrl: apiBaseUrl() })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).status).toBe(401);
      expect((error as ProblemError).code).toBe("unauthorized");
    });

    test("accepts the hostup_session cookie instead of a bearer token", async () => {
      const data = await calls[operationId](createBillingClient({ baseUrl: apiBaseUrl(), session: "sess_abc123" }));
      expect(validate(success.schemaPointer, data)).toEqual([]);
    });
  });
}

describe("request validation (Prism checks requests against the spec)", () => {
  const contacts = () => `${apiBaseUrl()}${pathOf("addInvoiceCcRecipient")}`;
  const post = (url: string, body: string, contentType = "application/json") =>
    fetch(url, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": contentType }, body });

  test("answers 400 problem+json when email is not an email address", async () => {
    // Through `raw`: the client itself refuses such an address before sending it.
    const { response, error } = await client().raw.POST("/api/v2/billing/payment-methods/contacts", {
      body: { email: "not-an-email" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((error as { code?: string }).code).toBe("invalid_request");
  });

  test("answers 400 problem+json when email is missing", async () => {
    const response = await post(contacts(), JSON.stringify({ description: "no email" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(validate("#/components/schemas/Problem", await response.json())).toEqual([]);
  });

  test("rejects a request body on resend with 400", async () => {
    const response = await post(`${apiBaseUrl()}${pathOf("resendInvoiceEmail")}`, JSON.stringify({ email: "x@example.com" }));
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe("invalid_request");
  });

  test("rejects an id that does not match the pattern with 400", async () => {
    const response = await fetch(`${apiBaseUrl()}/api/v2/billing/invoices/42/actions/resend-email`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(400);
  });

  test("answers malformed JSON with 400 problem+json and keeps serving", async () => {
    const response = await post(contacts(), '{"email":');
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = await response.json();
    expect(body.code).toBe("invalid_request");
    expect(validate("#/components/schemas/Problem", body)).toEqual([]);
    await expect(client().resendInvoiceEmail(INVOICE_ID)).resolves.toHaveProperty("queuedAt");
  });
});
