/** `@hostup/billing-mock`: the mock as a web-standard fetch handler (Node, browsers, workers), its fixtures and handler types. */
export { createBillingMock, type BillingMock } from "./in-process.ts";
export {
  DEFAULT_OUTBOX_CC_BYTES,
  DEFAULT_OUTBOX_LIMIT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RECIPIENT_LIMIT,
  type BillingMockOptions,
} from "./options.ts";
export {
  MAX_DELAY_MS,
  MAX_QUEUED_SCENARIOS,
  ScenarioError,
  type DocumentedStatus,
  type ExampleName,
  type CustomHeaders,
  type Scenario,
  type Scenarios,
  type ServerErrorStatus,
} from "./scenarios.ts";
export { MAX_BODY_BYTES } from "./body.ts";
export {
  DEFAULT_JOURNAL_BODY_BYTES,
  DEFAULT_JOURNAL_BYTES,
  DEFAULT_JOURNAL_ENTRIES,
  type AnsweredBy,
  type JournalEntry,
  type JournalLimits,
  type Requests,
} from "./journal.ts";
export { FAULTS, type Fault } from "./faults.ts";
export type { ResponseBody } from "./custom-responses.ts";
export {
  defaultFixtures,
  FixtureError,
  type BillingMockFixtures,
  type CredentialFixture,
  type InvoiceFixture,
  type RateLimit,
  type SessionFixture,
  type TokenFixture,
} from "./fixtures.ts";
export { DESCRIPTION_MAX, type BillingMockState, type QueuedInvoiceEmail } from "./state.ts";
export type { Handlers, HandlerInput } from "./operations.ts";
export type { JsonBody, OperationId, PathParams, Reply, Status } from "./contract.ts";
