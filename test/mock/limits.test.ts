/**
 * What a hostile client cannot do to the stateful mock's memory or log: recipients and the
 * outbox's CC lists stay under their documented limits whatever is sent (measured by what
 * the state retains, not by timing), and clients that vanish mid-upload are one log line each.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  createBillingMock,
  DEFAULT_OUTBOX_CC_BYTES,
  DEFAULT_RECIPIENT_LIMIT,
  MAX_BODY_BYTES,
  type BillingMock,
} from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { serverUrl } from "@hostup/billing-openapi";
import { invoiceId, pathOf } from "../support/examples.ts";
import { response, validate } from "../support/spec.ts";

const CONTACTS = `${serverUrl}${pathOf("addInvoiceCcRecipient")}`;
const RESEND = `${serverUrl}${pathOf("resendInvoiceEmail")}`;
const HEADERS = { Authorization: "Bearer test-token", "Content-Type": "application/json" };

const add = (mock: BillingMock, email: string) =>
  mock.fetch(CONTACTS, { method: "POST", headers: HEADERS, body: JSON.stringify({ email }) });
const remove = (mock: BillingMock, id: string) =>
  mock.fetch(CONTACTS, { method: "DELETE", headers: HEADERS, body: JSON.stringify({ id }) });
const resend = (mock: BillingMock) => mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } });

/** Bytes the state retains for what clients sent: recipients' strings, and every distinct CC list in the outbox. */
function retained(mock: BillingMock): { recipients: number; outboxCc: number } {
  const recipients = mock.state.recipients.reduce((sum, r) => sum + r.email.length + (r.description?.length ?? 0) * 2 + 8, 0);
  const lists = new Set(mock.state.outbox.map((email) => email.cc));
  let outboxCc = 0;
  for (const list of lists) for (const address of list) outboxCc += address.length + 8;
  return { recipients, outboxCc };
}

/** A valid address of about `length` ASCII characters, unique by `n`. */
const longAddress = (n: number, length: number) => `${String(n).padStart(8, "0")}${"a".repeat(length - 20)}@example.com`;

describe("recipientLimit", () => {
  test(`by default ${DEFAULT_RECIPIENT_LIMIT} recipients; one more answers a documented 400 with a limit_reached field error`, async () => {
    const mock = createBillingMock({ rateLimit: false });
    const room = DEFAULT_RECIPIENT_LIMIT - mock.state.recipients.length;
    for (let i = 0; i < room; i++) expect((await add(mock, `r${i}@example.com`)).status).toBe(201);
    const refused = await add(mock, "one-more@example.com");
    expect(refused.status).toBe(400);
    const problem = await refused.json();
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/email", code: "limit_reached" })]);
    // A status and body the operation documents, so Prism's validation in front of the mock passes.
    expect(validate(response("addInvoiceCcRecipient", 400).schema, problem)).toEqual([]);
    expect(mock.state.recipients).toHaveLength(DEFAULT_RECIPIENT_LIMIT);
    // Removing one makes room again.
    expect((await remove(mock, mock.state.recipients[0]!.id)).status).toBe(200);
    expect((await add(mock, "one-more@example.com")).status).toBe(201);
  });

  test("is an option, and fixtures over it are refused at creation", () => {
    expect(() => createBillingMock({ recipientLimit: 0 })).toThrow(RangeError);
    expect(() => createBillingMock({ recipientLimit: -1 })).toThrow(RangeError);
    expect(createBillingMock({ recipientLimit: 1 }).state.recipients).toHaveLength(1);
  });
});

describe("the outbox's CC lists", () => {
  test("alternating add and resend no longer costs a copy of the whole list per email beyond outboxCcBytes", async () => {
    const budget = 200_000;
    const mock = createBillingMock({ rateLimit: false, recipientLimit: 100, outboxCcBytes: budget });
    for (let i = 0; i < 99; i++) await add(mock, longAddress(i, 1000));
    let next = 1000;
    for (let round = 0; round < 300; round++) {
      // Replace the newest recipient, then resend: every email has a list of its own.
      await remove(mock, mock.state.recipients.at(-1)!.id);
      await add(mock, longAddress(next++, 1000));
      expect((await resend(mock)).status).toBe(200);
      expect(retained(mock).outboxCc).toBeLessThanOrEqual(budget);
    }
    // The newest email is always kept, with the recipients of that moment.
    expect(mock.state.outbox.at(-1)!.cc).toEqual(mock.state.recipients.map((r) => r.email));
    expect(mock.state.outbox.length).toBeLessThan(300);
  });

  test("resends between changes share one list, so the outbox keeps all of them", async () => {
    const mock = createBillingMock({ rateLimit: false, outboxCcBytes: 1000 });
    for (let i = 0; i < 50; i++) await resend(mock);
    expect(mock.state.outbox).toHaveLength(50);
    expect(new Set(mock.state.outbox.map((email) => email.cc)).size).toBe(1);
  });

  test("with default options, the longest addresses a body can carry stay within recipientLimit × body + outboxCcBytes", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const length = MAX_BODY_BYTES - 100;
    for (let i = 0; i < 60; i++) await add(mock, longAddress(i, length));
    let next = 1000;
    for (let round = 0; round < 400; round++) {
      await remove(mock, mock.state.recipients.at(-1)!.id);
      await add(mock, longAddress(next++, length));
      await resend(mock);
    }
    const { recipients, outboxCc } = retained(mock);
    expect(outboxCc).toBeLessThanOrEqual(DEFAULT_OUTBOX_CC_BYTES);
    // The documented worst case with defaults: under 100 MB of retained client data, far from 300 MB.
    const worst = DEFAULT_RECIPIENT_LIMIT * (MAX_BODY_BYTES + 1024) + DEFAULT_OUTBOX_CC_BYTES;
    expect(recipients + outboxCc).toBeLessThanOrEqual(worst);
    expect(worst).toBeLessThan(100 * 1024 * 1024);
  });
});

describe("clients that disconnect mid-upload, on real sockets", () => {
  let server: RunningBillingMock;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false, log: (line) => lines.push(line) });
  });
  afterAll(() => server.close());

  test("are logged as one line each, with no error output and no 500", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { hostname: host, port } = new URL(server.url);
    const stalled = 50;
    const path = pathOf("addInvoiceCcRecipient");
    await Promise.all(
      Array.from({ length: stalled }, (_, i) => {
        const chunked = i % 2 === 1;
        return new Promise<void>((resolve) => {
          const socket = connect(Number(port), host, () => {
            socket.write(
              `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer test-token\r\nContent-Type: application/json\r\n` +
                (chunked ? 'Transfer-Encoding: chunked\r\n\r\n5\r\n{"ema\r\n' : 'Content-Length: 1000\r\n\r\n{"email":'),
            );
            setTimeout(() => {
              socket.destroy();
              resolve();
            }, 50);
          });
        });
      }),
    );
    await vi.waitFor(() => expect(lines.filter((line) => line.includes("connection dropped"))).toHaveLength(stalled), { timeout: 5000 });
    expect(lines.filter((line) => line.includes("connection dropped")).every((line) => line.includes("the client went away"))).toBe(true);
    expect(lines.some((line) => /→ 5\d\d/.test(line))).toBe(false);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
    errors.mockRestore();
    warnings.mockRestore();
    // Still serving.
    const answer = await fetch(`${server.url}${pathOf("resendInvoiceEmail", { id: invoiceId })}`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token" },
    });
    expect(answer.status).toBe(200);
  });
});
