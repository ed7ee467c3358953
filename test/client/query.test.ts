/**
 * @hostup/billing-client/query driven by a real QueryClient from @tanstack/query-core, against
 * the stateful mock in-process (its fetch is the client's fetch) or a scripted fetch where an
 * attempt count or a signal is the point.
 */
import { isCancelledError, MutationObserver, QueryClient, QueryObserver } from "@tanstack/query-core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createBillingClient, ProblemError, type BillingClientOptions } from "@hostup/billing-client";
import { billingQueries, CLIENT_WAIT_BOUND_MS, retryDelay, scheduledRetryDelayMs } from "@hostup/billing-client/query";
import { createBillingMock, defaultFixtures } from "@hostup/billing-mock";
import { invoiceId } from "../support/examples.ts";
import { hang, json, observedFetch, problem } from "../support/observed-fetch.ts";

const mock = createBillingMock();
let queryClient: QueryClient;
const queriesFor = (options: BillingClientOptions = {}) =>
  billingQueries(createBillingClient({ token: "test-token", fetch: mock.fetch, ...options }));
const billing = queriesFor();

beforeEach(() => {
  mock.reset();
  queryClient = new QueryClient();
});
afterEach(() => queryClient.clear());

/** Runs a mutation as useMutation does, through a MutationObserver. */
function mutate<TData, TVariables>(options: { mutationFn: (v: TVariables) => Promise<TData> }, variables: TVariables) {
  return new MutationObserver(queryClient, options as never).mutate(variables as never) as Promise<TData>;
}

/** Subscribes a QueryObserver, as useQuery does, and waits until the query settles. */
function observe(options: object): Promise<{ status: string; error: unknown; failureCount: number }> {
  const observer = new QueryObserver(queryClient, options as never);
  return new Promise((resolve) => {
    const unsubscribe = observer.subscribe((result) => {
      if (result.status === "pending") return;
      unsubscribe();
      resolve(result);
    });
  });
}

describe("the bindings against the stateful mock", () => {
  test("the list query is keyed by its operationId and resolves with the caller's recipients", async () => {
    const options = billing.listInvoiceCcRecipients();
    expect(options.queryKey).toEqual(["listInvoiceCcRecipients"]);
    const { contacts: recipients } = await queryClient.fetchQuery(options);
    expect(recipients.map((r) => r.email)).toEqual(defaultFixtures.recipients.map((r) => r.email));
    expect(queryClient.getQueryData(options.queryKey)?.contacts).toEqual(recipients);
  });

  test("add, then invalidating the list's key, shows the new address after the fixtures'", async () => {
    const list = billing.listInvoiceCcRecipients();
    await queryClient.fetchQuery(list);
    const added = await mutate(billing.addInvoiceCcRecipient(), { email: "AP@Example.com", description: "Accounts payable" });
    expect(added).toMatchObject({ email: "ap@example.com", description: "Accounts payable" });
    await queryClient.invalidateQueries({ queryKey: ["listInvoiceCcRecipients"] });
    // Nothing observes the query, so invalidation only marks it stale: fetchQuery then refetches.
    const { contacts: recipients } = await queryClient.fetchQuery(list);
    expect(recipients.map((r) => r.email)).toEqual([...defaultFixtures.recipients.map((r) => r.email), "ap@example.com"]);
  });

  test("a duplicate rejects with the API's ProblemError, its /email field error included", async () => {
    await mutate(billing.addInvoiceCcRecipient(), { email: "ap@example.com" });
    const observer = new MutationObserver(queryClient, billing.addInvoiceCcRecipient());
    await observer.mutate({ email: "AP@example.com" }).catch(() => undefined);
    const { error, status } = observer.getCurrentResult();
    expect(status).toBe("error");
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(400);
    expect((error as ProblemError).errors).toEqual([expect.objectContaining({ pointer: "/email", code: "duplicate" })]);
  });

  test("remove takes { id } as its variables and the list no longer has it", async () => {
    const added = await mutate(billing.addInvoiceCcRecipient(), { email: "ap@example.com" });
    await expect(mutate(billing.removeInvoiceCcRecipient(), { id: added.id })).resolves.toEqual({ deleted: true, id: added.id });
    const { contacts: recipients } = await queryClient.fetchQuery(billing.listInvoiceCcRecipients());
    expect(recipients.map((r) => r.id)).not.toContain(added.id);
  });

  test("resend takes the invoice id as its variables and queues the email", async () => {
    const answer = await mutate(billing.resendInvoiceEmail(), invoiceId);
    expect(answer.email).toBe(mock.state.outbox.at(-1)!.to);
    expect(mock.state.outbox).toHaveLength(1);
  });

  test("each mutation's key is its operationId", () => {
    expect(billing.resendInvoiceEmail().mutationKey).toEqual(["resendInvoiceEmail"]);
    expect(billing.addInvoiceCcRecipient().mutationKey).toEqual(["addInvoiceCcRecipient"]);
    expect(billing.removeInvoiceCcRecipient().mutationKey).toEqual(["removeInvoiceCcRecipient"]);
  });

  test("a 403 for a token without read:billing is the query's error", async () => {
    const result = await observe(queriesFor({ token: "write-only-token" }).listInvoiceCcRecipients());
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ name: "ProblemError", status: 403, code: "forbidden" });
  });
});

