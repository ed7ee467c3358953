/**
 * `pnpm mock:stateful` filled to its limits with the longest addresses the API takes stays
 * small under concurrent reads of its two growing answers: the list of CC recipients and the
 * control API's state. Measured as the peak resident set (VmHWM) of the mock's own process.
 */
import { readFile } from "node:fs/promises";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_OUTBOX_CC_BYTES, DEFAULT_OUTBOX_LIMIT, DEFAULT_RECIPIENT_LIMIT, defaultFixtures } from "@hostup/billing-mock";
import { listAnswerMaxBytes, stateAnswerMaxBytes } from "../../packages/billing-mock/src/answer-bounds.ts";
import { STATE_OUTBOX_BYTES } from "../../packages/billing-mock/src/state-answer.ts";
import { addressOfLength } from "../support/addresses.ts";
import { invoiceId, pathOf } from "../support/examples.ts";
import { startScript } from "../support/process.ts";
import type { ChildProcess } from "node:child_process";

const CONCURRENT = 50;
const PEAK_RSS_MAX = 300 * 1024 * 1024;
const AUTH = { Authorization: "Bearer test-token" };
/** The longest description the mock keeps, in the characters JSON writes longest (`\u0001`, 6 bytes each). */
const DESCRIPTION = "\u0001".repeat(255);

/** The peak resident set of a process so far, in bytes (Linux). */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

/** Runs `task` for 0..count-1 with at most `width` in flight. */
async function inBatches(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** The body's size in bytes, read as it arrives; the text only when asked for. */
async function drain(response: Response, keep: boolean): Promise<{ bytes: number; text?: string }> {
  if (keep) {
    const text = await response.text();
    return { bytes: Buffer.byteLength(text), text };
  }
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
  return { bytes };
}

describe.skipIf(process.platform !== "linux")("pnpm mock:stateful at its limits, read concurrently", () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const started = await startScript("scripts/mock-stateful.ts", /at (http:\/\/127\.0\.0\.1:\d+)\n/, {
      MOCK_PORT: "0",
      MOCK_RATE_LIMIT: "off",
    });
    child = started.child;
    url = started.match[1]!;
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  test(`${CONCURRENT} state reads and ${CONCURRENT} list reads at once peak under ${PEAK_RSS_MAX / 1024 / 1024} MB`, async () => {
    // Its own process: spawned as `node scripts/mock-stateful.ts`, no package manager in between.
    expect(child.spawnfile).toBe(process.execPath);
    const contacts = `${url}${pathOf("addInvoiceCcRecipient")}`;
    const held = defaultFixtures.recipients.length;
    await inBatches(DEFAULT_RECIPIENT_LIMIT - held, 8, async (i) => {
      const email = addressOfLength(i);
      const added = await fetch(contacts, {
        method: "POST",
        headers: { ...AUTH, "Content-Type": "application/json" },
        body: JSON.stringify({ email, description: DESCRIPTION }),
      });
      expect(added.status).toBe(201);
      await added.arrayBuffer();
    });
    const resend = `${url}${pathOf("resendInvoiceEmail", { id: invoiceId })}`;
    await inBatches(DEFAULT_OUTBOX_LIMIT, 8, async () => {
      const queued = await fetch(resend, { method: "POST", headers: AUTH });
      expect(queued.status).toBe(200);
      await queued.arrayBuffer();
    });
    // One more add is refused: the recipients are at their limit.
    const refused = await fetch(contacts, {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "application/json" },
      body: JSON.stringify({ email: addressOfLength(DEFAULT_RECIPIENT_LIMIT) }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].code).toBe("limit_reached");
    const beforeReads = await peakRss(child.pid!);

    const started = performance.now();
    const [states, lists] = await Promise.all([
      Promise.all(Array.from({ length: CONCURRENT }, async (_, i) => drain(await fetch(`${url}/__mock/state`), i === 0))),
      Promise.all(Array.from({ length: CONCURRENT }, async (_, i) => drain(await fetch(contacts, { headers: AUTH }), i === 0))),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const peak = await peakRss(child.pid!);

    const limits = { recipientLimit: DEFAULT_RECIPIENT_LIMIT, outboxLimit: DEFAULT_OUTBOX_LIMIT, outboxCcBytes: DEFAULT_OUTBOX_CC_BYTES };
    const stateMax = stateAnswerMaxBytes(limits, defaultFixtures);
    const listMax = listAnswerMaxBytes(DEFAULT_RECIPIENT_LIMIT);
    console.log(
      `mock-memory: peak RSS ${(peak / 1024 / 1024).toFixed(1)} MB (${(beforeReads / 1024 / 1024).toFixed(1)} MB before the reads); ` +
        `${CONCURRENT} state reads of ${states[0]!.bytes} B (bound ${stateMax} B) and ${CONCURRENT} list reads of ${lists[0]!.bytes} B ` +
        `(bound ${listMax} B) in ${seconds.toFixed(1)} s`,
    );

    // Every reader got the whole answer, within the computed bounds.
    for (const { bytes } of states) expect(bytes).toBe(states[0]!.bytes);
    for (const { bytes } of lists) expect(bytes).toBe(lists[0]!.bytes);
    expect(states[0]!.bytes).toBeLessThanOrEqual(stateMax);
    expect(lists[0]!.bytes).toBeLessThanOrEqual(listMax);
    const list = JSON.parse(lists[0]!.text!) as { contacts: { email: string; description: string }[] };
    expect(list.contacts).toHaveLength(DEFAULT_RECIPIENT_LIMIT);
    expect(list.contacts.at(-1)).toMatchObject({ email: addressOfLength(DEFAULT_RECIPIENT_LIMIT - held - 1), description: DESCRIPTION });
    const state = JSON.parse(states[0]!.text!) as { recipients: unknown[]; outbox: { cc: string[] }[]; outboxOmitted: number };
    expect(state.recipients).toHaveLength(DEFAULT_RECIPIENT_LIMIT);
    // The outbox holds every email (they share one list), the answer its newest within STATE_OUTBOX_BYTES.
    expect(state.outbox.length + state.outboxOmitted).toBe(DEFAULT_OUTBOX_LIMIT);
    expect(state.outboxOmitted).toBeGreaterThan(0);
    expect(JSON.stringify(state.outbox).length).toBeLessThanOrEqual(STATE_OUTBOX_BYTES);
    expect(state.outbox.at(-1)!.cc).toHaveLength(DEFAULT_RECIPIENT_LIMIT);

    expect(peak).toBeLessThanOrEqual(PEAK_RSS_MAX);
  }, 180_000);
});
