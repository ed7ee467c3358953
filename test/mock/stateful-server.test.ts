/**
 * The stateful mock's Node host as a frontend team runs it: `pnpm mock:stateful` as a real
 * process, and startBillingMock's CORS, which must match the Prism mock's.
 */
import { once } from "node:events";
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Hono } from "hono";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { browserCors } from "@hostup/billing-mock/server";
import { runScript, scriptServer, startScript, testServerSettings, testStopsCleanly } from "../support/process.ts";
import { expectPreflightAllowsAuthorization } from "../support/cors.ts";
import { firstTryIt, invoiceId, pathOf } from "../support/examples.ts";
import { expectAnsweredAsMeant, printedCurls } from "../support/curl.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");
const ORIGIN = "http://localhost:5173";

describe("startBillingMock: CORS for browser callers", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startBillingMock({ port: 0, rateLimit: { limit: 1, windowMs: 60_000 } });
  });
  afterAll(() => server.close());

  test("passes a preflight that asks for Authorization, from any origin", async () => {
    const response = await expectPreflightAllowsAuthorization(
      `${server.url}${CONTACTS}`,
      "https://app.example.org",
      "authorization, content-type",
    );
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });

  test("lets the page read a 429's Retry-After and X-RateLimit-* headers", async () => {
    const send = () => fetch(`${server.url}${RESEND}`, { method: "POST", headers: { Origin: ORIGIN, Authorization: "Bearer test-token" } });
    expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const exposed = limited.headers.get("access-control-expose-headers")?.split(",") ?? [];
    expect(exposed).toEqual(expect.arrayContaining(["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]));
  });

  test("puts the same CORS headers on an answer as the Prism mock's cors middleware", async () => {
    const prismFront = new Hono();
    prismFront.use(browserCors);
    prismFront.post("*", (c) => c.body(null, 204));
    const expected = await prismFront.fetch(new Request(`http://x${CONTACTS}`, { method: "POST", headers: { Origin: ORIGIN } }));
    const actual = await fetch(`${server.url}${CONTACTS}`, { method: "POST", headers: { Origin: ORIGIN } });
    const cors = (response: Response) =>
      Object.fromEntries([...response.headers].filter(([name]) => name.startsWith("access-control-") || name === "vary"));
    expect(cors(actual)).toEqual(cors(expected));
    expect(cors(actual)["access-control-allow-origin"]).toBe(ORIGIN);
  });
});

describe("pnpm mock:stateful", () => {
  const mock = scriptServer("scripts/mock-stateful.ts", /at (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*try it:\n.*curl [^\n]+\n.*curl [^\n]+\n/, {
    MOCK_PORT: "0",
  });

  test("prints the tokens with their scopes, the session and the invoice ids it accepts", () => {
    expect(mock.output()).toMatch(/^ {2}test-token {2}scopes: read:billing write:billing/m);
    expect(mock.output()).toMatch(/^ {2}read-only-token {2}scopes: read:billing\b/m);
    expect(mock.output()).toMatch(/^ {2}sess_abc123 /m);
    expect(mock.output()).toMatch(new RegExp(`^ {2}${invoiceId} → billing@example\\.com$`, "m"));
    expect(mock.output()).toContain(firstTryIt(mock.url));
  });

  test("every curl it prints under try it is answered as the command means", async () => {
    const commands = printedCurls(mock.output()).filter(({ url }) => !new URL(url).pathname.startsWith("/__mock/"));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    await expectAnsweredAsMeant(commands);
    // The commands change state (a body they send is stored): the tests after this one start from the fixtures.
    expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } })).ok).toBe(true);
  });

  test("remembers what it was sent: the second add of an address is a duplicate", async () => {
    const add = () =>
      fetch(`${mock.url}${CONTACTS}`, {
        method: "POST",
        headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
        body: JSON.stringify({ email: "AP@Example.com" }),
      });
    expect(await (await add()).json()).toMatchObject({ email: "ap@example.com" });
    const duplicate = await add();
    expect(duplicate.status).toBe(400);
    expect((await duplicate.json()).errors[0]).toMatchObject({ pointer: "/email", code: "duplicate" });
  });

  test("serves the offline API reference at /docs", async () => {
    expect(mock.output()).toContain(`API reference at ${mock.url}/docs`);
    const response = await fetch(`${mock.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("Redoc.init(");
    expect(html).toContain("default-src 'none'");
  });

  test("logs each request with its status", async () => {
    const path = "/api/v2/billing/log-probe";
    expect((await fetch(`${mock.url}${path}`, { method: "PUT" })).status).toBe(404);
    await vi.waitFor(() => expect(mock.output()).toMatch(new RegExp(`^PUT ${path} → 404 \\(\\d+\\.\\d ms\\)$`, "m")), { timeout: 5_000 });
  });

  testStopsCleanly(mock, "SIGTERM");
});

describe("pnpm mock:stateful with MOCK_FIXTURES", () => {
  test("serves the invoices and tokens of the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fixtures-"));
    const file = join(dir, "fixtures.json");
    await writeFile(
      file,
      JSON.stringify({
        tokens: [{ token: "team-token", scopes: ["write:billing"] }],
        invoices: [{ id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "team@example.com" }],
      }),
    );
    const started = await startScript(
      "scripts/mock-stateful.ts",
      /at (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*try it:\n.*curl [^\n]+\n.*curl [^\n]+\n/,
      { MOCK_PORT: "0", MOCK_FIXTURES: file },
    );
    try {
      expect(started.output()).toContain("team-token");
      expect(started.output()).not.toContain("read-only-token");
      const response = await fetch(`${started.match[1]}${pathOf("resendInvoiceEmail", { id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa" })}`, {
        method: "POST",
        headers: { Authorization: "Bearer team-token" },
      });
      expect(await response.json()).toMatchObject({ email: "team@example.com" });
    } finally {
      started.child.kill("SIGTERM");
      await once(started.child, "exit");
    }
  });

  test("refuses an invalid file with exit code 2, naming every problem", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fixtures-"));
    const file = join(dir, "fixtures.json");
    await writeFile(file, JSON.stringify({ invoices: [{ id: "42", email: "not-an-email" }], tokns: [] }));
    const result = await runScript("scripts/mock-stateful.ts", [], { MOCK_PORT: "0", MOCK_FIXTURES: file });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`fixtures from ${file} are not valid`);
    expect(result.stderr).toContain('unknown member "tokns"');
    expect(result.stderr).toContain("/invoices/0/id must match pattern");
    expect(result.stderr).toContain('/invoices/0/email must match format "email"');
  });
});

describe("pnpm mock:stateful settings", () => {
  testServerSettings("scripts/mock-stateful.ts", "mock:stateful");
});
