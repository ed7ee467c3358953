/**
 * The TanStack Query bindings' types, checked by `pnpm typecheck` (tsc over test/): data,
 * variables and errors come from the spec through the client, so a spec change that alters
 * them breaks the build. The calls also run, against the stateful mock in-process.
 */
import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/query-core";
import { describe, expect, expectTypeOf, test } from "vitest";
import { createBillingClient, ProblemError, type InvoiceCcRecipient, type InvoiceEmailResend } from "@hostup/billing-client";
import { billingQueries, type BillingError } from "@hostup/billing-client/query";
import { createBillingMock } from "@hostup/billing-mock";
import { invoiceId } from "../support/examples.ts";

const billing = billingQueries(createBillingClient({ token: "test-token", fetch: createBillingMock().fetch }));
const queryClient = new QueryClient();

describe("query options types", () => {
  test("the list's data is { contacts }, its key is a tagged tuple, its error a BillingError", async () => {
    const list = billing.listInvoiceCcRecipients();
    expectTypeOf(list.queryKey).toExtend<readonly ["listInvoiceCcRecipients"]>();
    const data = await queryClient.fetchQuery(list);
    expectTypeOf(data).toEqualTypeOf<{ contacts: InvoiceCcRecipient[] }>();
    // The key's tag types the cache without naming the data type again.
    expectTypeOf(queryClient.getQueryData(list.queryKey)).toEqualTypeOf<{ contacts: InvoiceCcRecipient[] } | undefined>();
    const result = new QueryObserver(queryClient, list).getCurrentResult();
    expectTypeOf(result.error).toEqualTypeOf<BillingError | null>();
    expect(data.contacts.length).toBeGreaterThan(0);
  });

  test("a query's options cannot carry a signal: TanStack Query's is used", () => {
    // @ts-expect-error -- the query function passes TanStack's own signal
    billing.listInvoiceCcRecipients({ signal: new AbortController().signal });
    billing.listInvoiceCcRecipients({ timeoutMs: 5_000, retry: { maxRetries: 1 } });
  });

  test("an error narrows to ProblemError, with status, code and field errors", () => {
    const error = new QueryObserver(queryClient, billing.listInvoiceCcRecipients()).getCurrentResult().error;
    // @ts-expect-error -- not every BillingError has a status: a NetworkError has none
    void error?.status;
    if (error instanceof ProblemError) {
      expectTypeOf(error.status).toEqualTypeOf<number>();
      expectTypeOf(error.errors[0]!.pointer).toEqualTypeOf<string>();
    }
  });
});

describe("mutation options types", () => {
  test("resend's variables are the invoice id; it resolves with { queuedAt, email }", async () => {
    const resend = billing.resendInvoiceEmail();
    expectTypeOf(resend.mutationFn).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(resend.mutationFn).returns.resolves.toEqualTypeOf<InvoiceEmailResend>();
    const observer = new MutationObserver(queryClient, resend);
    expectTypeOf(observer.getCurrentResult().error).toEqualTypeOf<BillingError | null>();
    await expect(observer.mutate(invoiceId)).resolves.toMatchObject({ email: expect.stringContaining("@") });
    // @ts-expect-error -- the id is a string
    await observer.mutate(42).catch(() => undefined);
  });

  test("add's variables are the request body: email required", async () => {
    const add = billing.addInvoiceCcRecipient();
    expectTypeOf(add.mutationFn).parameter(0).toEqualTypeOf<{ email: string; description?: string }>();
    expectTypeOf(add.mutationFn).returns.resolves.toEqualTypeOf<InvoiceCcRecipient>();
    // @ts-expect-error -- email is required
    await add.mutationFn({ description: "AP" }).catch(() => undefined);
  });

  test("remove's variables are { id } and it resolves with { deleted, id }", async () => {
    const remove = billing.removeInvoiceCcRecipient({ timeoutMs: 5_000 });
    expectTypeOf(remove.mutationFn).parameter(0).toEqualTypeOf<{ id: string }>();
    expectTypeOf(remove.mutationFn).returns.resolves.toEqualTypeOf<{ deleted: boolean; id: string }>();
    // @ts-expect-error -- the id is a numeric string, not a number
    await remove.mutationFn({ id: 42 }).catch(() => undefined);
  });

  test("there are bindings for the spec's operations only", () => {
    expectTypeOf(billing).toHaveProperty("listInvoiceCcRecipients");
    // @ts-expect-error -- no such operation in the spec
    void billing.notAnOperationOfTheSpec;
  });
});
