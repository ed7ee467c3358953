/**
 * The scenario vocabulary on the stateful mock: `Prefer` words per request (code, example,
 * delay, fault) on every host, and the typed per-operation overrides of `mock.scenarios`.
 * Example answers are the spec's own, checked against the spec's schemas. MSW has its own
 * file (msw-scenarios.test.ts): the Node host replaces the global Response, which MSW checks.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createBillingMock, MAX_DELAY_MS, MAX_QUEUED_SCENARIOS, ScenarioError, type BillingMock } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { errorCatalog, responseExamples, serverUrl } from "@hostup/billing-openapi";
import { pathOf, responseExample } from "../support/examples.ts";
import { response, validate } from "../support/spec.ts";
import { hosts, type Host } from "../support/mock-hosts.ts";
import { preferWords } from "../../packages/billing-mock/src/prefer.ts";
import { createPipeline } from "../../packages/billing-mock/src/mock.ts";
import { dropReason } from "../../packages/billing-mock/src/replies.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("listInvoiceCcRecipients");
const AUTH = { Authorization: "Bearer test-token" };
/** The statuses resendInvoiceEmail documents, as a refusal lists them. */
const RESEND_STATUSES = Object.keys(responseExamples.resendInvoiceEmail).join(", ");
/** The refusal of a success example the resend lacks, from Prefer and from mock.scenarios alike. */
const NO_SUCCESS_EXAMPLE_NOT_FOUND =
  'resendInvoiceEmail has no success example "notFound"; it has "queued" (name a status with code to pick another).';
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

    test("several preferences, in any case, quoted and spaced, are read as one scenario; other words are skipped", async () => {
      const answer = await resend(host, { Prefer: 'respond-async, CODE = "400" ; Example="invalidInvoiceId"' });
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual(responseExample("resendInvoiceEmail", 400, "invalidInvoiceId"));
      // A preference without a value, or one whose name only starts like a word, is not that word.
      const behaved = await resend(host, { Prefer: "codes, faults, examples" });
      expect(behaved.status).toBe(200);
      expect(host.state.outbox).toHaveLength(1);
    });

    test("an undocumented status, a name that is no success example, or a malformed number gets a 400 Problem saying what is allowed", async () => {
      const refusals: [string, string][] = [
        // Unlike a queued scenario, Prefer asks for documented statuses only, as on Prism.
        ["code=503", `resendInvoiceEmail does not document status 503; it documents ${RESEND_STATUSES}.`],
        ["example=notFound", NO_SUCCESS_EXAMPLE_NOT_FOUND],
        ["code=x404", 'Prefer: code must be a whole number (an HTTP status); got "x404".'],
        ['code=4"04"', 'Prefer: code must be a whole number (an HTTP status); got "4\\"04\\"".'],
        ['code="40"4', 'Prefer: code must be a whole number (an HTTP status); got "\\"40\\"4".'],
        ["delay=10ms", 'Prefer: delay must be a whole number of milliseconds; got "10ms".'],
        ["delay=1234567890", 'Prefer: delay must be a whole number of milliseconds; got "1234567890".'],
        ["delay=-1", 'Prefer: delay must be a whole number of milliseconds; got "-1".'],
        [`delay=${MAX_DELAY_MS + 1}`, `delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}; got ${MAX_DELAY_MS + 1}.`],
        ["fault=timeout", 'fault must be one of reset, drop-after-commit, slow-body, malformed; got "timeout".'],
      ];
      for (const [prefer, detail] of refusals) {
        const answer = await resend(host, { Prefer: prefer });
        expect(answer.status, prefer).toBe(400);
        expect(answer.headers.get("content-type")).toBe("application/problem+json");
        expect(await answer.json(), prefer).toMatchObject({ status: 400, code: errorCatalog[400].code, detail });
      }
      expect(host.state.outbox).toEqual([]);
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
  // Built per test, so that building it (mock.scenarios included) is what each test checks.
  let mock: BillingMock;
  beforeEach(() => {
    mock = createBillingMock({ rateLimit: false });
  });
  const url = `${serverUrl}${RESEND}`;
  const call = () => mock.fetch(url, { method: "POST", headers: AUTH });

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

  /** What `next` throws for words given from JavaScript, as the fields a caller reads. */
  const refusal = (operationId: string, scenario: object) => {
    try {
      (mock.scenarios.next as (operationId: string, scenario: object) => void)(operationId, scenario);
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      const { name, pointer, message } = error as ScenarioError;
      return { name, pointer, message };
    }
    return "queued";
  };

  test("a refusal names the member at fault and says what the spec allows", () => {
    const refused = (pointer: string, message: string) => ({ name: "ScenarioError", pointer, message });
    expect(refusal("chargeCard", { code: 500 })).toEqual(
      refused("/operationId", `The spec has no operation "chargeCard"; it has ${Object.keys(responseExamples).join(", ")}.`),
    );
    for (const code of [418, 600]) {
      expect(refusal("resendInvoiceEmail", { code })).toEqual(
        refused(
          "/code",
          `resendInvoiceEmail does not document status ${code}; it documents ${RESEND_STATUSES}, and any 5xx may be asked for.`,
        ),
      );
    }
    expect(refusal("resendInvoiceEmail", { code: 400, example: "nope" })).toEqual(
      refused("/example", 'resendInvoiceEmail has no example "nope" for status 400; it has "bodyNotAllowed", "invalidInvoiceId".'),
    );
    // An example named without a status is looked up among the success examples only, as on Prism.
    expect(refusal("resendInvoiceEmail", { example: "notFound" })).toEqual(refused("/example", NO_SUCCESS_EXAMPLE_NOT_FOUND));
    expect(refusal("listInvoiceCcRecipients", { example: "unauthorized" })).toEqual(
      refused(
        "/example",
        'listInvoiceCcRecipients has no success example "unauthorized"; it has "recipients", "none" (name a status with code to pick another).',
      ),
    );
    for (const delay of [MAX_DELAY_MS + 1, -1, 1.5, Number.NaN]) {
      expect(refusal("resendInvoiceEmail", { delay })).toEqual(
        refused("/delay", `delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}; got ${String(delay)}.`),
      );
    }
    expect(refusal("resendInvoiceEmail", { fault: "timeout" })).toEqual(
      refused("/fault", 'fault must be one of reset, drop-after-commit, slow-body, malformed; got "timeout".'),
    );
    for (const times of [0, 1_000_001, 2.5]) {
      expect(refusal("resendInvoiceEmail", { times })).toEqual(
        refused("/times", `times must be a whole number of calls from 1 to 1000000; got ${times}.`),
      );
    }
  });

  test("the bounds themselves are allowed: a delay of MAX_DELAY_MS, a million calls, any 5xx up to 599", async () => {
    expect(refusal("listInvoiceCcRecipients", { delay: MAX_DELAY_MS })).toBe("queued");
    expect(refusal("removeInvoiceCcRecipient", { code: 503, times: 1_000_000 })).toBe("queued");
    expect(refusal("resendInvoiceEmail", { code: 599 })).toBe("queued");
    const answer = await call();
    expect(answer.status).toBe(599);
    expect(await answer.json()).toMatchObject({ status: 599, code: errorCatalog[500].code });
    expect((await call()).status).toBe(200);
  });

  test(`at most ${MAX_QUEUED_SCENARIOS} scenarios wait per operation; clear() makes room again`, async () => {
    for (let i = 0; i < MAX_QUEUED_SCENARIOS; i++) mock.scenarios.next("resendInvoiceEmail", { code: 404 });
    expect(refusal("resendInvoiceEmail", { code: 404 })).toEqual({
      name: "ScenarioError",
      pointer: "/operationId",
      message: `resendInvoiceEmail already has ${MAX_QUEUED_SCENARIOS} scenarios queued; clear them first.`,
    });
    // The bound is per operation.
    expect(refusal("listInvoiceCcRecipients", { code: 500 })).toBe("queued");
    mock.scenarios.clear();
    expect(refusal("resendInvoiceEmail", { code: 500 })).toBe("queued");
    expect((await call()).status).toBe(500);
    expect((await call()).status).toBe(200);
    expect((await mock.fetch(`${serverUrl}${CONTACTS}`, { headers: AUTH })).status).toBe(200);
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
    // @ts-expect-error fault knows four words: reset, drop-after-commit, slow-body, malformed
    expect(() => mock.scenarios.next("resendInvoiceEmail", { fault: "timeout" })).toThrow(ScenarioError);
    mock.scenarios.next("addInvoiceCcRecipient", { code: 400, example: "duplicateEmail" });
    mock.scenarios.next("listInvoiceCcRecipients", { example: "none", delay: 100 });
    mock.scenarios.next("removeInvoiceCcRecipient", { code: 503, times: 2 });
  });
});

describe("preferWords: the scenario words of a Prefer header", () => {
  test("reads each word once, whatever the separators, case, quotes and spaces", () => {
    expect(preferWords('code=400; EXAMPLE = "invalidInvoiceId", delay=0009, fault=reset')).toEqual({
      code: 400,
      example: "invalidInvoiceId",
      delay: 9,
      fault: "reset",
    });
    // Quotes come off only when they enclose the whole value.
    expect(preferWords('example=x"none"')).toEqual({ example: 'x"none"' });
    expect(preferWords('example="none"x')).toEqual({ example: '"none"x' });
    expect(preferWords("return=minimal, respond-async, codes")).toBeUndefined();
  });

  test("a malformed number throws a ScenarioError pointing at its word", () => {
    for (const [header, pointer] of [
      ["code=4o4", "/code"],
      ["delay=soon", "/delay"],
    ] as const) {
      expect(() => preferWords(header), header).toThrow(expect.objectContaining({ name: "ScenarioError", pointer }));
    }
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
