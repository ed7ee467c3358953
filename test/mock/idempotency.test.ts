/**
 * Idempotency keys on the stateful mock, as the API keeps them: a repeat of an operation's
 * `Idempotency-Key` by the same caller gets the first reply, and the behaviour does not run
 * again. The spec declares no key on HostUp's operations yet, so the resend is given one in an
 * edited copy, served by the mock as its own process.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { operationMetadata } from "@hostup/billing-openapi";
import { IDEMPOTENCY_BYTES, IDEMPOTENCY_KEY_MS, IDEMPOTENCY_KEYS, IdempotencyKeys } from "../../packages/billing-mock/src/idempotency.ts";
import { pathOf } from "../support/examples.ts";
import { startMockOn, type MockOnSpec } from "../support/mock-on-spec.ts";

const RESEND = pathOf("resendInvoiceEmail");

function withResendKey(): typeof spec {
  const document = structuredClone(spec) as any;
  document.paths[operationMetadata.resendInvoiceEmail.path].post.parameters.push({
    name: "Idempotency-Key",
    in: "header",
    required: true,
    schema: { type: "string", minLength: 1, maxLength: 255 },
  });
  return document;
}

describe("a resend that declares an Idempotency-Key", () => {
  let mock: MockOnSpec;
  beforeAll(async () => {
    mock = await startMockOn("stateful", withResendKey() as never);
  }, 60_000);
  afterAll(() => mock?.close());

  const resend = (key: string, credentials: Record<string, string> = { Authorization: "Bearer test-token" }, prefer?: string) =>
    fetch(`${mock.url}${RESEND}`, {
      method: "POST",
      headers: { ...credentials, "Idempotency-Key": key, ...(prefer ? { Prefer: prefer } : {}) },
    });
  const outbox = async () => ((await (await fetch(`${mock.url}/__mock/state`)).json()) as { outbox: unknown[] }).outbox.length;

  test("a repeat of the key gets the first answer and sends no second email; another key, or another caller, sends one", async () => {
    const first = await resend("key-1");
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(await outbox()).toBe(1);
    await new Promise((done) => setTimeout(done, 5));
    const again = await resend("key-1");
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    expect(await outbox()).toBe(1);
    expect((await resend("key-2")).status).toBe(200);
    expect(await outbox()).toBe(2);
    expect((await resend("key-1", { Cookie: "hostup_session=sess_abc123" })).status).toBe(200);
    expect(await outbox()).toBe(3);
  });

  test("a call whose answer was lost after the change, retried with its key, changed the state once", async () => {
    const before = await outbox();
    await expect(resend("key-lost", undefined, "fault=drop-after-commit")).rejects.toThrow();
    expect(await outbox()).toBe(before + 1);
    expect((await resend("key-lost")).status).toBe(200);
    expect(await outbox()).toBe(before + 1);
  });

  test("a request without the required key is refused, and reset forgets every key", async () => {
    expect((await fetch(`${mock.url}${RESEND}`, { method: "POST", headers: { Authorization: "Bearer test-token" } })).status).toBe(400);
    expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } })).status).toBe(204);
    expect((await resend("key-1")).status).toBe(200);
    expect(await outbox()).toBe(1);
  });
});

describe("IdempotencyKeys", () => {
  const reply = (n: number) => ({ status: 200, body: { n } });

  test("keeps a key's reply for 24 hours of the mock's clock, per operation and caller", () => {
    const keys = new IdempotencyKeys();
    keys.keep("op", "bearer:a", "k", 0, reply(1));
    expect(keys.replay("op", "bearer:a", "k", IDEMPOTENCY_KEY_MS - 1)).toEqual(reply(1));
    expect(keys.replay("op", "bearer:a", "k", IDEMPOTENCY_KEY_MS)).toBeUndefined();
    expect(keys.replay("other", "bearer:a", "k", 0)).toBeUndefined();
    expect(keys.replay("op", "bearer:b", "k", 0)).toBeUndefined();
  });

  test(`remembers at most ${IDEMPOTENCY_KEYS} keys, dropping the oldest, and drops expired ones as new ones come`, () => {
    const keys = new IdempotencyKeys();
    for (let i = 0; i <= IDEMPOTENCY_KEYS; i++) keys.keep("op", "", `k${i}`, i, reply(i));
    expect(keys.size).toBe(IDEMPOTENCY_KEYS);
    expect(keys.replay("op", "", "k0", IDEMPOTENCY_KEYS)).toBeUndefined();
    expect(keys.replay("op", "", "k1", IDEMPOTENCY_KEYS)).toEqual(reply(1));
    // A day after k10: k1 to k10 have expired, the rest not yet.
    keys.keep("op", "", "late", IDEMPOTENCY_KEY_MS + 10, reply(-1));
    expect(keys.size).toBe(IDEMPOTENCY_KEYS - 10 + 1);
    expect(keys.replay("op", "", "k11", IDEMPOTENCY_KEY_MS + 10)).toEqual(reply(11));
    keys.keep("op", "", "later", 3 * IDEMPOTENCY_KEY_MS, reply(-2));
    expect(keys.size).toBe(1);
    keys.clear();
    expect(keys.size).toBe(0);
  });

  test(`holds at most ${IDEMPOTENCY_BYTES / 1024 / 1024} MiB of replies, dropping the oldest, and always the newest`, () => {
    const keys = new IdempotencyKeys();
    // Each body is a JSON string of a quarter of the bound, counted at two bytes a character.
    const large = (n: number) => ({ status: 200, body: `${n}`.padEnd(IDEMPOTENCY_BYTES / 8, "x") });
    for (let i = 0; i < 6; i++) keys.keep("op", "", `k${i}`, i, large(i));
    expect(keys.size).toBe(3);
    expect(keys.bytes).toBeLessThanOrEqual(IDEMPOTENCY_BYTES);
    expect(keys.bytes).toBeGreaterThan((3 * IDEMPOTENCY_BYTES) / 4);
    expect(["k2", "k3", "k4", "k5"].map((key) => (keys.replay("op", "", key, 6)?.body as string | undefined)?.slice(0, 1))).toEqual([
      undefined,
      "3",
      "4",
      "5",
    ]);
    // The same key again is counted once.
    const before = keys.bytes;
    keys.keep("op", "", "k5", 7, large(5));
    expect(keys.bytes).toBe(before);
    // One reply over the whole bound is still kept, alone, so its retry is answered.
    keys.keep("op", "", "huge", 8, { status: 200, body: "y".repeat(IDEMPOTENCY_BYTES) });
    expect(keys.size).toBe(1);
    expect(keys.replay("op", "", "huge", 8)?.body).toHaveLength(IDEMPOTENCY_BYTES);
    keys.keep("op", "", "small", 9, reply(1));
    expect([keys.size, keys.replay("op", "", "small", 9)]).toEqual([1, reply(1)]);
    expect(keys.bytes).toBeLessThan(100);
    keys.clear();
    expect(keys.bytes).toBe(0);
  });

  test("counts a reply's headers too, and keeps replies that fill the bound exactly", () => {
    const keys = new IdempotencyKeys();
    const headed = { status: 200, body: null, headers: { "x-padding": "h".repeat(IDEMPOTENCY_BYTES / 8) } };
    for (let i = 0; i < 6; i++) keys.keep("op", "", `k${i}`, i, headed);
    expect(keys.size).toBe(3);
    keys.clear();
    // Two bytes a UTF-16 unit of the key ("op", two NULs and "a") and of the JSON of body and headers.
    const exact = () => ({ status: 200, body: "b".repeat((IDEMPOTENCY_BYTES / 2 - 2 * (5 + 2 + 2)) / 2) });
    keys.keep("op", "", "a", 0, exact());
    keys.keep("op", "", "b", 1, exact());
    expect([keys.size, keys.bytes]).toEqual([2, IDEMPOTENCY_BYTES]);
  });
});
