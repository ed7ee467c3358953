/**
 * What a hostile client cannot do to the stateful mock's memory or log: recipients, the
 * outbox's CC lists, the request journal and queued scenarios stay under their documented
 * limits whatever is sent (measured by what they retain, not by timing), and clients that
 * vanish mid-upload are one log line each.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  createBillingMock,
  DEFAULT_JOURNAL_BODY_BYTES,
  DEFAULT_JOURNAL_BYTES,
  DEFAULT_JOURNAL_ENTRIES,
  DEFAULT_OUTBOX_CC_BYTES,
  DEFAULT_RECIPIENT_LIMIT,
  DESCRIPTION_MAX,
  MAX_BODY_BYTES,
  MAX_QUEUED_SCENARIOS,
  type BillingMock,
  type JournalEntry,
} from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { operationMetadata, operationModel, serverUrl } from "@hostup/billing-openapi";
import type { OperationId } from "../../packages/billing-mock/src/contract.ts";
import { answerControl } from "../../packages/billing-mock/src/control.ts";
import { mockOf } from "../../packages/billing-mock/src/in-process.ts";
import { EMAIL_MAX } from "../../packages/billing-mock/src/formats.ts";
import { createPipeline, type Pipeline } from "../../packages/billing-mock/src/mock.ts";
import { addressOfLength } from "../support/addresses.ts";
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

/**
 * Bytes the request journal retains, from its entries: method, path, query, header names and
 * values, and each kept body. (The journal counts the whole URL, so its own count is higher.)
 */
function journalBytes(entries: JournalEntry[]): number {
  let bytes = 0;
  for (const entry of entries) {
    bytes += entry.method.length + entry.path.length;
    for (const [name, value] of Object.entries(entry.query)) bytes += name.length + String(value).length;
    for (const [name, value] of Object.entries(entry.headers)) bytes += name.length + value.length;
    if (entry.body) bytes += Buffer.byteLength(entry.body.text);
  }
  return bytes;
}

/** Bytes of every queued scenario as JSON, its custom body included, and how many there were: taken off the queue to be measured. */
function drainScenarios(pipeline: Pipeline): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const operationId of Object.keys(operationMetadata) as OperationId[]) {
    for (let scenario = pipeline.scenarios.take(operationId); scenario; scenario = pipeline.scenarios.take(operationId)) {
      count += 1;
      bytes += Buffer.byteLength(JSON.stringify(scenario));
    }
  }
  return { count, bytes };
}

/** The first error status the operation documents with a Problem body: the status a padded custom body can answer with. */
function problemStatus(operationId: string): number {
  const documented = operationModel.operations[operationId]?.responses.find((r) => r.kind === "problem" && /^\d+$/.test(r.status));
  if (documented === undefined) throw new Error(`${operationId} documents no Problem status`);
  return Number(documented.status);
}

/** `POST /__mock/scenarios` as the Node host answers it, with a body of exactly `bytes` bytes: a Problem whose detail pads it. */
function queueLargest(pipeline: Pipeline, operationId: string, bytes: number): Promise<Response> {
  const code = problemStatus(operationId);
  const frame = JSON.stringify({ operationId, code, body: { detail: "" } });
  const body = JSON.stringify({ operationId, code, body: { detail: "x".repeat(bytes - frame.length) } });
  const request = new Request(`${serverUrl}/__mock/scenarios`, {
    method: "POST",
    // Over HTTP the framing says how long the body is; the control API reads it by that.
    headers: { "content-type": "application/json", "content-length": String(body.length) },
    body,
  });
  return answerControl(request, {}, pipeline);
}

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
    expect(() => createBillingMock({ recipientLimit: 0 })).toThrow(
      new RangeError("the fixtures hold 1 CC recipients, more than recipientLimit (0)"),
    );
    expect(() => createBillingMock({ recipientLimit: -1 })).toThrow(
      new RangeError("recipientLimit must be a whole number, 0 or more, or Infinity; got -1"),
    );
    expect(createBillingMock({ recipientLimit: 1 }).state.recipients).toHaveLength(1);
    expect(createBillingMock({ recipientLimit: 0, fixtures: { recipients: [] } }).state.recipients).toEqual([]);
  });

  test("the refusal names the mock's limit, in its detail and in the field error", async () => {
    const mock = createBillingMock({ rateLimit: false, recipientLimit: 2 });
    expect((await add(mock, "second@example.com")).status).toBe(201);
    const refused = await add(mock, "third@example.com");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      detail: "The mock holds at most 2 invoice CC recipients; remove one first.",
      errors: [{ pointer: "/email", code: "limit_reached", detail: "No more than 2 invoice CC recipients." }],
    });
  });
});

