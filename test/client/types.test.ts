/**
 * Type-level contracts. `vitest run` does not check them: `expectTypeOf` and
 * `@ts-expect-error` do nothing at run time, and vitest's typecheck mode is off. `pnpm
 * typecheck` does (tsconfig.json includes test/), so a spec change that alters these shapes
 * breaks it. The tests below also run their calls against an injected fetch; the assertions
 * that are types only sit outside any test, so no test passes without checking something.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  createBillingClient,
  type InvoiceCcRecipient,
  type InvoiceEmailResend,
  type NetworkError,
  type ProblemError,
  type RateLimit,
  type RetryContext,
  type TimeoutError,
} from "@hostup/billing-client";
import { createRawClient } from "@hostup/billing-client/raw";
import { operationMetadata } from "@hostup/billing-openapi";
import { observedFetch } from "../support/observed-fetch.ts";
import { exampleAnswer, invoiceId } from "../support/examples.ts";

describe("client types come from the spec", () => {
  test("resendInvoiceEmail takes an id and options, no body, and returns { queuedAt, email }", async () => {
    const billing = createBillingClient({ fetch: observedFetch(exampleAnswer("resendInvoiceEmail")).fetch });
    const result = await billing.resendInvoiceEmail(invoiceId);
    expectTypeOf(result).toEqualTypeOf<InvoiceEmailResend>();
    expectTypeOf(result).toEqualTypeOf<{ queuedAt: string; email: string }>();
    // @ts-expect-error -- the operation has no request body
    await billing.resendInvoiceEmail(invoiceId, { body: { email: "x@example.com" } });
    await createRawClient({ fetch: observedFetch(exampleAnswer("resendInvoiceEmail")).fetch }).POST(
      operationMetadata.resendInvoiceEmail.path,
      {
        params: { path: { id: invoiceId } },
        // @ts-expect-error -- the raw client knows the spec has no requestBody here
        body: {},
      },
    );
  });

  test("addInvoiceCcRecipient requires email and returns { id, email, description | null }", async () => {
    const billing = createBillingClient({ fetch: observedFetch(exampleAnswer("addInvoiceCcRecipient")).fetch });
    const result = await billing.addInvoiceCcRecipient({ email: "ap@example.com", description: "AP" });
    expectTypeOf(result).toEqualTypeOf<InvoiceCcRecipient>();
    expectTypeOf(result).toEqualTypeOf<{ id: string; email: string; description: string | null }>();
    expectTypeOf(billing.addInvoiceCcRecipient).parameter(0).toEqualTypeOf<{ email: string; description?: string }>();
    // @ts-expect-error -- email is required
    await billing.addInvoiceCcRecipient({ description: "AP" }).catch(() => undefined);
    // @ts-expect-error -- email must be a string
    await billing.addInvoiceCcRecipient({ email: 42 }).catch(() => undefined);
  });
});

// Checked by `pnpm typecheck` only: ProblemError exposes the Problem members with their spec types.
{
  expectTypeOf<ProblemError["status"]>().toEqualTypeOf<number>();
  expectTypeOf<ProblemError["code"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<ProblemError["errors"]>().toEqualTypeOf<{ pointer: string; detail: string; code: string }[]>();
}

// Checked by `pnpm typecheck` only: rate limits, retry hooks and timeouts are typed.
{
  expectTypeOf<ProblemError["retryAfter"]>().toEqualTypeOf<number | undefined>();
  expectTypeOf<ProblemError["rateLimit"]>().toEqualTypeOf<RateLimit | undefined>();
  expectTypeOf<RateLimit>().toEqualTypeOf<{ limit: number | undefined; remaining: number | undefined; reset: Date | undefined }>();
  expectTypeOf<RetryContext["error"]>().toEqualTypeOf<ProblemError | NetworkError | TimeoutError>();
  expectTypeOf<NetworkError["code"]>().toEqualTypeOf<string | undefined>();
  expectTypeOf<TimeoutError["timeoutMs"]>().toEqualTypeOf<number>();
  createBillingClient({ retry: false, timeoutMs: 1_000 });
  createBillingClient({ retry: { maxRetries: 0, maxDelayMs: 0, on: async ({ retryable }) => retryable } });
  // @ts-expect-error -- retries are configured with an object or turned off with false, never `true`
  createBillingClient({ retry: true });
}
