export {
  createBillingMock,
  DEFAULT_OUTBOX_LIMIT,
  DEFAULT_RATE_LIMIT,
  MAX_BODY_BYTES,
  type BillingMock,
  type BillingMockOptions,
} from "./mock.ts";
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
