import type { components } from "@hostup/billing-openapi";

export type Problem = components["schemas"]["Problem"];
export type ProblemFieldError = components["schemas"]["ProblemFieldError"];

/**
 * The API answered with a non-2xx status. Carries the RFC 7807 members that were present
 * and well-typed; any of them may be missing, and a body that is not a Problem document
 * (an HTML 502 from a proxy, say) still gives a ProblemError with the right status.
 */
export class ProblemError extends Error {
  override name = "ProblemError";
  /** operationId of the call that failed. */
  readonly operation: string;
  /** HTTP status of the response (authoritative, whatever the body says). */
  readonly status: number;
  /** Stable machine-readable code, such as `not_found`. Branch on this, not on `detail`. */
  readonly code: string | undefined;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  /** From the body, or else from the `X-Request-Id` header. Quote it to support. */
  readonly requestId: string | undefined;
  readonly timestamp: string | undefined;
  /** Field-level errors (for `invalid_request`); empty when there are none. */
  readonly errors: ProblemFieldError[];
  /** Response headers, e.g. `Retry-After` on a 429. */
  readonly headers: Headers;
  /** The parsed body when it was a JSON object, else undefined. */
  readonly problem: Problem | undefined;

  constructor(operation: string, response: Response, body: unknown) {
    const problem = isObject(body) ? (body as Problem) : undefined;
    const member = (key: keyof Problem) => (typeof problem?.[key] === "string" ? (problem[key] as string) : undefined);
    const code = member("code");
    const detail = member("detail") ?? member("title");
    const requestId = member("requestId") ?? response.headers.get("x-request-id") ?? undefined;
    const what = code ? ` ${code}` : problem ? "" : " (the body is not a Problem document)";
    super(
      `${operation} failed with HTTP ${response.status}${what}${detail ? `: ${detail}` : ""}${requestId ? ` [request ${requestId}]` : ""}`,
    );
    this.operation = operation;
    this.status = response.status;
    this.code = code;
    this.type = member("type");
    this.title = member("title");
    this.detail = member("detail");
    this.instance = member("instance");
    this.requestId = requestId;
    this.timestamp = member("timestamp");
    this.errors = Array.isArray(problem?.errors) ? problem.errors.filter(isFieldError) : [];
    this.headers = response.headers;
    this.problem = problem;
  }
}

/** A 2xx response whose body is not the JSON the spec promises (truncated, or HTML from a proxy). */
export class UnexpectedResponseError extends Error {
  override name = "UnexpectedResponseError";
  readonly operation: string;
  readonly status: number;
  readonly headers: Headers;
  constructor(operation: string, response: Response, reason: string) {
    super(`${operation}: HTTP ${response.status} response ${reason}`);
    this.operation = operation;
    this.status = response.status;
    this.headers = response.headers;
  }
}

/** A call was refused before any request was sent, because an argument or option is unsafe or invalid. */
export class InvalidArgumentError extends TypeError {
  override name = "InvalidArgumentError";
  /** The argument or option at fault, e.g. `id`, `token`, `body.email`. */
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is ProblemFieldError {
  return (
    isObject(value) &&
    typeof value.pointer === "string" &&
    typeof value.detail === "string" &&
    typeof value.code === "string"
  );
}
