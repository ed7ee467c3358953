/**
 * What Prism cannot show: the stateful mock's behaviour, through the typed client, once
 * in-process and once over HTTP. Every answer is also checked against the spec.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ProblemError } from "@hostup/billing-client";
import { createBillingMock, DEFAULT_OUTBOX_LIMIT, DESCRIPTION_MAX, type BillingMock } from "@hostup/billing-mock";
import { hosts, type Host } from "../support/mock-hosts.ts";
import { responses, validate, type OperationId } from "../support/spec.ts";
import { invoiceId, pathOf, titleOf } from "../support/examples.ts";
import { errorCatalog } from "@hostup/billing-openapi";

const INVOICE = invoiceId;
const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");
const START = new Date("2026-04-27T12:34:56.000Z");
const JSON_AS = (token: string) => ({ Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" });

/** Checks an answer against the spec's schema for its status, and returns its body. */
async function conforming(operationId: OperationId, response: Response): Promise<Record<string, unknown>> {
  const documented = responses(operationId).find((r) => r.status === response.status);
  expect(documented, `status ${response.status} is documented for ${operationId}`).toBeDefined();
  expect(response.headers.get("content-type")).toBe(documented!.mediaType);
  const body = (await response.json()) as Record<string, unknown>;
  expect(validate(documented!.schema, body)).toEqual([]);
  return body;
}

async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

