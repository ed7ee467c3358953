/** `pnpm mock` as a frontend team runs it: a real process on a free port. */
import { errorCatalog } from "@hostup/billing-openapi";
import { describe, expect, test } from "vitest";
import { scriptServer, testServerSettings, testStopsCleanly } from "../support/process.ts";
import { expectPreflightAllowsAuthorization } from "../support/cors.ts";
import { pathOf } from "../support/examples.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");

const mock = scriptServer("scripts/mock.ts", /at (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*curl [^\n]+\n[\s\S]*curl [^\n]+\n/, {
  MOCK_PORT: "0",
});

describe("pnpm mock", () => {
  test("prints its URL and a sample curl for the resend operation", () => {
    expect(mock.output()).toContain(`curl -i -X POST ${mock.url}${RESEND} -H 'Authorization: Bearer test-token'`);
  });

  test("answers a malformed JSON body with 400 problem+json instead of hanging, and keeps serving", async () => {
    const response = await fetch(`${mock.url}${CONTACTS}`, {
      method: "POST",
      headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
      body: '{"email":',
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 400, code: errorCatalog[400].code, title: "Malformed JSON" });

    const next = await fetch(`${mock.url}${RESEND}`, { method: "POST", headers: { Authorization: "Bearer t" } });
    expect(next.status).toBe(200);
  });

  test("answers an oversized body with 400 problem+json", async () => {
    const response = await fetch(`${mock.url}${CONTACTS}`, {
      method: "POST",
      headers: { Authorization: "Bearer t", "Content-Type": "application/json" },
      body: JSON.stringify({ email: "a@example.com", description: "x".repeat(200_000) }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe(errorCatalog[400].code);
  });

  test("passes a CORS preflight that asks for Authorization, from any origin", async () => {
    await expectPreflightAllowsAuthorization(`${mock.url}${CONTACTS}`, "http://localhost:5173", "authorization, content-type, prefer");
  });

  test("exposes the rate-limit headers to cross-origin callers", async () => {
    const response = await fetch(`${mock.url}${RESEND}`, {
      method: "POST",
      headers: { Origin: "http://localhost:5173", Authorization: "Bearer t", Prefer: "code=429" },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  // Ctrl-C, as a developer stops it.
  testStopsCleanly(mock, "SIGINT");
});

describe("pnpm mock settings", () => {
  testServerSettings("scripts/mock.ts", "mock");
});
