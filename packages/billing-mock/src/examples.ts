/**
 * Answers taken from the spec's response examples, marked `X-Mock-Source`: what a scenario's
 * `code`/`example` asks for, and what an operation with no behaviour in this mock answers.
 * They read the operation as openapi-backend dereferenced it, so no `$ref` is walked here.
 */
import { problem, problemBody } from "./problems.ts";
import { cutJson } from "./faults.ts";
import { respond, type Exchange } from "./replies.ts";
import type { Route } from "./routes.ts";

/** The response header naming where an answer came from other than behaviour. */
export const MOCK_SOURCE = "x-mock-source";

interface DocumentedResponse {
  content?: Record<string, { example?: unknown; examples?: Record<string, { value?: unknown }> }>;
  headers?: Record<string, { example?: unknown; schema?: { example?: unknown; examples?: unknown[] } }>;
}

/** A scenario's own answer for a documented status: a body checked against the spec (custom-responses.ts), headers over the example's. */
export interface CustomAnswer {
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The spec's example `name` (else the first) of the operation's `status`, with the example
 * values of that status's documented headers, marked `X-Mock-Source: example`; with a
 * `custom` body or headers, those instead, marked `X-Mock-Source: scenario`. A 5xx the
 * operation does not document gets a Problem in the catalog's 500 shape with that status,
 * marked `X-Mock-Source: scenario`.
 */
export function exampleAnswer(exchange: Exchange, route: Route, status: number, name?: string, custom?: CustomAnswer): Response {
  const example = exampleOf(route, status, name);
  if (!example) {
    const body = problemBody(exchange)(500, {
      detail: `A scenario asked for ${status}, which ${route.operationId} does not document.`,
    });
    return respond(exchange, status, { ...body, status }, "application/problem+json", { [MOCK_SOURCE]: "scenario" });
  }
  const headers: Record<string, string> = { ...example.headers, [MOCK_SOURCE]: custom ? "scenario" : "example" };
  for (const [header, value] of Object.entries(custom?.headers ?? {})) headers[header.toLowerCase()] = value;
  const value = custom?.body !== undefined ? custom.body : example.value;
  if (!example.mediaType) {
    return new Response(null, { status, headers: { ...exchange.headers, ...headers, "x-request-id": exchange.requestId } });
  }
  return respond(exchange, status, value, example.mediaType, headers);
}

/** A documented status's example: its body's media type (undefined: no body), value, and its headers' example values. */
export interface Example {
  mediaType: string | undefined;
  value: unknown;
  headers: Record<string, string>;
}

/** The spec's example `name` (else the first) of the operation's `status`; undefined when the operation does not document it. */
export function exampleOf(route: Route, status: number, name?: string): Example | undefined {
  const response = route.operation.responses?.[String(status)] as DocumentedResponse | undefined;
  if (!response) return undefined;
  const headers: Record<string, string> = {};
  for (const [header, described] of Object.entries(response.headers ?? {})) {
    const value = described.example ?? described.schema?.example ?? described.schema?.examples?.[0];
    // Deprecation and Sunset state a fact of the spec (deprecation.ts): no illustration replaces them.
    if (value !== undefined && !route.deprecation?.[header.toLowerCase()]) headers[header.toLowerCase()] = String(value);
  }
  // Stryker disable next-line ArrayDeclaration: with no content, a placeholder media type still comes without media, which answers no body.
  const [mediaType, media] = Object.entries(response.content ?? {})[0] ?? [];
  // Stryker disable next-line LogicalOperator: both come from one entry of the spec's JSON, so they are present or absent together.
  if (!mediaType || !media) return { mediaType: undefined, value: undefined, headers };
  const examples = media.examples ?? {};
  const value = name !== undefined ? examples[name]?.value : (Object.values(examples)[0]?.value ?? media.example);
  return { mediaType, value, headers };
}

/** The answer of an operation with no behaviour: its first success example, as the spec gives it. */
export function fromExample(exchange: Exchange, route: Route): Response {
  const status = firstSuccess(route);
  if (status === undefined) {
    return problem(exchange, 500, {
      detail: `${route.operationId} has no behaviour in this mock and documents no success to answer instead.`,
    });
  }
  return exampleAnswer(exchange, route, status);
}

/** The first success status the operation documents, which an operation without behaviour answers. */
export function firstSuccess(route: Route): number | undefined {
  // A range ("2XX") or "default" is NaN as a number, which no comparison admits.
  return Object.keys(route.operation.responses ?? {})
    .map(Number)
    .find((status) => status >= 200 && status <= 299);
}

/**
 * `fault=malformed`: a success status (`status`, else the operation's first) with its
 * example's media type and the example's JSON cut so that it does not parse, changing no
 * state; marked `X-Mock-Source: scenario`.
 */
export function malformedAnswer(exchange: Exchange, route: Route, status?: number, name?: string): Response {
  const code = status ?? firstSuccess(route) ?? 200;
  const example = exampleOf(route, code, name);
  const text = cutJson(JSON.stringify(example?.value ?? {}));
  return new Response(text, {
    status: code,
    headers: {
      ...exchange.headers,
      ...example?.headers,
      "content-type": example?.mediaType ?? "application/json",
      "x-request-id": exchange.requestId,
      [MOCK_SOURCE]: "scenario",
    },
  });
}
