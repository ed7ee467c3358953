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
  type RateLimit,
} from "./errors.ts";
// The spec's component schemas (`InvoiceEmailResend`, `Problem`, ...), the `Credentials` option and the `ErrorBody` union.
export type * from "./types.gen.ts";
