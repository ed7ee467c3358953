/** The in-process host: the pipeline behind a `fetch`, with the mock's state, reset and scenarios. */
import type { OperationId } from "./contract.ts";
import { requestsOf, type Requests } from "./journal.ts";
import { createPipeline, type Pipeline } from "./mock.ts";
import type { BillingMockOptions } from "./options.ts";
import { problem } from "./problems.ts";
import { newExchange } from "./replies.ts";
import { scenariosOf, type Scenarios } from "./scenarios.ts";
import type { BillingMockState } from "./state.ts";

export interface BillingMock {
  /** Answers a request as the API would. Accepts what `fetch` accepts, so it can stand in for it. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** What the mock holds now: invoices, CC recipients, queued emails. */
  readonly state: BillingMockState;
  /** Back to the fixtures: recipients, queued emails, rate-limit windows, queued scenarios, the request journal and idempotency keys are cleared. */
  reset(): void;
  /** The request journal: every request the mock saw, oldest first, credentials redacted. */
  readonly requests: Requests;
  /** Typed overrides for the next calls of an operation: `mock.scenarios.next("resendInvoiceEmail", { code: 503, times: 2 })`. */
  readonly scenarios: Scenarios;
  /** The operations of the spec this mock has no behaviour for: they answer their first success example. */
  readonly answeredFromExamples: readonly OperationId[];
}

export function createBillingMock(options: BillingMockOptions = {}): BillingMock {
  return mockOf(createPipeline(options));
}

/** A BillingMock around a pipeline; tests build one with a `Behaviour` of their own. */
export function mockOf({ answer, store, now, scenarios, journal, answeredFromExamples, reset }: Pipeline): BillingMock {
  return {
    async fetch(input, init) {
      let request: Request;
      try {
        request =
          input instanceof Request && init === undefined
            ? input
            : new Request(typeof input === "string" ? new URL(input, "http://localhost") : input, init);
      } catch (error) {
        return problem(newExchange(now()), 400, { detail: `Not a valid request: ${(error as Error).message}` });
      }
      const response = await answer(request, {}, false);
      // A dropped connection fails the call as fetch does in Node (undici) on a reset.
      if (response.status === 0) throw connectionReset();
      return response;
    },
    state: store.view(),
    reset,
    requests: requestsOf(journal),
    scenarios: scenariosOf(scenarios),
    answeredFromExamples: Object.freeze([...answeredFromExamples]),
  };
}

/** What Node's fetch rejects with when the server resets the connection. */
export function connectionReset(): TypeError {
  const cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" });
  return new TypeError("fetch failed", { cause });
}
