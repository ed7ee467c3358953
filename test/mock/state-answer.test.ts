/** GET /__mock/state stays bounded: the outbox's newest emails within STATE_OUTBOX_BYTES, the rest counted in outboxOmitted. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { defaultFixtures } from "@hostup/billing-mock";
import { listAnswerMaxBytes, stateAnswerMaxBytes } from "../../packages/billing-mock/src/answer-bounds.ts";
import { outboxEmailBytes, STATE_OUTBOX_BYTES } from "../../packages/billing-mock/src/state-answer.ts";
import { addressOfLength } from "../support/addresses.ts";
import { invoiceId, pathOf } from "../support/examples.ts";

const AUTH = { Authorization: "Bearer test-token" };
/** Thousands of requests over HTTP: seconds on a shared machine. */
const FILLING_MS = 60_000;

describe("GET /__mock/state with an outbox over STATE_OUTBOX_BYTES", () => {
  let server: RunningBillingMock;
  const recipientLimit = 4200;
  const addresses = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => addressOfLength(from + i));

  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false, recipientLimit, fixtures: { recipients: [] } });
  });
  afterAll(() => server.close());

  /** Adds the addresses, eight requests at a time. */
  const add = async (emails: string[]) => {
    let next = 0;
    const worker = async () => {
      while (next < emails.length) {
        const added = await fetch(`${server.url}${pathOf("addInvoiceCcRecipient")}`, {
          method: "POST",
          headers: { ...AUTH, "Content-Type": "application/json" },
          body: JSON.stringify({ email: emails[next++] }),
        });
        expect(added.status).toBe(201);
        await added.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };
  const resend = async (times: number) => {
    for (let i = 0; i < times; i++) {
      const queued = await fetch(`${server.url}${pathOf("resendInvoiceEmail", { id: invoiceId })}`, { method: "POST", headers: AUTH });
      expect(queued.status).toBe(200);
    }
  };
  const state = async () => {
    const response = await fetch(`${server.url}/__mock/state`);
    const text = await response.text();
    return { bytes: Buffer.byteLength(text), body: JSON.parse(text) as { outbox: { cc: string[] }[]; outboxOmitted: number } };
  };

  test(
    "answers the newest emails that fit and counts the older ones; the mock still holds them all",
    async () => {
      // 1,000 of the longest addresses: each email's list is about 257 KB in JSON, so 4 fit in 1 MiB.
      await add(addresses(0, 1000));
      await resend(10);
      const { bytes, body } = await state();
      expect(server.state.outbox).toHaveLength(10);
      expect(body.outbox.length).toBe(4);
      expect(body.outboxOmitted).toBe(6);
      expect(body.outbox.map((email) => email.cc.length)).toEqual([1000, 1000, 1000, 1000]);
      const outboxBytes = Buffer.byteLength(JSON.stringify(body.outbox));
      expect(outboxBytes).toBeLessThanOrEqual(STATE_OUTBOX_BYTES);
      // One more email would not have fitted.
      expect(outboxBytes + outboxEmailBytes(server.state.outbox[0]!)).toBeGreaterThan(STATE_OUTBOX_BYTES);
      expect(bytes).toBeLessThanOrEqual(
        stateAnswerMaxBytes({ recipientLimit, outboxLimit: 1000, outboxCcBytes: 16 * 1024 * 1024 }, { ...defaultFixtures, recipients: [] }),
      );
    },
    FILLING_MS,
  );

  test(
    "answers the newest email even when it alone is over",
    async () => {
      // 4,200 addresses: one email's list is about 1.08 MB.
      await add(addresses(1000, recipientLimit));
      await resend(1);
      const { body } = await state();
      expect(body.outbox).toHaveLength(1);
      expect(body.outbox[0]!.cc).toHaveLength(recipientLimit);
      expect(body.outboxOmitted).toBe(10);
    },
    FILLING_MS,
  );

  test("measures an email at most one byte over its JSON", () => {
    for (const email of server.state.outbox) {
      const json = Buffer.byteLength(`${JSON.stringify(email)},`);
      expect(outboxEmailBytes(email) - json).toBeGreaterThanOrEqual(0);
      expect(outboxEmailBytes(email) - json).toBeLessThanOrEqual(1);
    }
  });

  test("the list answer stays within its bound", async () => {
    const response = await fetch(`${server.url}${pathOf("listInvoiceCcRecipients")}`, { headers: AUTH });
    const text = await response.text();
    expect(JSON.parse(text).contacts).toHaveLength(recipientLimit);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(listAnswerMaxBytes(recipientLimit));
  });
});
