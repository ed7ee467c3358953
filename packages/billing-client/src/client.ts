import createClient, { defaultPathSerializer, type Client, type Middleware } from "openapi-fetch";
import { operationMetadata, serverUrl, type components, type paths } from "@hostup/billing-openapi";
import { InvalidArgumentError, ProblemError, UnexpectedResponseError } from "./errors.ts";

export type InvoiceEmailResend = components["schemas"]["InvoiceEmailResend"];
export type InvoiceCcRecipient = components["schemas"]["InvoiceCcRecipient"];
export type AddInvoiceCcRecipientRequest = components["schemas"]["AddInvoiceCcRecipientRequest"];

export interface BillingClientOptions {
  /** API origin, without `/api/v2`. Defaults to the spec's server, `https://cloud.hostup.se`. */
  baseUrl?: string;
  /** API key sent as `Authorization: Bearer`. A function is called before every request (sync or async). */
  token?: string | (() => string | Promise<string>);
  /** Dashboard session, sent as the `hostup_session` cookie. Server-side only: browsers forbid setting `Cookie`. */
  session?: string;
  /** The fetch to use; defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
}

export interface BillingClient {
  /** Queues a resend of the invoice email. Not idempotent: each call queues another email. */
  resendInvoiceEmail(id: string, options?: CallOptions): Promise<InvoiceEmailResend>;
  /** Adds an invoice CC recipient. The server lower-cases the email and cuts the description to 255 characters. */
  addInvoiceCcRecipient(body: AddInvoiceCcRecipientRequest, options?: CallOptions): Promise<InvoiceCcRecipient>;
  /** The typed openapi-fetch client, with the same base URL, auth and path-parameter checks. */
  readonly raw: Client<paths>;
}

type OperationId = keyof typeof operationMetadata;

// Operations by path template, longest first so a template never matches a longer one's suffix.
const byPath = Object.entries(operationMetadata)
  .map(([id, meta]) => ({ id: id as OperationId, meta }))
  .sort((a, b) => b.meta.path.length - a.meta.path.length);

const HEADER_SAFE = /^[\x21-\x7E]+$/;
// RFC 6265 cookie-octet: no whitespace, DQUOTE, comma, semicolon or backslash.
const COOKIE_SAFE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/;

export function createBillingClient(options: BillingClientOptions = {}): BillingClient {
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const { token, session } = options;
  if (typeof token === "string") checkToken(token);
  else if (token !== undefined && typeof token !== "function") {
    throw new InvalidArgumentError("token", "must be a string or a function returning one");
  }
  if (session !== undefined) checkSession(session);

  const raw = createClient<paths>({
    baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    pathSerializer: checkedPathSerializer,
  });
  const auth: Middleware = {
    async onRequest({ request }) {
      if (token !== undefined) {
        const value = typeof token === "function" ? await token() : token;
        checkToken(value);
        request.headers.set("Authorization", `Bearer ${value}`);
      }
      if (session !== undefined) request.headers.set("Cookie", `hostup_session=${session}`);
      return request;
    },
  };
  raw.use(auth);

  return {
    raw,
    async resendInvoiceEmail(id, callOptions = {}) {
      const result = await raw.POST("/api/v2/billing/invoices/{id}/actions/resend-email", {
        params: { path: { id } },
        parseAs: "text",
        ...signalOf(callOptions),
      });
      return parseResult<InvoiceEmailResend>("resendInvoiceEmail", result);
    },
    async addInvoiceCcRecipient(body, callOptions = {}) {
      const result = await raw.POST("/api/v2/billing/payment-methods/contacts", {
        body,
        parseAs: "text",
        ...signalOf(callOptions),
      });
      return parseResult<InvoiceCcRecipient>("addInvoiceCcRecipient", result);
    },
  };
}

function signalOf(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

async function parseResult<T>(operation: string, result: { response: Response; data?: unknown; error?: unknown }): Promise<T> {
  const { response } = result;
  if (!response.ok) {
    // openapi-fetch has already tried JSON.parse on an error body: an object, or the raw text when it was not JSON.
    throw new ProblemError(operation, response, result.error);
  }
  try {
    return (typeof result.data === "string" && result.data !== "" ? JSON.parse(result.data) : result.data) as T;
  } catch {
    throw new UnexpectedResponseError(operation, response, "has a body that is not valid JSON");
  }
}

/**
 * openapi-fetch leaves `.` unencoded, so an id of `..` would walk the URL to another
 * endpoint. Every path parameter is checked against the spec's pattern before any request.
 */
function checkedPathSerializer(url: string, params: Record<string, unknown>): string {
  const match = byPath.find(({ meta }) => url.endsWith(meta.path));
  for (const name of url.match(/\{[^{}]+\}/g)?.map((braced) => braced.slice(1, -1)) ?? []) {
    const value = params[name];
    const parameters: Partial<Record<string, { pattern: string | null }>> | undefined = match?.meta.pathParameters;
    const pattern = parameters?.[name]?.pattern;
    if (typeof value !== "string") {
      throw new InvalidArgumentError(name, `is required and must be a string${describePattern(pattern)}`);
    }
    const unsafe = pattern ? !new RegExp(pattern, "u").test(value) : value === "" || /^\.{1,2}$/.test(value);
    if (unsafe) {
      throw new InvalidArgumentError(
        name,
        `${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)} is not valid${describePattern(pattern)}; no request was sent`,
      );
    }
  }
  return defaultPathSerializer(url, params);
}

function describePattern(pattern: string | null | undefined): string {
  return pattern ? ` (must match ${pattern})` : "";
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("baseUrl", "must be an absolute http(s) URL such as https://cloud.hostup.se");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidArgumentError("baseUrl", "must use http or https");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InvalidArgumentError("baseUrl", "must not contain credentials, a query or a fragment");
  }
  return url.href.replace(/\/+$/, "");
}

function checkToken(value: unknown): asserts value is string {
  if (typeof value !== "string" || !HEADER_SAFE.test(value)) {
    // Never echo the value: it is a secret.
    throw new InvalidArgumentError(
      "token",
      "must be a non-empty string of visible ASCII characters (no spaces, CR, LF or other control characters); no request was sent",
    );
  }
}

function checkSession(value: unknown): void {
  if (typeof value !== "string" || !COOKIE_SAFE.test(value)) {
    throw new InvalidArgumentError(
      "session",
      "must be a non-empty cookie value (no spaces, quotes, commas, semicolons, backslashes or control characters)",
    );
  }
}
