/** The spec's own validation of a request's parameters and body, its refusals turned into a 400 Problem with field errors. */
import type { ErrorObject } from "ajv";
import type { ModelOperation } from "@hostup/billing-openapi";
import type { ProblemFieldError } from "./contract.ts";
import type { Body } from "./body.ts";
import { problem } from "./problems.ts";
import type { Exchange } from "./replies.ts";
import { parseParameters, type ParsedParameters } from "./request-parameters.ts";
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
  /** Path segments as the router matched them, still percent-encoded. */
  params: Record<string, string>;
  /** Its query is read; a `URL` will do. */
  url: RequestTarget;
  headers: Headers;
  body: Body;
}

/** A request that passed: its parameters parsed in their styles and coerced to their schemas' types, and its body. */
export interface ValidRequest extends ParsedParameters {
  body: unknown;
}

/** The request's parameters and body when they pass the spec's validation; else its 400 answer. */
export function validateRequest(exchange: Exchange, route: Route, request: RequestParts): ValidRequest | Response {
  const parameters = parseParameters(
    route.model.parameters,
    { params: request.params, search: request.url.search, headers: request.headers },
    route.credentialNames,
  );
  const validators = route.validators;
  const errors: ErrorObject[] = [];
  if (!validators.parameters(parameters)) errors.push(...(validators.parameters.errors ?? []));
  const validateBody = validators.body(request.body.mediaType);
  const input = "value" in request.body ? { requestBody: request.body.value } : {};
  if (validateBody && !validateBody(input)) errors.push(...(validateBody.errors ?? []));
  if (errors.length > 0) return invalid(exchange, errors, route.model);
  return { ...parameters, body: (input as { requestBody?: unknown }).requestBody };
}

/** 400 for a request the spec's validation refused, one field error per offending body member. */
export function invalid(exchange: Exchange, errors: ErrorObject[], operation: OperationParameters): Response {
  const fieldErrors: ProblemFieldError[] = [];
  const parameterDetails: string[] = [];
  const unknownParameters: ProblemFieldError[] = [];
  for (const error of errors) {
    if (error.instancePath.startsWith("/requestBody") || (error.instancePath === "" && error.params.missingProperty === "requestBody")) {
      fieldErrors.push(fieldError(error));
    } else {
      // A missing parameter is reported at its location (`/query`), naming it in `missingProperty`;
      // an invalid one at `/<location>/<name>`, an item of it deeper (`/query/ids/1`).
      const [, location = "", token] = error.instancePath.split("/");
      const name =
        token !== undefined ? unescapeToken(token) : error.keyword === "required" ? String(error.params.missingProperty) : location;
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

/** One JSON Pointer reference token as the name it stands for. */
function unescapeToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** What a 400 needs of an operation to describe its parameters: openapi-backend's operation or the model's. */
export type OperationParameters = Pick<ModelOperation, "parameters"> | { parameters?: unknown[] };

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

function describeParameter(operation: OperationParameters, name: string, error: ErrorObject): string {
  if (error.keyword === "additionalProperties") return `Unknown ${name} parameter \`${String(error.params.additionalProperty)}\`.`;
  const location = error.instancePath.split("/")[1];
  const parameters = (operation.parameters ?? []) as { name?: string; in?: string; example?: unknown; schema?: { pattern?: string } }[];
  // Header names are compared as HTTP compares them; the validator holds them in lower case.
  const parameter = parameters.find(
    (p) => (p.in === "header" ? p.name?.toLowerCase() === name.toLowerCase() : p.name === name) && (!location || p.in === location),
  );
  const where = parameter?.in ?? "parameter";
  if (error.keyword === "required") return `\`${parameter?.name ?? name}\` (${where}) is required.`;
  const pattern = parameter?.schema?.pattern;
  if (error.keyword === "pattern" && pattern) {
    // Stryker disable next-line OptionalChaining: a pattern was found, so the parameter is defined here.
    const example = typeof parameter?.example === "string" ? `, such as ${parameter.example}` : "";
    return `\`${name}\` must match ${pattern}${example}.`;
  }
  return `\`${name}\` (${where}) ${error.message ?? "is invalid"}.`;
}
