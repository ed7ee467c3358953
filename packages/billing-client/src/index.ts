export {
  createBillingClient,
  type AddInvoiceCcRecipientRequest,
  type BillingClient,
  type BillingClientOptions,
  type CallOptions,
  type InvoiceCcRecipient,
  type InvoiceEmailResend,
  type RetryContext,
  type RetryOptions,
} from "./client.ts";
export {
  InvalidArgumentError,
  NetworkError,
  ProblemError,
  RedirectError,
  TimeoutError,
  UnexpectedResponseError,
  type Problem,
  type ProblemFieldError,
  type RateLimit,
} from "./errors.ts";
