/** Browser-style CORS checks shared by the suites that start a mock server. */
import { expect } from "vitest";

/**
 * The preflight a browser sends before a cross-origin `method` request to `url` from `origin`,
 * asking for `requestHeaders` (a comma-separated list) when given.
 */
export function preflightRequest(url: string, origin: string, method: string, requestHeaders?: string): Request {
  const headers: Record<string, string> = { Origin: origin, "Access-Control-Request-Method": method };
  if (requestHeaders !== undefined) headers["Access-Control-Request-Headers"] = requestHeaders;
  return new Request(url, { method: "OPTIONS", headers });
}

/** Sends preflightRequest() and returns the answer. */
export function preflight(url: string, origin: string, method: string, requestHeaders?: string): Promise<Response> {
  return fetch(preflightRequest(url, origin, method, requestHeaders));
}

/**
 * Sends the preflight a browser sends before a cross-origin POST from `origin` with these
 * request headers, checks that it allows POST and Authorization for that origin, and
 * returns the answer for further checks.
 */
export async function expectPreflightAllowsAuthorization(url: string, origin: string, requestHeaders: string): Promise<Response> {
  const response = await preflight(url, origin, "POST", requestHeaders);
  expect(response.status).toBe(204);
  expect(response.headers.get("access-control-allow-origin")).toBe(origin);
  expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  return response;
}

/** The CORS headers of an answer (`access-control-*`), by lower-case name. */
export function corsHeadersOf(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith("access-control-")));
}

/**
 * Checks the CORS answers a browser and a non-browser caller get from a mock at `url` (a path
 * of an operation that accepts POST): a preflight and a simple answer from `origin` reflect
 * it with credentials and never `*`; without `Origin` neither carries any CORS header.
 * Returns the CORS headers of the four answers, so two mocks can be compared.
 */
export async function expectCorsRules(url: string, origin: string): Promise<Record<string, Record<string, string>>> {
  const allowed = await expectPreflightAllowsAuthorization(url, origin, "authorization, content-type, prefer");
  const simple = await fetch(url, { method: "POST", headers: { Origin: origin } });
  const preflightWithoutOrigin = await fetch(url, {
    method: "OPTIONS",
    headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization" },
  });
  const simpleWithoutOrigin = await fetch(url, { method: "POST" });
  const answers = {
    preflight: corsHeadersOf(allowed),
    simple: corsHeadersOf(simple),
    preflightWithoutOrigin: corsHeadersOf(preflightWithoutOrigin),
    simpleWithoutOrigin: corsHeadersOf(simpleWithoutOrigin),
  };
  for (const [name, headers] of Object.entries(answers)) {
    // Browsers refuse `*` together with credentials: no answer may carry both.
    if (headers["access-control-allow-credentials"] === "true") expect(headers["access-control-allow-origin"], name).not.toBe("*");
  }
  for (const headers of [answers.preflight, answers.simple]) {
    expect(headers).toMatchObject({ "access-control-allow-origin": origin, "access-control-allow-credentials": "true" });
  }
  expect(answers.simple["access-control-expose-headers"]).toContain("Retry-After");
  expect(preflightWithoutOrigin.status).toBe(204);
  expect(answers.preflightWithoutOrigin).toEqual({});
  expect(answers.simpleWithoutOrigin).toEqual({});
  // Drain the bodies so the connections can be reused.
  await Promise.all([simple.text(), simpleWithoutOrigin.text(), preflightWithoutOrigin.text()]);
  return answers;
}
