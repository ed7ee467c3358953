/**
 * The scenario vocabulary on the stateful mock: `Prefer` words per request (code, example,
 * delay, fault) on every host, and the typed per-operation overrides of `mock.scenarios`.
 * Example answers are the spec's own, checked against the spec's schemas. MSW has its own
 * file (msw-scenarios.test.ts): the Node host replaces the global Response, which MSW checks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createBillingMock, MAX_DELAY_MS, ScenarioError } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { errorCatalog, serverUrl } from "@hostup/billing-openapi";
import { pathOf, requestBodyExample, responseExample } from "../support/examples.ts";
import { response, validate } from "../support/spec.ts";
import { hosts, type Host } from "../support/mock-hosts.ts";
import { createPipeline } from "../../packages/billing-mock/src/mock.ts";
import { dropReason } from "../../packages/billing-mock/src/replies.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("listInvoiceCcRecipients");
const AUTH = { Authorization: "Bearer test-token" };
const resend = (host: Host, headers: Record<string, string> = {}) =>
  host.fetch(RESEND, { method: "POST", headers: { ...AUTH, ...headers } });

for (const kind of hosts) {
  describe(`Prefer on the stateful mock, ${kind.name}`, () => {
    let host: Host;
    beforeAll(async () => {
      host = await kind.start({ rateLimit: false });
    });
    afterEach(() => host.reset());
    afterAll(() => host.close());

    test("code=404 answers the spec's 404 example, marked as an example, and changes no state", async () => {
      const answer = await resend(host, { Prefer: "code=404" });
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      expect(answer.headers.get("x-mock-source")).toBe("example");
      expect(await answer.json()).toEqual(responseExample("resendInvoiceEmail", 404));
      expect(host.state.outbox).toEqual([]);
    });

    test("code with example answers that named example; code alone its first", async () => {
      const named = await resend(host, { Prefer: "code=400, example=invalidInvoiceId" });
      expect(await named.json()).toEqual(responseExample("resendInvoiceEmail", 400, "invalidInvoiceId"));
      const first = await resend(host, { Prefer: "code=400" });
      expect(await first.json()).toEqual(responseExample("resendInvoiceEmail", 400, "bodyNotAllowed"));
    });

    test("example alone names a success example, as on Prism; the answer fits the spec's schema", async () => {
      const answer = await host.fetch(CONTACTS, { headers: { ...AUTH, Prefer: "example=none" } });
      expect(answer.status).toBe(200);
      const body = await answer.json();
      expect(body).toEqual(responseExample("listInvoiceCcRecipients", 200, "none"));
      expect(validate(response("listInvoiceCcRecipients", 200).schema, body)).toEqual([]);
    });

    test("a 429 example carries the documented headers' examples", async () => {
      const answer = await resend(host, { Prefer: "code=429" });
      expect(answer.status).toBe(429);
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    });

    test("an unknown example name or an undocumented status gets a 400 Problem naming it", async () => {
      const unknown = await resend(host, { Prefer: "code=404, example=nope" });
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).detail).toContain('"nope"');
      for (const code of [418, 503]) {
        const undocumented = await resend(host, { Prefer: `code=${code}` });
        expect(undocumented.status).toBe(400);
        expect((await undocumented.json()).detail).toContain(`status ${code}`);
      }
    });

    test("401 still wins: no credentials, no example", async () => {
      const answer = await host.fetch(RESEND, { method: "POST", headers: { Prefer: "code=200" } });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("x-mock-source")).toBeNull();
    });

    test("other preferences are ignored and the operation behaves", async () => {
      const answer = await resend(host, { Prefer: "return=minimal, respond-async" });
      expect(answer.status).toBe(200);
      expect(host.state.outbox).toHaveLength(1);
    });

    test("delay answers that much later, then behaves", async () => {
      const started = performance.now();
      const answer = await resend(host, { Prefer: "delay=200" });
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(answer.status).toBe(200);
      expect(host.state.outbox).toHaveLength(1);
    });

    test(`a delay over ${MAX_DELAY_MS} ms, or not a number, gets a 400 Problem naming delay`, async () => {
      for (const delay of [String(MAX_DELAY_MS + 1), "soon"]) {
        const answer = await resend(host, { Prefer: `delay=${delay}` });
        expect(answer.status).toBe(400);
        expect((await answer.json()).detail).toContain("delay");
      }
    });

    test("fault=reset drops the connection: fetch fails with ECONNRESET and nothing changes", async () => {
      const error = await resend(host, { Prefer: "fault=reset" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe("fetch failed");
      expect(((error as TypeError).cause as { code?: string }).code).toBe("ECONNRESET");
      expect(host.state.outbox).toEqual([]);
      expect((await resend(host)).status).toBe(200);
    });
  });
}

describe("mock.scenarios: typed overrides for the next calls", () => {
  const mock = createBillingMock({ rateLimit: false });
  const url = `${serverUrl}${RESEND}`;
  const call = () => mock.fetch(url, { method: "POST", headers: AUTH });
  afterEach(() => mock.reset());

  test("the next 2 calls answer 503, then the operation behaves", async () => {
    mock.scenarios.next("resendInvoiceEmail", { code: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await call();
      expect(answer.status).toBe(503);
      expect(answer.headers.get("x-mock-source")).toBe("scenario");
      const problem = await answer.json();
      // Undocumented, so in the error catalog's shape: the Problem schema, with the status asked for.
      expect(validate("#/components/schemas/Problem", problem)).toEqual([]);
      expect(problem).toMatchObject({
        status: 503,
        code: errorCatalog[500].code,
        detail: "A scenario asked for 503, which resendInvoiceEmail does not document.",
      });
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await call()).status).toBe(200);
    expect(mock.state.outbox).toHaveLength(1);
  });

  test("scenarios queued for one operation play in order; other operations are untouched", async () => {
    mock.scenarios.next("resendInvoiceEmail", { code: 404, example: "notFound" });
    mock.scenarios.next("resendInvoiceEmail", { delay: 50, code: 500 });
    const list = await mock.fetch(`${serverUrl}${CONTACTS}`, { headers: AUTH });
    expect(list.status).toBe(200);
    expect((await call()).status).toBe(404);
    expect((await call()).status).toBe(500);
    expect((await call()).status).toBe(200);
  });

  test("a queued fault drops the call; reset() clears the queue", async () => {
    mock.scenarios.next("resendInvoiceEmail", { fault: "reset", times: 3 });
    await expect(call()).rejects.toThrow("fetch failed");
    mock.reset();
    expect((await call()).status).toBe(200);
  });

  test("a Prefer header wins over the queue and does not consume it", async () => {
    mock.scenarios.next("resendInvoiceEmail", { code: 404 });
    expect((await mock.fetch(url, { method: "POST", headers: { ...AUTH, Prefer: "code=500" } })).status).toBe(500);
    expect((await call()).status).toBe(404);
  });

  test("JavaScript callers get a ScenarioError naming the member for what the spec does not allow", () => {
    const next = mock.scenarios.next as (operationId: string, scenario: object) => void;
    expect(() => next("chargeCard", {})).toThrow(ScenarioError);
    expect(() => next("resendInvoiceEmail", { code: 418 })).toThrow(/does not document status 418/);
    expect(() => next("resendInvoiceEmail", { code: 404, example: "nope" })).toThrow(/no example "nope"/);
    expect(() => next("resendInvoiceEmail", { delay: MAX_DELAY_MS + 1 })).toThrow(/delay/);
    expect(() => next("resendInvoiceEmail", { times: 0 })).toThrow(/times/);
  });

  test("operation ids, statuses and example names are typed from the spec", () => {
    // @ts-expect-error chargeCard is not an operation of the spec
    expect(() => mock.scenarios.next("chargeCard", { code: 500 })).toThrow(ScenarioError);
    // @ts-expect-error 418 is neither documented for resendInvoiceEmail nor a server error
    expect(() => mock.scenarios.next("resendInvoiceEmail", { code: 418 })).toThrow(ScenarioError);
    // @ts-expect-error the 404 of resendInvoiceEmail has no example named "gone"
    expect(() => mock.scenarios.next("resendInvoiceEmail", { code: 404, example: "gone" })).toThrow(ScenarioError);
    // @ts-expect-error duplicateEmail is an example of the 400, not of the 404
    expect(() => mock.scenarios.next("addInvoiceCcRecipient", { code: 404, example: "duplicateEmail" })).toThrow(ScenarioError);
    // @ts-expect-error fault knows one word: reset
    expect(() => mock.scenarios.next("resendInvoiceEmail", { fault: "timeout" })).toThrow(ScenarioError);
    mock.scenarios.next("addInvoiceCcRecipient", { code: 400, example: "duplicateEmail" });
    mock.scenarios.next("listInvoiceCcRecipients", { example: "none", delay: 100 });
    mock.scenarios.next("removeInvoiceCcRecipient", { code: 503, times: 2 });
  });
});

describe("scenarios at the pipeline every host calls", () => {
  const request = (prefer: string, signal?: AbortSignal) =>
    new Request(`${serverUrl}${RESEND}`, { method: "POST", headers: { ...AUTH, Prefer: prefer }, ...(signal ? { signal } : {}) });

  test("a scenario without delay is answered synchronously, which keeps the Node host on its fast path", async () => {
    const { answer } = createPipeline({ rateLimit: false });
    // The first request may wait for the routes to compile.
    await answer(request("code=404"), {}, true);
    const answered = answer(request("code=404"), {}, true);
    expect(answered).toBeInstanceOf(Response);
    expect((answered as Response).status).toBe(404);
  });

  test("a client that goes away during the delay gets no answer, the reason is kept for the log, and nothing changes", async () => {
    const { answer, store } = createPipeline({ rateLimit: false });
    const client = new AbortController();
    const answered = answer(request(`delay=${MAX_DELAY_MS}`, client.signal), {}, true);
    client.abort();
    const response = await answered;
    expect(response.status).toBe(0);
    expect(dropReason(response)).toBe("the client went away during the scenario's delay");
    expect(store.outbox).toEqual([]);
  });
});

describe("fault=reset on the Node host", () => {
  let server: RunningBillingMock;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false, log: (line) => lines.push(line) });
  });
  afterAll(() => server.close());

  test("destroys the socket with a reset before any response byte, logged as one line", async () => {
    const error = await fetch(`${server.url}${RESEND}`, { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } }).catch(
      (e: unknown) => e,
    );
    expect(((error as TypeError).cause as { code?: string }).code).toBe("ECONNRESET");
    expect(lines.at(-1)).toMatch(/→ connection dropped: the scenario asked for fault=reset/);
  });
});
