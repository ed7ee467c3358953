export {
  createBillingClient,
  type BillingClient,
  type BillingClientOptions,
  type CallOptions,
  type Credential,
  type RetryContext,
  type RetryOptions,
  type WithFiles,
} from "./client.ts";
export {
  InvalidArgumentError,
  NetworkError,
  ProblemError,
  RedirectError,
  TimeoutError,
  UnexpectedResponseError,
  type FieldPointer,
  type ProblemCode,
  type RateLimit,
} from "./errors.ts";
export type { Answer, ResponseHeaders, WithResponseOptions } from "./response-meta.ts";
export type { Answers, FieldPointers, ProblemCodes } from "./responses.gen.ts";
// The spec's component schemas (`InvoiceEmailResend`, `Problem`, ...), the `Credentials` option and the `ErrorBody` union.
export type * from "./types.gen.ts";
