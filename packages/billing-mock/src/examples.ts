/**
 * Answers taken from the spec's response examples, marked `X-Mock-Source`: what a scenario's
 * `code`/`example` asks for, and what an operation with no behaviour in this mock answers.
 * They read the operation model's responses: each status's media types, examples and headers.
 * A JSON example is answered as JSON, a text one as its text, a binary one as the bytes of its
 * string, and a response without content with no body and no Content-Type.
 */
import type { ModelResponse } from "@hostup/billing-openapi";
import { preferredMediaType } from "./negotiation.ts";
import { problem, problemBody } from "./problems.ts";
import { bodilessSuccess, cutJson } from "./faults.ts";
import { respond, respondWith, type Exchange } from "./replies.ts";
import type { Route } from "./routes.ts";

/** The response header naming where an answer came from other than behaviour. */
export const MOCK_SOURCE = "x-mock-source";

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
  const example = exampleOf(route, status, name, exchange.accept);
  if (!example) {
    const body = problemBody(exchange)(500, {
      detail: `A scenario asked for ${status}, which ${route.operationId} does not document.`,
    });
    return respond(exchange, status, { ...body, status }, "application/problem+json", { [MOCK_SOURCE]: "scenario" });
  }
  const headers: Record<string, string> = { ...example.headers, [MOCK_SOURCE]: custom ? "scenario" : "example" };
  // After the example's: respond() lower-cases every name, and the later value of a name wins.
  for (const [header, value] of Object.entries(custom?.headers ?? {})) headers[header] = value;
  const value = custom?.body !== undefined ? custom.body : example.value;
  return respondWith(exchange, status, value, example.mediaType, headers);
}

/** A documented status's example: its body's media type (undefined: no body), value, and its headers' example values. */
export interface Example {
  mediaType: string | undefined;
  value: unknown;
  headers: Record<string, string>;
}

/** The response the operation documents for `status`: the status written out, else its range (`2XX`), else `default`. */
export function responseFor(route: Route, status: number): ModelResponse | undefined {
  const { responses } = route.model;
  return (
    responses.find((r) => r.status === String(status)) ??
    responses.find((r) => r.status === `${String(status)[0]}XX`) ??
    responses.find((r) => r.status === "default")
  );
}

/**
 * The spec's example `name` (else the first, else the schema's sample) of the operation's
 * `status`, in the media type that holds that name, else the one `accept` prefers; undefined
 * when the operation does not document the status.
 */
export function exampleOf(route: Route, status: number, name?: string, accept: string | null = null): Example | undefined {
  const response = responseFor(route, status);
  if (!response) return undefined;
  const headers: Record<string, string> = {};
  for (const header of response.headers) {
    // Deprecation and Sunset state a fact of the spec (deprecation.ts): no illustration replaces them.
    const key = header.name.toLowerCase();
    if (header.example !== undefined && !route.deprecation?.[key]) headers[key] = String(header.example);
  }
  const preferred = preferredMediaType(
    accept,
    response.contents.map((c) => c.mediaType),
  );
  const content =
    (name !== undefined ? response.contents.find((c) => Object.hasOwn(c.examples, name)) : undefined) ??
    response.contents.find((c) => c.mediaType === preferred);
  if (!content) return { mediaType: undefined, value: undefined, headers };
  // Without examples, the value Prism's static mode generates from the schema (the model's sample).
  const value = name !== undefined ? content.examples[name] : (Object.values(content.examples)[0] ?? content.sample);
  return { mediaType: content.mediaType, value, headers };
}

/** The answer of an operation with no behaviour: its first success example, as the spec gives it. */
export function fromExample(exchange: Exchange, route: Route): Response {
  const status = successStatus(route);
  if (status === undefined) {
    return problem(exchange, 500, {
      detail: `${route.operationId} has no behaviour in this mock and documents no success to answer instead.`,
    });
  }
  return exampleAnswer(exchange, route, status);
}

/**
 * The first success status the operation writes out (200 to 299), which an operation without
 * behaviour answers; with `withBody`, the first that can carry a body (no 204 or 205).
 */
export function firstSuccess(route: Route, withBody = false): number | undefined {
  // A range ("2XX") or "default" is NaN as a number, which no comparison admits.
  return route.model.responses
    .map((response) => Number(response.status))
    .find((status) => status >= 200 && status <= 299 && !(withBody && bodilessSuccess(status)));
}

/**
 * The status an operation without behaviour answers: its first written-out success, else 200
 * when it documents the `2XX` range or a `default` answer; undefined when it documents
 * failures alone.
 */
export function successStatus(route: Route): number | undefined {
  const written = firstSuccess(route);
  if (written !== undefined) return written;
  const { responses } = route.model;
  // `default` stands for every status the operation does not write out, successes included.
  return responses.some((r) => r.status === "2XX" || r.status === "default") ? 200 : undefined;
}

/**
 * `fault=malformed`: a success status (`status`, else the operation's first that can carry a
 * body, else 200) with its example's media type and the example's JSON cut so that it does not
 * parse, changing no state; marked `X-Mock-Source: scenario`.
 */
export function malformedAnswer(exchange: Exchange, route: Route, status?: number, name?: string): Response {
  const code = status ?? firstSuccess(route, true) ?? 200;
  const example = exampleOf(route, code, name, exchange.accept);
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
