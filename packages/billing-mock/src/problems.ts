/** Problem documents (RFC 7807) for one request, their `code`, `title` and `type` from the spec's error catalog. */
import { errorCatalog } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import type { Problem, ProblemFieldError } from "./contract.ts";
import { newExchange, respond, type Exchange } from "./replies.ts";

export interface ProblemInit {
  detail: string;
  /** Replaces the catalog's title for this status, e.g. "Malformed JSON" for a 400. */
  title?: string;
  errors?: ProblemFieldError[];
}

type Entry = { code: string; title: string; type: string };

/** The statuses the spec's catalog documents. */
type CatalogStatus = {
  [S in keyof typeof errorCatalog]: S extends `${infer N extends number}` ? N : never;
}[keyof typeof errorCatalog];

/**
 * The catalog's URL pattern, from its 400 entry; a spec whose examples give no catalog gets
 * RFC 9457's `about:blank` problem types instead.
 */
const catalogBase: string | undefined = (errorCatalog as Partial<Record<string, Entry>>)["400"]?.type;
const typeOf = (code: string) => (catalogBase ? new URL(code, catalogBase).href : "about:blank");

/**
 * 405 is the mock's own answer, outside the API's docs: it is given when no operation matched
 * the method, so no operation can document it and the spec's catalog has no entry. Its `type`
 * follows the catalog's URL pattern rather than inventing another.
 */
const MOCK_ONLY = {
  405: { code: "method_not_allowed", title: "Method not allowed", type: typeOf("method_not_allowed") },
};

type SharedProblems = (typeof spec)["x-shared-problems"];
/** The statuses the spec's `x-shared-problems` gives any operation (406, 415): requests no operation describes. */
type SharedStatus = { [S in keyof SharedProblems]: S extends `${infer N extends number}` ? N : never }[keyof SharedProblems];

/** `x-shared-problems` in the catalog's shape; `type` follows the catalog's URL pattern. */
const SHARED = Object.fromEntries(
  Object.entries((spec as { "x-shared-problems"?: Record<string, { code: string; title: string }> })["x-shared-problems"] ?? {}).map(
    ([status, { code, title }]) => [status, { code, title, type: typeOf(code) }],
  ),
) as Record<SharedStatus, Entry>;

/**
 * Every status any Problem of the mock may carry, as RFC 9457 §4.2.1 gives an `about:blank`
 * problem: the status's reason phrase as title, and a snake_case code made of it. What a
 * spec's catalog and `x-shared-problems` document replaces these.
 */
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
};
const BLANK = Object.fromEntries(
  Object.entries(REASONS).map(([status, title]) => [
    status,
    { code: title.toLowerCase().replaceAll(" ", "_"), title, type: "about:blank" },
  ]),
);

const catalog: Record<CatalogStatus | 405 | SharedStatus, Entry> = { ...BLANK, ...errorCatalog, ...MOCK_ONLY, ...SHARED };

/** Every status the mock may answer with a Problem document. */
export type ProblemStatus = keyof typeof catalog;

/** A Problem document's members for this request; handlers build their error bodies with it. */
export function problemBody(exchange: Exchange) {
  return (status: ProblemStatus, init: ProblemInit): Problem => {
    // A status outside every catalog (a scenario's undocumented 5xx) borrows the 500's members.
    const { code, title, type } = catalog[status] ?? catalog[500];
    return {
      type,
      title: init.title ?? title,
      status,
      detail: init.detail,
      code,
      instance: exchange.instance,
      requestId: exchange.requestId,
      timestamp: exchange.at.toISOString(),
      ...(init.errors ? { errors: init.errors } : {}),
    };
  };
}

/** The Problem answer for this request. */
export function problem(exchange: Exchange, status: ProblemStatus, init: ProblemInit): Response {
  return respond(exchange, status, problemBody(exchange)(status, init), "application/problem+json");
}

/** A Problem document for an answer given outside any mock, such as a request HTTP itself could not parse. */
export function problemDocument(status: ProblemStatus, init: ProblemInit, instance = "/"): Problem {
  return problemBody(newExchange(new Date(), instance))(status, init);
}
