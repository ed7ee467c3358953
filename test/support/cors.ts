/** Browser-style CORS checks shared by the suites that start a mock server. */
import { expect } from "vitest";

/**
 * Sends the preflight a browser sends before a cross-origin POST from `origin` with these
 * request headers, checks that it allows POST and Authorization for that origin, and
 * returns the answer for further checks.
 */
export async function expectPreflightAllowsAuthorization(url: string, origin: string, requestHeaders: string): Promise<Response> {
  const response = await fetch(url, {
    method: "OPTIONS",
    headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": requestHeaders },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get("access-control-allow-origin")).toBe(origin);
  expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  return response;
}