describe("the outbox's CC lists", () => {
  test("alternating add and resend no longer costs a copy of the whole list per email beyond outboxCcBytes", async () => {
    const budget = 200_000;
    const mock = createBillingMock({ rateLimit: false, recipientLimit: 100, outboxCcBytes: budget });
    for (let i = 0; i < 99; i++) await add(mock, addressOfLength(i));
    let next = 1000;
    for (let round = 0; round < 300; round++) {
      // Replace the newest recipient, then resend: every email has a list of its own.
      await remove(mock, mock.state.recipients.at(-1)!.id);
      await add(mock, addressOfLength(next++));
      expect((await resend(mock)).status).toBe(200);
      expect(retained(mock).outboxCc).toBeLessThanOrEqual(budget);
    }
    // The newest email is always kept, with the recipients of that moment.
    expect(mock.state.outbox.at(-1)!.cc).toEqual(mock.state.recipients.map((r) => r.email));
    expect(mock.state.outbox.length).toBeLessThan(300);
  });

  describe("a list costs its addresses' characters plus 8 per address, each distinct list counted once", () => {
    // ["a@example.com"] costs 13 + 8 = 21; ["a@example.com", "b@example.com"] costs 42: together 63.
    const twoLists = async (outboxCcBytes: number) => {
      const mock = createBillingMock({ rateLimit: false, fixtures: { recipients: [{ email: "a@example.com" }] }, outboxCcBytes });
      expect((await resend(mock)).status).toBe(200);
      expect((await add(mock, "b@example.com")).status).toBe(201);
      expect((await resend(mock)).status).toBe(200);
      return mock.state.outbox.map((email) => email.cc);
    };

    test("lists that add up to exactly outboxCcBytes are all kept", async () => {
      expect(await twoLists(63)).toEqual([["a@example.com"], ["a@example.com", "b@example.com"]]);
    });

    test("one byte less, and the oldest email goes", async () => {
      expect(await twoLists(62)).toEqual([["a@example.com", "b@example.com"]]);
    });

    test("the newest email stays even when its list alone is over", async () => {
      expect(await twoLists(10)).toEqual([["a@example.com", "b@example.com"]]);
    });

    test("the store's count is always what the outbox's distinct lists cost, as emails come and go", async () => {
      const pipeline = createPipeline({ rateLimit: false, fixtures: { recipients: [] }, outboxLimit: 3, outboxCcBytes: 150 });
      const mock = mockOf(pipeline);
      const steps = [
        () => add(mock, "a@example.com"),
        ...Array.from({ length: 4 }, () => () => resend(mock)),
        () => add(mock, "b@example.com"),
        () => resend(mock),
        () => add(mock, "c@example.com"),
        () => resend(mock),
        () => resend(mock),
        () => remove(mock, "1"),
        () => resend(mock),
        () => add(mock, addressOfLength(1, 112)),
        () => resend(mock),
        () => resend(mock),
      ];
      let lastTwo: number[] = [];
      for (const step of steps) {
        expect((await step()).status).toBeLessThan(300);
        expect(pipeline.store.outboxCcBytes).toBe(retained(mock).outboxCc);
        lastTwo = [...lastTwo.slice(-1), pipeline.store.outboxCcBytes];
      }
      // The last list (b, c and a 112-character address: 21 + 21 + 120 bytes) is over the budget with any other: it stays alone.
      expect(lastTwo).toEqual([162, 162]);
      expect(mock.state.outbox.map((email) => email.cc.length)).toEqual([3]);
    });
  });

  test("resends between changes share one list, so the outbox keeps all of them", async () => {
    const mock = createBillingMock({ rateLimit: false, outboxCcBytes: 1000 });
    for (let i = 0; i < 50; i++) await resend(mock);
    expect(mock.state.outbox).toHaveLength(50);
    expect(new Set(mock.state.outbox.map((email) => email.cc)).size).toBe(1);
  });

  test("with default options, the longest addresses the API takes stay within recipientLimit × a recipient's most + outboxCcBytes", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const { recipients, outboxCc } = await fillState(mock);
    expect(outboxCc).toBeLessThanOrEqual(DEFAULT_OUTBOX_CC_BYTES);
    expect(recipients + outboxCc).toBeLessThanOrEqual(STATE_WORST);
    expect(STATE_WORST).toBeLessThan(20 * 1024 * 1024);
  });
});

/**
 * The documented worst case of the state with defaults: an address of EMAIL_MAX and a
 * description of DESCRIPTION_MAX code points (2 UTF-16 units each) per recipient, and the
 * outbox's CC lists, about 18 MB in all.
 */