describe("attempts: one retry layer for each failure", () => {
  test("an observed list query (TanStack retries those 3 times by default) makes only the client's attempts", async () => {
    // 503 with Retry-After: 0 is retried by the client at once, for a safe method, twice.
    const wire = observedFetch(problem(503, { "Retry-After": "0" }));
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    const result = await observe(list);
    expect(result.status).toBe("error");
    expect(result.failureCount).toBe(1);
    expect(wire.requests).toHaveLength(3);
  });

  test("a mutation that fails with 503 is attempted once: the client does not repeat an unsafe call", async () => {
    const wire = observedFetch(problem(503, { "Retry-After": "0" }));
    const queries = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch }));
    await expect(mutate(queries.removeInvoiceCcRecipient(), { id: "42" })).rejects.toMatchObject({ status: 503 });
    expect(wire.requests).toHaveLength(1);
  });

  test("CallOptions given to a factory reach the client: retry false makes one attempt", async () => {
    const wire = observedFetch(problem(503, { "Retry-After": "0" }));
    const queries = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch }));
    await expect(queryClient.fetchQuery(queries.listInvoiceCcRecipients({ retry: false }))).rejects.toMatchObject({ status: 503 });
    expect(wire.requests).toHaveLength(1);
  });

  test("cancelling the query aborts the request TanStack's signal went to", async () => {
    const wire = observedFetch(hang);
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    const pending = queryClient.fetchQuery(list).catch((e: unknown) => e);
    await expect.poll(() => wire.signals.length).toBe(1);
    await queryClient.cancelQueries({ queryKey: list.queryKey });
    expect(wire.signals[0]!.aborted).toBe(true);
    expect(isCancelledError(await pending)).toBe(true);
  });

  test("a success is the query's data, typed and cached under the key", async () => {
    const wire = observedFetch(json(200, { contacts: [{ id: "1", email: "a@example.com", description: null }] }));
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    await queryClient.fetchQuery(list);
    expect(queryClient.getQueryData(list.queryKey)?.contacts[0]?.email).toBe("a@example.com");
  });
});

