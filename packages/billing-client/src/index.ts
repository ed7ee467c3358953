export {
  createBillingClient,
  type AddInvoiceCcRecipientRequest,
  type BillingClient,
  type BillingClientOptions,
  type CallOptions,
  type InvoiceCcRecipient,
  type InvoiceEmailResend,
} from "./client.ts";
export {
  InvalidArgumentError,
  ProblemError,
  UnexpectedResponseError,
  type Problem,
  type ProblemFieldError,
} from "./errors.ts";
