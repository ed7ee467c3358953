/** The spec's own validation of a request's parameters and body, its refusals turned into a 400 Problem with field errors. */
import type { ErrorObject } from "ajv";
import { parse as parseCookies } from "cookie";
import type { Operation } from "openapi-backend";
import type { ProblemFieldError } from "./contract.ts";
import type { Body } from "./body.ts";
import { problem } from "./problems.ts";
import type { Exchange } from "./replies.ts";
import type { RequestTarget } from "./request-target.ts";
import type { Route } from "./routes.ts";

const FIELD_ERROR_CODES: Record<string, string> = {
  required: "missing_required",
  format: "invalid_format",
  pattern: "invalid_format",
  type: "invalid_type",
};

/** The request as the route's compiled validators see it. */
export interface RequestParts {
  params: Record<string, string>;
  /** Its query is read; a `URL` will do. */
  url: RequestTarget;
  headers: Headers;
  /** Already parsed while authenticating, if a session cookie was looked for. */
  cookies: Record<string, string | undefined> | undefined;
  body: Body;
}

/** undefined when the request passes the spec's validation; else its 400 answer. */
export function validateRequest(exchange: Exchange, route: Route, request: RequestParts): Response | undefined {
  // Query parameters are always collected: the validator refuses ones the spec does not declare.
  const { search } = request.url;
  const input: Record<string, unknown> = {
    path: request.params,
    // Most requests have no query: no URLSearchParams for them.
    query: search === "" ? {} : Object.fromEntries(new URLSearchParams(search)),
    header: route.declares.header ? Object.fromEntries(request.headers) : {},
    cookie: route.declares.cookie ? (request.cookies ?? parseCookies(request.headers.get("cookie") ?? "")) : {},
  };
  if ("json" in request.body) input.requestBody = request.body.json;
  let errors: ErrorObject[] | undefined;
  for (const validate of route.validators) {
    if (!validate(input) && validate.errors && validate.errors.length > 0) (errors ??= []).push(...validate.errors);
  }
  return errors ? invalid(exchange, errors, route.operation) : undefined;
}

/** 400 for a request the spec's validation refused, one field error per offending body member. */
export function invalid(exchange: Exchange, errors: ErrorObject[], operation: Operation): Response {
  const fieldErrors: ProblemFieldError[] = [];
  const parameterDetails: string[] = [];
  const unknownParameters: ProblemFieldError[] = [];
  for (const error of errors) {
    if (error.instancePath.startsWith("/requestBody") || (error.instancePath === "" && error.params.missingProperty === "requestBody")) {
      fieldErrors.push(fieldError(error));
    } else {
      // A missing parameter is reported at its location (`/query`), naming it in `missingProperty`.
      const name = error.keyword === "required" ? String(error.params.missingProperty) : error.instancePath.split("/").pop()!;
      const detail = describeParameter(operation, name, error);
      parameterDetails.push(detail);
      // The spec's rule for requests no operation describes: an undeclared query parameter gets a field error naming it.
      if (error.keyword === "additionalProperties" && error.instancePath === "/query") {
        unknownParameters.push({
          pointer: `/query/${pointerToken(String(error.params.additionalProperty))}`,
          code: "unknown_parameter",
          detail,
        });
      }
    }
  }
  if (parameterDetails.length > 0) {
    const detail = [...new Set(parameterDetails)].join(" ");
    return problem(exchange, 400, unknownParameters.length > 0 ? { detail, errors: unknownParameters } : { detail });
  }
  return problem(exchange, 400, { detail: "The request body failed validation.", errors: fieldErrors });
}

/** A name as one JSON Pointer reference token (RFC 6901: `~` and `/` escaped). */
function pointerToken(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}

function fieldError(error: ErrorObject): ProblemFieldError {
  // Stryker disable next-line Regex: only errors whose path starts with /requestBody get here, so the first match is that prefix, anchored or not.
  const at = error.instancePath.replace(/^\/requestBody/, "");
  if (error.keyword === "required") {
    if (error.instancePath === "") return { pointer: "", code: "missing_required", detail: "A JSON request body is required." };
    const member = String(error.params.missingProperty);
    return {
      pointer: `${at}/${member.replaceAll("~", "~0").replaceAll("/", "~1")}`,
      code: "missing_required",
      detail: `\`${member}\` is required.`,
    };
  }
  if (error.keyword === "additionalProperties") {
    const member = String(error.params.additionalProperty);
    return {
      pointer: `${at}/${member.replaceAll("~", "~0").replaceAll("/", "~1")}`,
      code: "unknown_member",
      detail: `\`${member}\` is not a known member.`,
    };
  }
  const name = at === "" ? "The request body" : `\`${at.slice(1)}\``;
  const detail =
    error.keyword === "format" && error.params.format === "email"
      ? `${name} must be a valid email address.`
      : error.keyword === "type"
        ? `${name} must be of type ${String(error.params.type)}.`
        : `${name} ${error.message ?? "is invalid"}.`;
  return { pointer: at, code: FIELD_ERROR_CODES[error.keyword] ?? "invalid_value", detail };
}

function describeParameter(operation: Operation, name: string, error: ErrorObject): string {
  if (error.keyword === "additionalProperties") return `Unknown ${name} parameter \`${String(error.params.additionalProperty)}\`.`;
  const parameter = (operation.parameters ?? []).find((p) => "name" in p && p.name === name) as
    { in?: string; example?: unknown; schema?: { pattern?: string } } | undefined;
  const where = parameter?.in ?? "parameter";
  if (error.keyword === "required") return `\`${name}\` (${where}) is required.`;
  const pattern = parameter?.schema?.pattern;
  if (error.keyword === "pattern" && pattern) {
    // Stryker disable next-line OptionalChaining: a pattern was found, so the parameter is defined here.
    const example = typeof parameter?.example === "string" ? `, such as ${parameter.example}` : "";
    return `\`${name}\` must match ${pattern}${example}.`;
  }
  return `\`${name}\` (${where}) ${error.message ?? "is invalid"}.`;
}
