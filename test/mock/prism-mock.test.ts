/** `pnpm mock` as a frontend team runs it: a real process on a free port. */
import { request } from "node:http";
import { errorCatalog } from "@hostup/billing-openapi";
import { MAX_DELAY_MS } from "@hostup/billing-mock";
import { describe, expect, test } from "vitest";
import { scriptServer, testServerSettings, testStopsCleanly } from "../support/process.ts";
import { expectPreflightAllowsAuthorization } from "../support/cors.ts";
import { firstTryIt, pathOf } from "../support/examples.ts";
import { expectAnsweredAsMeant, printedCurls } from "../support/curl.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");

const mock = scriptServer("scripts/mock.ts", /at (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*curl [^\n]+\n[\s\S]*curl [^\n]+\n/, {
  MOCK_PORT: "0",
});

describe("pnpm mock", () => {
  test("prints its URL and a sample curl for the spec's first operation", () => {
    expect(mock.output()).toContain(firstTryIt(mock.url));
  });

  test("every curl it prints is answered as the command means: a success, or the status its Prefer asks for", async () => {
    const commands = printedCurls(mock.output());
    expect(commands.length).toBeGreaterThanOrEqual(2);
    await expectAnsweredAsMeant(commands);
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

  test("answers Prefer: delay=<ms> that much later, with the code Prism picks from the same header", async () => {
    const started = performance.now();
    const response = await fetch(`${mock.url}${RESEND}`, {
      method: "POST",
      headers: { Authorization: "Bearer t", Prefer: "code=500, delay=400" },
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(response.status).toBe(500);
    expect((await response.json()).code).toBe(errorCatalog[500].code);
  });

  for (const value of [String(MAX_DELAY_MS + 1), "1.5", "-1", "soon"]) {
    test(`answers Prefer: delay=${value} with a 400 Problem naming Prefer`, async () => {
      const response = await fetch(`${mock.url}${RESEND}`, {
        method: "POST",
        headers: { Authorization: "Bearer t", Prefer: `delay=${value}` },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const body = await response.json();
      expect(body).toMatchObject({ status: 400, code: errorCatalog[400].code });
      expect(body.detail).toContain(`Prefer: delay=${value}`);
    });
  }

  test("drops the connection before any byte of an answer for Prefer: fault=reset, and keeps serving", async () => {
    const failure = await fetch(`${mock.url}${RESEND}`, {
      method: "POST",
      headers: { Authorization: "Bearer t", Prefer: "fault=reset" },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure as TypeError).cause)).toMatch(/closed|reset|hang up/i);
    const next = await fetch(`${mock.url}${RESEND}`, { method: "POST", headers: { Authorization: "Bearer t" } });
    expect(next.status).toBe(200);
  });

  test("answers Prefer: fault=<anything else> with a 400 Problem naming Prefer", async () => {
    const response = await fetch(`${mock.url}${RESEND}`, {
      method: "POST",
      headers: { Authorization: "Bearer t", Prefer: "fault=timeout" },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toContain("Prefer: fault=timeout");
  });

  // fetch refuses to send TRACE, so these go through node:http.
  const send = (method: string, path: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const url = new URL(path, mock.url);
      const req = request(url, { method, headers: { Authorization: "Bearer t" } }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });

  for (const method of ["TRACE", "PUT"]) {
    test(`answers ${method} with the stateful mock's 405 Problem naming the allowed methods`, async () => {
      const { status, headers, body } = await send(method, CONTACTS);
      expect(status).toBe(405);
      expect(headers["content-type"]).toBe("application/problem+json");
      expect(headers["allow"]).toBe("GET, POST, DELETE");
      expect(JSON.parse(body)).toMatchObject({ status: 405, code: "method_not_allowed", title: "Method not allowed", instance: CONTACTS });
    });
  }

  test("answers TRACE on a path the spec does not have with a 405 Problem too", async () => {
    const { status, body } = await send("TRACE", "/nowhere");
    expect(status).toBe(405);
    expect(JSON.parse(body)).toMatchObject({ status: 405, code: "method_not_allowed" });
  });

  test("answers without Origin with no CORS header at all", async () => {
    const response = await fetch(`${mock.url}${RESEND}`, { method: "POST", headers: { Authorization: "Bearer t" } });
    expect([...response.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });

  // Ctrl-C, as a developer stops it.
  testStopsCleanly(mock, "SIGINT");
});

describe("pnpm mock settings", () => {
  testServerSettings("scripts/mock.ts", "mock");
});