describe("a long Retry-After is TanStack's to wait, a short one the client's", () => {
  test("a 429 with Retry-After: 30 comes back at once, and the query stays pending with the wait as its failure reason", async () => {
    const wire = observedFetch(problem(429, { "Retry-After": "30" }));
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    const observer = new QueryObserver(queryClient, list as never);
    const started = Date.now();
    const failed = new Promise<{ status: string; failureCount: number; failureReason: unknown }>((resolve) => {
      const unsubscribe = observer.subscribe((result) => {
        if (result.failureCount === 0) return;
        unsubscribe();
        resolve(result);
      });
    });
    const result = await failed;
    // Without the bound the client sleeps 30 s twice before the first failure is seen.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).toBe("pending");
    expect(result.failureReason).toMatchObject({ status: 429, retryAfter: 30 });
    expect(retryDelay(1, result.failureReason as ProblemError)).toBe(30_000);
    expect(wire.requests).toHaveLength(1);
    await queryClient.cancelQueries({ queryKey: list.queryKey });
  });

  test("a 429 with Retry-After: 1 is waited out by the client alone: TanStack sees no failure", async () => {
    const wire = observedFetch(problem(429, { "Retry-After": "1" }), json(200, { contacts: [] }));
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    const result = await observe(list);
    expect(result).toMatchObject({ status: "success", failureCount: 0 });
    expect(wire.requests).toHaveLength(2);
  });

  test("TanStack retries a handed-back 429 after its Retry-After, and the query then succeeds", async () => {
    const wire = observedFetch(problem(429, { "Retry-After": "3" }), json(200, { contacts: [] }));
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    const started = Date.now();
    const result = await observe(list);
    expect(result).toMatchObject({ status: "success", failureCount: 0 });
    expect(wire.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
  });

  test("a mutation's 503 with a long Retry-After is not retried by TanStack either: the server may have acted", async () => {
    const wire = observedFetch(problem(503, { "Retry-After": "30" }));
    const queries = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch }));
    await expect(mutate(queries.addInvoiceCcRecipient(), { email: "ap@example.com" })).rejects.toMatchObject({ status: 503 });
    expect(wire.requests).toHaveLength(1);
  });

  test("CallOptions asking for a longer client wait are bounded; retry: false stays one attempt", async () => {
    const wire = observedFetch(problem(429, { "Retry-After": "40" }));
    const queries = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch }));
    const started = Date.now();
    await expect(
      queryClient.fetchQuery({ ...queries.listInvoiceCcRecipients({ retry: { maxDelayMs: 60_000 } }), retry: false }),
    ).rejects.toMatchObject({ status: 429, retryAfter: 40 });
    // Unbounded, the caller's 60 s limit would let the client sleep 40 s twice.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(wire.requests).toHaveLength(1);
  });
});

test("the bound is at most 2 s, and only waits the client would have retried are scheduled", () => {
  expect(CLIENT_WAIT_BOUND_MS).toBeLessThanOrEqual(2_000);
  expect(scheduledRetryDelayMs({ status: 429, retryAfter: 3 }, false)).toBe(3_000);
  expect(scheduledRetryDelayMs({ status: 429, retryAfter: 2 }, true)).toBeUndefined();
  expect(scheduledRetryDelayMs({ status: 503, retryAfter: 30 }, true)).toBe(30_000);
  expect(scheduledRetryDelayMs({ status: 503, retryAfter: 30 }, false)).toBeUndefined();
  expect(scheduledRetryDelayMs({ status: 500, retryAfter: 30 }, true)).toBeUndefined();
  expect(scheduledRetryDelayMs(new TypeError("fetch failed"), true)).toBeUndefined();
});

describe("mutations invalidate the queries on their own path", () => {
  test("add and remove refetch the observed list before they settle; resend refetches nothing", async () => {
    const list = billing.listInvoiceCcRecipients();
    const observer = new QueryObserver(queryClient, list as never);
    const seen: string[][] = [];
    const unsubscribe = observer.subscribe((result) => {
      const data = result.data as { contacts: { email: string }[] } | undefined;
      if (data) seen.push(data.contacts.map((c) => c.email));
    });
    await expect.poll(() => seen.length).toBe(1);
    const fixtures = defaultFixtures.recipients.map((r) => r.email);
    const added = await mutate(billing.addInvoiceCcRecipient(), { email: "ap@example.com" });
    // Settled only after the refetch: the observer already holds the new list.
    expect(seen.at(-1)).toEqual([...fixtures, "ap@example.com"]);
    await mutate(billing.removeInvoiceCcRecipient(), { id: added.id });
    expect(seen.at(-1)).toEqual(fixtures);
    const fetches = mock.requests.list("listInvoiceCcRecipients").length;
    await mutate(billing.resendInvoiceEmail(), invoiceId);
    expect(mock.requests.list("listInvoiceCcRecipients")).toHaveLength(fetches);
    unsubscribe();
  });

  test("a failed refetch keeps the last data next to the error", async () => {
    const wire = observedFetch(json(200, { contacts: [{ id: "1", email: "a@example.com", description: null }] }), problem(500));
    const list = billingQueries(createBillingClient({ token: "t", fetch: wire.fetch })).listInvoiceCcRecipients();
    await queryClient.fetchQuery(list);
    await queryClient.refetchQueries({ queryKey: list.queryKey }).catch(() => undefined);
    const state = queryClient.getQueryState(list.queryKey)!;
    expect(state.status).toBe("error");
    expect(state.data?.contacts[0]?.email).toBe("a@example.com");
  });
});