for (const kind of hosts) {
  describe(`stateful mock, ${kind.name}`, () => {
    let host: Host;
    let clock: Date;

    /** Removes the recipient `id` with a JSON body, as the docs' cURL does. */
    const remove = (id: string, token = "test-token") =>
      host.fetch(CONTACTS, { method: "DELETE", headers: JSON_AS(token), body: JSON.stringify({ id }) });

    beforeAll(async () => {
      host = await kind.start({ now: () => clock, rateLimit: { limit: 3, windowMs: 60_000 } });
    });
    afterAll(() => host.close());
    beforeEach(() => {
      clock = START;
      host.reset();
    });

    describe(titleOf("addInvoiceCcRecipient"), () => {
      test("stores and answers the email lower-cased, with a numeric string id", async () => {
        const created = await host.client().addInvoiceCcRecipient({ email: "AP.Team@Example.COM", description: "Accounts payable" });
        expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), email: "ap.team@example.com", description: "Accounts payable" });
        expect(host.state.recipients.at(-1)).toEqual(created);
      });

      test("answers description null when none was given", async () => {
        expect(await host.client().addInvoiceCcRecipient({ email: "ap@example.com" })).toMatchObject({ description: null });
      });

      test("gives each recipient its own id", async () => {
        const first = await host.client().addInvoiceCcRecipient({ email: "one@example.com" });
        const second = await host.client().addInvoiceCcRecipient({ email: "two@example.com" });
        expect(first.id).not.toBe(second.id);
      });

      test("answers 400 with a /email duplicate error for an address already added", async () => {
        await host.client().addInvoiceCcRecipient({ email: "ap@example.com" });
        const problem = await problemOf(host.client().addInvoiceCcRecipient({ email: "ap@example.com" }));
        expect(problem).toMatchObject({ status: 400, code: errorCatalog[400].code });
        expect(problem.errors).toEqual([{ pointer: "/email", code: "duplicate", detail: expect.stringContaining("ap@example.com") }]);
      });

      test("compares addresses after lower-casing: a mixed-case repeat is a duplicate", async () => {
        await host.client().addInvoiceCcRecipient({ email: "Ap@Example.com" });
        const problem = await problemOf(host.client().addInvoiceCcRecipient({ email: "aP@eXAMPLE.COM" }));
        expect(problem.errors.map((e) => e.code)).toEqual(["duplicate"]);
        expect(host.state.recipients.filter((r) => r.email === "ap@example.com")).toHaveLength(1);
      });

      test("counts a fixture recipient as already added", async () => {
        const problem = await problemOf(host.client().addInvoiceCcRecipient({ email: "FINANCE@example.com" }));
        expect(problem.errors[0]).toMatchObject({ pointer: "/email", code: "duplicate" });
      });

      test("answers the duplicate as a conforming Problem document", async () => {
        const add = () =>
          host.fetch(CONTACTS, {
            method: "POST",
            headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
            body: JSON.stringify({ email: "dup@example.com" }),
          });
        await conforming("addInvoiceCcRecipient", await add());
        const body = await conforming("addInvoiceCcRecipient", await add());
        expect(body).toMatchObject({
          type: errorCatalog[400].type,
          title: expect.any(String),
          status: 400,
          detail: "The request body failed validation.",
          code: errorCatalog[400].code,
          instance: CONTACTS,
          requestId: expect.stringMatching(/^req_[0-9a-z]{26}$/),
          timestamp: START.toISOString(),
        });
      });

      describe(`cuts description to ${DESCRIPTION_MAX} characters (Unicode code points)`, () => {
        const cases: [string, string, string][] = [
          ["exactly 255 characters: kept whole", "a".repeat(255), "a".repeat(255)],
          ["256 characters: the last one cut", "b".repeat(256), "b".repeat(255)],
          ["300 characters: cut to the first 255", "0123456789".repeat(30), "0123456789".repeat(30).slice(0, 255)],
          ["300 two-byte characters (é)", "é".repeat(300), "é".repeat(255)],
          ["300 emoji, each a surrogate pair: 255 whole emoji", "😀".repeat(300), "😀".repeat(255)],
          ["254 letters then emoji: the 255th is a whole emoji, never half", `${"a".repeat(254)}😀😀`, `${"a".repeat(254)}😀`],
          ["255 emoji: kept whole although 510 UTF-16 units", "😀".repeat(255), "😀".repeat(255)],
          ["an empty string stays an empty string", "", ""],
        ];
        for (const [name, sent, stored] of cases) {
          test(name, async () => {
            const created = await host.client().addInvoiceCcRecipient({ email: "cut@example.com", description: sent });
            expect(created.description).toBe(stored);
            expect([...created.description!].length).toBe([...stored].length);
            // No lone surrogate: the cut never splits a pair.
            expect(created.description!.isWellFormed()).toBe(true);
          });
        }
      });
    });

    describe(titleOf("resendInvoiceEmail"), () => {
      test("answers 200 with queuedAt (the mock's clock) and the invoice's primary recipient", async () => {
        clock = new Date("2026-05-01T08:00:00.000Z");
        const response = await host.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } });
        expect(await conforming("resendInvoiceEmail", response)).toEqual({
          queuedAt: "2026-05-01T08:00:00.000Z",
          email: "billing@example.com",
        });
      });

      test("queues the email for the primary recipient with every CC recipient copied", async () => {
        await host.client().addInvoiceCcRecipient({ email: "AP@example.com" });
        await host.client().addInvoiceCcRecipient({ email: "ceo@example.com" });
        const answer = await host.client().resendInvoiceEmail("inv_01hxa3b4c5d6e7f8g9h0j1k2m4");
        expect(answer.email).toBe("invoices@example.org");
        expect(host.state.outbox).toEqual([
          {
            invoiceId: "inv_01hxa3b4c5d6e7f8g9h0j1k2m4",
            to: "invoices@example.org",
            cc: ["finance@example.com", "ap@example.com", "ceo@example.com"],
            queuedAt: START.toISOString(),
          },
        ]);
      });

      test("copies the CC recipients of the moment: a later add does not reach an earlier email", async () => {
        await host.client().resendInvoiceEmail(INVOICE);
        await host.client().addInvoiceCcRecipient({ email: "late@example.com" });
        await host.client().resendInvoiceEmail(INVOICE);
        expect(host.state.outbox.map((email) => email.cc)).toEqual([["finance@example.com"], ["finance@example.com", "late@example.com"]]);
      });

      test("queues another email on every call (not idempotent)", async () => {
        await host.client().resendInvoiceEmail(INVOICE);
        await host.client().resendInvoiceEmail(INVOICE);
        expect(host.state.outbox.map((email) => email.invoiceId)).toEqual([INVOICE, INVOICE]);
      });

      test("answers 404 not_found for an invoice it does not know, and queues nothing", async () => {
        const response = await host.fetch(pathOf("resendInvoiceEmail", { id: "inv_zzzzzzzzzzzzzzzzzzzzzzzzzz" }), {
          method: "POST",
          headers: { Authorization: "Bearer test-token" },
        });
        expect(response.status).toBe(404);
        expect(await conforming("resendInvoiceEmail", response)).toMatchObject({
          code: errorCatalog[404].code,
          detail: "Invoice inv_zzzzzzzzzzzzzzzzzzzzzzzzzz does not exist or is not owned by the caller.",
        });
        expect(host.state.outbox).toEqual([]);
      });
    });

    describe("GET /api/v2/billing/payment-methods/contacts", () => {
      const list = (headers: Record<string, string> = { Authorization: "Bearer test-token" }) => host.fetch(CONTACTS, { headers });

      test("answers the recipients in the order they were added, fixture recipients first", async () => {
        await host.client().addInvoiceCcRecipient({ email: "Zed@example.com" });
        await host.client().addInvoiceCcRecipient({ email: "ap@example.com", description: "Accounts payable" });
        const body = await conforming("listInvoiceCcRecipients", await list());
        expect(body).toEqual({
          contacts: [
            { id: "1", email: "finance@example.com", description: "Finance team" },
            { id: "2", email: "zed@example.com", description: null },
            { id: "3", email: "ap@example.com", description: "Accounts payable" },
          ],
        });
      });

      test("answers contacts: [] once there are none", async () => {
        expect((await remove("1")).status).toBe(200);
        expect(await conforming("listInvoiceCcRecipients", await list())).toEqual({ contacts: [] });
      });

      test("accepts the hostup_session cookie of a session with read:billing", async () => {
        const body = await conforming("listInvoiceCcRecipients", await list({ Cookie: "hostup_session=sess_abc123" }));
        expect(body).toEqual({ contacts: [expect.objectContaining({ email: "finance@example.com" })] });
      });

      test("answers 403 forbidden to a token with write:billing but not read:billing", async () => {
        const response = await list({ Authorization: "Bearer write-only-token" });
        expect(response.status).toBe(403);
        expect(await conforming("listInvoiceCcRecipients", response)).toMatchObject({
          code: "forbidden",
          detail: expect.stringContaining("read:billing"),
        });
      });

      test("answers 400 for a query parameter: the operation takes none", async () => {
        const response = await host.fetch(`${CONTACTS}?page=2`, { headers: { Authorization: "Bearer test-token" } });
        expect(response.status).toBe(400);
        expect(await conforming("listInvoiceCcRecipients", response)).toMatchObject({ code: errorCatalog[400].code });
      });
    });

    describe("DELETE /api/v2/billing/payment-methods/contacts", () => {
      test("removes the recipient and answers { deleted: true, id }", async () => {
        const added = await host.client().addInvoiceCcRecipient({ email: "ap@example.com" });
        const response = await remove(added.id);
        expect(response.status).toBe(200);
        expect(await conforming("removeInvoiceCcRecipient", response)).toEqual({ deleted: true, id: added.id });
        expect(host.state.recipients.map((r) => r.email)).toEqual(["finance@example.com"]);
      });

      test("answers 404 not_found when the same id is removed a second time", async () => {
        expect((await remove("1")).status).toBe(200);
        const again = await remove("1");
        expect(again.status).toBe(404);
        expect(await conforming("removeInvoiceCcRecipient", again)).toMatchObject({ code: errorCatalog[404].code, instance: CONTACTS });
      });

      test("answers 404 not_found for an id it never gave out, and removes nothing", async () => {
        const response = await remove("999");
        expect(response.status).toBe(404);
        expect(await conforming("removeInvoiceCcRecipient", response)).toMatchObject({
          code: errorCatalog[404].code,
          detail: "Invoice CC recipient 999 does not exist or is not owned by the caller.",
        });
        expect(host.state.recipients).toHaveLength(1);
      });

      test("a removed recipient receives no copies of later resends; the others still do", async () => {
        await host.client({ session: "sess_abc123" }).addInvoiceCcRecipient({ email: "ap@example.com" });
        await host.client().resendInvoiceEmail(INVOICE);
        expect((await remove("1")).status).toBe(200);
        await host.client().resendInvoiceEmail(INVOICE);
        expect(host.state.outbox.map((email) => email.cc)).toEqual([["finance@example.com", "ap@example.com"], ["ap@example.com"]]);
      });

      test("an address removed can be added again, under a new id", async () => {
        expect((await remove("1")).status).toBe(200);
        const again = await host.client().addInvoiceCcRecipient({ email: "finance@example.com" });
        expect(again.id).not.toBe("1");
        expect(host.state.recipients).toEqual([again]);
      });

      test("answers 403 forbidden to a token with read:billing but not write:billing, and removes nothing", async () => {
        const response = await remove("1", "read-only-token");
        expect(response.status).toBe(403);
        expect(await conforming("removeInvoiceCcRecipient", response)).toMatchObject({
          code: "forbidden",
          detail: expect.stringContaining("write:billing"),
        });
        expect(host.state.recipients).toHaveLength(1);
      });

      const invalid: [string, unknown, { pointer: string; code: string }][] = [
        ["an id that is not a numeric string", { id: "abc" }, { pointer: "/id", code: "invalid_format" }],
        ["a numeric id sent as a number", { id: 1 }, { pointer: "/id", code: "invalid_type" }],
        ["no id", {}, { pointer: "/id", code: "missing_required" }],
      ];
      for (const [name, body, error] of invalid) {
        test(`answers 400 with a field error for ${name}`, async () => {
          const response = await host.fetch(CONTACTS, { method: "DELETE", headers: JSON_AS("test-token"), body: JSON.stringify(body) });
          expect(response.status).toBe(400);
          const problem = await conforming("removeInvoiceCcRecipient", response);
          expect(problem.errors).toEqual([expect.objectContaining(error)]);
          expect(host.state.recipients).toHaveLength(1);
        });
      }

      test("answers 400 when the body is missing: the id travels in it", async () => {
        const response = await host.fetch(CONTACTS, { method: "DELETE", headers: { Authorization: "Bearer test-token" } });
        expect(response.status).toBe(400);
        expect(await conforming("removeInvoiceCcRecipient", response)).toMatchObject({ code: errorCatalog[400].code });
      });
    });

    describe("routing", () => {
      test("answers 404 not_found naming a path the spec does not have", async () => {
        const response = await host.fetch("/api/v2/billing/nothing-here", { headers: { Authorization: "Bearer test-token" } });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({
          code: errorCatalog[404].code,
          detail: "No operation is served at /api/v2/billing/nothing-here.",
        });
      });

      test("answers 405 naming the method and the ones the path allows, also in Allow", async () => {
        const response = await host.fetch(CONTACTS, { method: "PATCH", headers: { Authorization: "Bearer test-token" } });
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe("GET, POST, DELETE");
        expect(await response.json()).toMatchObject({
          code: "method_not_allowed",
          detail: "PATCH is not allowed here; use GET, POST, DELETE.",
        });
      });
    });

    describe("authentication and scopes", () => {
      test("answers 401 unauthorized without credentials", async () => {
        const problem = await problemOf(host.client({}).resendInvoiceEmail(INVOICE));
        expect(problem).toMatchObject({ status: 401, code: errorCatalog[401].code, detail: "No valid API key or session was sent." });
      });

      test("answers 401 unauthorized for a token it does not know", async () => {
        const problem = await problemOf(host.client({ token: "stolen-token" }).addInvoiceCcRecipient({ email: "ap@example.com" }));
        expect(problem).toMatchObject({ status: 401, code: errorCatalog[401].code });
      });

      test("answers 403 forbidden for a known token without write:billing, and changes nothing", async () => {
        const problem = await problemOf(host.client({ token: "read-only-token" }).addInvoiceCcRecipient({ email: "ap@example.com" }));
        expect(problem).toMatchObject({ status: 403, code: errorCatalog[403].code, detail: "The API key lacks the write:billing scope." });
        expect(host.state.recipients.map((r) => r.email)).toEqual(["finance@example.com"]);
      });

      test("accepts the hostup_session cookie of a known session", async () => {
        await expect(host.client({ session: "sess_abc123" }).resendInvoiceEmail(INVOICE)).resolves.toMatchObject({
          email: "billing@example.com",
        });
      });

      test("answers 401 for a session cookie it does not know", async () => {
        const problem = await problemOf(host.client({ session: "sess_unknown" }).resendInvoiceEmail(INVOICE));
        expect(problem.status).toBe(401);
      });

      test("checks credentials before the body: no credentials and a bad body is 401, not 400", async () => {
        const response = await host.fetch(CONTACTS, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
        expect(response.status).toBe(401);
      });
    });

    describe("rate limiting (3 requests per 60 s per credential in this suite)", () => {
      const resend = (token = "test-token") => host.fetch(RESEND, { method: "POST", headers: { Authorization: `Bearer ${token}` } });

      test("counts down X-RateLimit-Remaining, then answers 429 with Retry-After and X-RateLimit-*", async () => {
        const remaining = [];
        for (let i = 0; i < 3; i++) {
          const response = await resend();
          expect(response.status).toBe(200);
          expect(response.headers.get("x-ratelimit-limit")).toBe("3");
          remaining.push(response.headers.get("x-ratelimit-remaining"));
        }
        expect(remaining).toEqual(["2", "1", "0"]);

        clock = new Date(START.getTime() + 15_000);
        const limited = await resend();
        expect(limited.status).toBe(429);
        expect(await conforming("resendInvoiceEmail", limited)).toMatchObject({
          code: errorCatalog[429].code,
          status: 429,
          detail: "Rate limit exceeded. Retry after 45 seconds.",
        });
        expect(limited.headers.get("retry-after")).toBe("45");
        expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
        expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
        expect(limited.headers.get("x-ratelimit-reset")).toBe("2026-04-27T12:35:56.000Z");
        expect(host.state.outbox).toHaveLength(3);
      });

      test("opens a new window once the old one has passed", async () => {
        for (let i = 0; i < 4; i++) await resend();
        clock = new Date(START.getTime() + 60_000);
        const response = await resend();
        expect(response.status).toBe(200);
        expect(response.headers.get("x-ratelimit-remaining")).toBe("2");
      });

      test("keeps a window per credential", async () => {
        for (let i = 0; i < 4; i++) await resend();
        const other = await host.fetch(RESEND, { method: "POST", headers: { Cookie: "hostup_session=sess_abc123" } });
        expect(other.status).toBe(200);
      });

      test("counts listing and removing like the other operations", async () => {
        const remaining = [];
        for (const request of [
          () => host.fetch(CONTACTS, { headers: { Authorization: "Bearer test-token" } }),
          () => remove("1"),
          () => resend(),
        ]) {
          const response = await request();
          expect(response.status).toBe(200);
          remaining.push(response.headers.get("x-ratelimit-remaining"));
        }
        expect(remaining).toEqual(["2", "1", "0"]);
        const listed = await host.fetch(CONTACTS, { headers: { Authorization: "Bearer test-token" } });
        expect(listed.status).toBe(429);
        expect(await conforming("listInvoiceCcRecipients", listed)).toMatchObject({ code: errorCatalog[429].code });
        const removed = await remove("2");
        expect(removed.status).toBe(429);
        expect(await conforming("removeInvoiceCcRecipient", removed)).toMatchObject({ code: errorCatalog[429].code });
      });

      test("applies a fixture credential's own limit over the mock-wide one", async () => {
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push((await resend("rate-limited-token")).status);
        expect(answers).toEqual([200, 200, 429]);
      });
    });

    test("reset() returns to the fixtures: recipients, outbox and rate-limit windows", async () => {
      await host.client().addInvoiceCcRecipient({ email: "ap@example.com" });
      for (let i = 0; i < 4; i++) await host.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } });
      host.reset();
      expect(host.state.recipients.map((r) => r.email)).toEqual(["finance@example.com"]);
      expect(host.state.outbox).toEqual([]);
      await expect(host.client().addInvoiceCcRecipient({ email: "ap@example.com" })).resolves.toMatchObject({ id: "2" });
    });
  });
}

