/**
 * Type-level contracts of the mock: handlers can only say what the spec documents. Checked by
 * `pnpm typecheck` (tsc over test/), not by `vitest run`, whose runtime cannot fail on a type:
 * the `.test-d.ts` name keeps it out of vitest's `*.test.ts` and is vitest's typecheck-mode name.
 */
import { expectTypeOf, test } from "vitest";
import { errorCatalog, type operationMetadata } from "@hostup/billing-openapi";
import {
  createBillingMock,
  type Fault,
  type HandlerInput,
  type Handlers,
  type JournalEntry,
  type Reply,
  type ResponseBody,
} from "@hostup/billing-mock";

test("a reply can only carry a status, body and headers the spec documents for its operation", () => {
  // @ts-expect-error 409 is not a documented status of addInvoiceCcRecipient
  const conflict: Reply<"addInvoiceCcRecipient"> = { status: 409, body: {} };
  // @ts-expect-error the 201 body is an InvoiceCcRecipient, whose id is a string
  const numericId: Reply<"addInvoiceCcRecipient"> = { status: 201, body: { id: 42, email: "ap@example.com", description: null } };
  // @ts-expect-error the 200 body needs queuedAt
  const noQueuedAt: Reply<"resendInvoiceEmail"> = { status: 200, body: { email: "billing@example.com" } };
  // @ts-expect-error the list has no 404: nothing in its path can be missing
  const listNotFound: Reply<"listInvoiceCcRecipients"> = { status: 404, body: {} };
  // @ts-expect-error a 429 must carry the spec's Retry-After and X-RateLimit-* headers
  const bare429: Reply<"resendInvoiceEmail"> = { status: 429, body: {} };
  const full429: Reply<"resendInvoiceEmail"> = {
    status: 429,
    body: { ...errorCatalog[429], status: 429 },
    headers: { "Retry-After": 30, "X-RateLimit-Limit": 60, "X-RateLimit-Remaining": 0, "X-RateLimit-Reset": "2026-04-27T12:35:26.000Z" },
  };
  void [conflict, numericId, noQueuedAt, listNotFound, bare429, full429];
});

test("handler inputs are the generated parameter and body types, one handler per operation", () => {
  expectTypeOf<HandlerInput<"resendInvoiceEmail">["params"]>().toEqualTypeOf<{ id: string }>();
  expectTypeOf<HandlerInput<"resendInvoiceEmail">["body"]>().toEqualTypeOf<undefined>();
  expectTypeOf<HandlerInput<"addInvoiceCcRecipient">["body"]>().toEqualTypeOf<{ email: string; description?: string }>();
  expectTypeOf<HandlerInput<"removeInvoiceCcRecipient">["body"]>().toEqualTypeOf<{ id: string }>();
  expectTypeOf<keyof Handlers>().toEqualTypeOf<keyof typeof operationMetadata>();
});

test("mock.fetch can stand in for fetch", () => {
  expectTypeOf(createBillingMock().fetch).toExtend<typeof fetch>();
});

test("a custom answer's body is the type the spec gives that status: an impossible body does not compile", () => {
  const mock = createBillingMock();
  mock.scenarios.next("listInvoiceCcRecipients", {
    code: 200,
    body: { contacts: [{ id: "7", email: "ap@example.com", description: null }] },
  });
  mock.scenarios.next("resendInvoiceEmail", { code: 404, body: { ...errorCatalog[404], status: 404 }, headers: { "X-Trace": "abc" } });
  const numericId = { contacts: [{ id: 7, email: "ap@example.com", description: null }] };
  // @ts-expect-error a contact's id is a string
  mock.scenarios.next("listInvoiceCcRecipients", { code: 200, body: numericId });
  // @ts-expect-error the 200 body of the list needs contacts
  mock.scenarios.next("listInvoiceCcRecipients", { code: 200, body: {} });
  // @ts-expect-error the 201 of an add is one recipient, not a list
  mock.scenarios.next("addInvoiceCcRecipient", { code: 201, body: { contacts: [] } });
  // @ts-expect-error the list documents no 404, so there is no 404 body to give
  mock.scenarios.next("listInvoiceCcRecipients", { code: 404, body: { ...errorCatalog[404], status: 404 } });
  // @ts-expect-error a body and an example are two answers: give one
  mock.scenarios.next("listInvoiceCcRecipients", { code: 200, example: "none", body: { contacts: [] } });
  expectTypeOf<ResponseBody<"addInvoiceCcRecipient", 201>>().toEqualTypeOf<{ id: string; email: string; description: string | null }>();
});

test("faults are the four the mock plays", () => {
  expectTypeOf<Fault>().toEqualTypeOf<"reset" | "drop-after-commit" | "slow-body" | "malformed">();
  expectTypeOf(createBillingMock().requests.list()).toEqualTypeOf<JournalEntry[]>();
});