const STATE_WORST = DEFAULT_RECIPIENT_LIMIT * (EMAIL_MAX + DESCRIPTION_MAX * 4 + 8) + DEFAULT_OUTBOX_CC_BYTES;

/** Recipients at their longest, and 400 resends each with a CC list of its own: what the state then retains. */
async function fillState(mock: BillingMock): Promise<{ recipients: number; outboxCc: number }> {
  const description = "\u{1F600}".repeat(DESCRIPTION_MAX + 10);
  const addLongest = (n: number) =>
    mock.fetch(CONTACTS, { method: "POST", headers: HEADERS, body: JSON.stringify({ email: addressOfLength(n), description }) });
  for (let i = 0; i < 60; i++) expect((await addLongest(i)).status).toBe(201);
  let next = 1000;
  for (let round = 0; round < 400; round++) {
    await remove(mock, mock.state.recipients.at(-1)!.id);
    await addLongest(next++);
    await resend(mock);
  }
  return retained(mock);
}

describe("what the mock retains with every cap reached at once", () => {
  test("state, request journal and queued scenarios stay within the sum of their documented caps (about 22 MB, plus 6.25 MB per operation)", async () => {
    const pipeline = createPipeline({ rateLimit: false });
    const mock = mockOf(pipeline);
    const state = await fillState(mock);

    // The journal: more requests than it keeps, each with a body past its per-body cap and a long header.
    const pad = "p".repeat(4000);
    const body = JSON.stringify({ email: "journal@example.com", description: "d".repeat(2 * DEFAULT_JOURNAL_BODY_BYTES) });
    for (let i = 0; i < DEFAULT_JOURNAL_ENTRIES + 200; i++) {
      await mock.fetch(CONTACTS, { method: "POST", headers: { ...HEADERS, "x-pad": pad }, body });
    }
    const entries = mock.requests.list();
    expect(entries.length).toBeLessThanOrEqual(DEFAULT_JOURNAL_ENTRIES);
    expect(mock.requests.dropped).toBeGreaterThan(200);
    for (const entry of entries) expect(entry.body?.text.length ?? 0).toBeLessThanOrEqual(DEFAULT_JOURNAL_BODY_BYTES);
    // The newest entries are the padded ones, cut to the per-body cap: the caps bound, not the test's sizes.
    expect(entries.at(-1)!.body).toMatchObject({ bytes: body.length, truncated: true });
    const journal = journalBytes(entries);
    expect(journal).toBeLessThanOrEqual(pipeline.journal.bytes);
    expect(pipeline.journal.bytes).toBeLessThanOrEqual(DEFAULT_JOURNAL_BYTES);
    // The byte cap binds before the entry cap with requests this large.
    expect(journal).toBeGreaterThan(DEFAULT_JOURNAL_BYTES - 20_000);

    // Queued scenarios: every operation's queue full, each scenario as large as the control API takes.
    const operations = Object.keys(operationMetadata);
    for (const operationId of operations) {
      for (let i = 0; i < MAX_QUEUED_SCENARIOS; i++) expect((await queueLargest(pipeline, operationId, MAX_BODY_BYTES)).status).toBe(201);
      expect((await queueLargest(pipeline, operationId, MAX_BODY_BYTES)).status).toBe(400);
    }
    // One byte more is refused unread.
    expect((await queueLargest(pipeline, operations[0]!, MAX_BODY_BYTES + 1)).status).toBe(400);
    const scenarios = drainScenarios(pipeline);
    expect(scenarios.count).toBe(operations.length * MAX_QUEUED_SCENARIOS);
    const scenariosWorst = operations.length * MAX_QUEUED_SCENARIOS * MAX_BODY_BYTES;
    expect(scenarios.bytes).toBeLessThanOrEqual(scenariosWorst);
    expect(scenarios.bytes).toBeGreaterThan(scenariosWorst * 0.99);

    const total = state.recipients + state.outboxCc + journal + scenarios.bytes;
    const worst = STATE_WORST + DEFAULT_JOURNAL_BYTES + scenariosWorst;
    expect(total).toBeLessThanOrEqual(worst);
    // The scenario queues are per operation, so the bound grows with the spec: a fixed part, and 6.25 MB for each operation.
    expect(MAX_QUEUED_SCENARIOS * MAX_BODY_BYTES).toBe(6.25 * 1024 * 1024);
    expect(worst).toBeLessThan(23 * 1024 * 1024 + operations.length * 6.25 * 1024 * 1024);
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