describe("the outbox of a long-running mock", () => {
  const resend = (mock: BillingMock) =>
    mock.fetch(`http://localhost${RESEND}`, { method: "POST", headers: { Authorization: "Bearer test-token" } });

  test("keeps the latest outboxLimit emails, oldest dropped first", async () => {
    let second = 0;
    const mock = createBillingMock({ rateLimit: false, outboxLimit: 2, now: () => new Date(START.getTime() + 1000 * second) });
    for (; second < 5; second++) expect((await resend(mock)).status).toBe(200);
    expect(mock.state.outbox.map((email) => email.queuedAt)).toEqual(["2026-04-27T12:34:59.000Z", "2026-04-27T12:35:00.000Z"]);
  });

  test("keeps the latest in order however often it is read, over many more resends than it holds", async () => {
    let second = 0;
    const at = (n: number) => new Date(START.getTime() + 1000 * n).toISOString();
    const mock = createBillingMock({ rateLimit: false, outboxLimit: 10, now: () => new Date(START.getTime() + 1000 * second) });
    for (; second < 300; second++) {
      expect((await resend(mock)).status).toBe(200);
      // Read now and then (every 7th), and not for long stretches (200 on): it is the same outbox.
      if (second % 7 === 0 && second < 200) {
        const expected = Array.from({ length: Math.min(10, second + 1) }, (_, i) => at(second - Math.min(9, second) + i));
        expect(mock.state.outbox.map((email) => email.queuedAt)).toEqual(expected);
      }
    }
    expect(mock.state.outbox.map((email) => email.queuedAt)).toEqual(Array.from({ length: 10 }, (_, i) => at(290 + i)));
  });

  test(`keeps ${DEFAULT_OUTBOX_LIMIT} by default, and all with Infinity`, async () => {
    const capped = createBillingMock({ rateLimit: false });
    const unbounded = createBillingMock({ rateLimit: false, outboxLimit: Infinity });
    for (let i = 0; i < DEFAULT_OUTBOX_LIMIT + 5; i++) await Promise.all([resend(capped), resend(unbounded)]);
    expect(capped.state.outbox).toHaveLength(DEFAULT_OUTBOX_LIMIT);
    expect(unbounded.state.outbox).toHaveLength(DEFAULT_OUTBOX_LIMIT + 5);
  });

  test("keeps no email with outboxLimit 0, and still answers the resend", async () => {
    const mock = createBillingMock({ rateLimit: false, outboxLimit: 0 });
    expect((await resend(mock)).status).toBe(200);
    expect(mock.state.outbox).toEqual([]);
  });

  for (const outboxLimit of [-1, 1.5, NaN, "10"]) {
    test(`refuses outboxLimit ${String(outboxLimit)}, naming it and what it takes`, () => {
      expect(() => createBillingMock({ outboxLimit: outboxLimit as number })).toThrow(
        new RangeError(`outboxLimit must be a whole number, 0 or more, or Infinity; got ${String(outboxLimit)}`),
      );
    });
  }
});
