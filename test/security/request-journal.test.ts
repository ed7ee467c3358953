/**
 * The request journal under hostile input: credentials never reach it whatever their
 * spelling, and what a client sends cannot make it hold more than its byte limit.
 */
import { describe, expect, test } from "vitest";
import { createBillingMock } from "@hostup/billing-mock";
import { startBillingMock } from "@hostup/billing-mock/node";
import { serverUrl } from "@hostup/billing-openapi";
import { pathOf } from "../support/examples.ts";

const CONTACTS = pathOf("addInvoiceCcRecipient");
const SECRET = "s3cr3t-9f8e7d";

describe("the request journal keeps credentials out", () => {
  test("Authorization in any scheme or case, Proxy-Authorization and every cookie value are redacted", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const sent: Record<string, string>[] = [
      { Authorization: `Bearer ${SECRET}` },
      { authorization: `bEaReR   ${SECRET}` },
      { Authorization: SECRET },
      { Authorization: `Basic ${btoa(`user:${SECRET}`)}` },
      { "Proxy-Authorization": `Bearer ${SECRET}` },
      { Cookie: `hostup_session=${SECRET}; other=${SECRET}; ${SECRET}` },
    ];
    for (const headers of sent) await mock.fetch(`${serverUrl}${CONTACTS}`, { headers });
    const journal = JSON.stringify(mock.requests.list());
    expect(journal).not.toContain(SECRET);
    expect(journal).not.toContain(btoa(`user:${SECRET}`));
    expect(mock.requests.list()).toHaveLength(sent.length);
  });

  test("over HTTP too, in GET /__mock/requests", async () => {
    const server = await startBillingMock({ port: 0 });
    try {
      await fetch(`${server.url}${CONTACTS}`, { headers: { Authorization: `Bearer ${SECRET}`, Cookie: `hostup_session=${SECRET}` } });
      const text = await (await fetch(`${server.url}/__mock/requests`)).text();
      expect(text).toContain("Bearer [redacted]");
      expect(text).not.toContain(SECRET);
    } finally {
      await server.close();
    }
  });
});

describe("the request journal stays within its byte limit", () => {
  test("long URLs, many headers and large bodies drop older entries rather than grow it", async () => {
    const bytes = 64 * 1024;
    const mock = createBillingMock({ rateLimit: false, journal: { bytes } });
    const headers: Record<string, string> = { Authorization: "Bearer test-token", "Content-Type": "application/json" };
    for (let i = 0; i < 50; i++) headers[`x-filler-${i}`] = "y".repeat(200);
    const body = JSON.stringify({ email: "ap@example.com", description: "z".repeat(60_000) });
    for (let i = 0; i < 40; i++) {
      await mock.fetch(`${serverUrl}${CONTACTS}?q=${"x".repeat(8000)}`, { method: "POST", headers, body });
    }
    const kept = mock.requests.list();
    const measured = kept.reduce(
      (sum, r) =>
        sum +
        r.method.length +
        r.path.length +
        JSON.stringify(r.query).length +
        Object.entries(r.headers).reduce((h, [name, value]) => h + name.length + value.length, 0) +
        (r.body?.text.length ?? 0),
      0,
    );
    expect(measured).toBeLessThanOrEqual(bytes);
    expect(kept.at(-1)?.seq).toBe(40);
    expect(mock.requests.dropped).toBe(40 - kept.length);
    // Each body is cut to the default 4096 bytes, however large it was.
    expect(kept.every((r) => r.body?.truncated && r.body.text.length === 4096)).toBe(true);
  });
});
