/**
 * Faults, in WireMock's vocabulary, on every host: `reset` (covered in scenarios.test.ts),
 * `drop-after-commit` (the change is made, the answer lost), `slow-body` (headers at once,
 * the body over `delay`) and `malformed` (a 2xx whose JSON does not parse). Through
 * `Prefer`, queued scenarios, and on the Prism front as far as a proxy can. Through MSW in
 * msw-faults.test.ts: MSW's interceptor cannot share a process with the Node host, whose
 * @hono/node-server replaces the global Response.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createBillingMock, type BillingMock } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { createBillingClient, UnexpectedResponseError } from "@hostup/billing-client";
import { serverUrl } from "@hostup/billing-openapi";
import { startPrismMock, type PrismMock } from "../../pipeline/prism-front.ts";
import { malformedAnswer } from "../../packages/billing-mock/src/examples.ts";
import { cutJson, drip } from "../../packages/billing-mock/src/faults.ts";
import { checkScenarioAgainst } from "../../packages/billing-mock/src/scenarios.ts";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import { pathOf, responseExample } from "../support/examples.ts";
import { routeOf } from "../support/model-route.ts";

const CONTACTS = pathOf("addInvoiceCcRecipient");
const AUTH = { Authorization: "Bearer test-token" };
const JSON_BODY = { ...AUTH, "Content-Type": "application/json" };
const add = (email: string, prefer?: string): RequestInit => ({
  method: "POST",
  headers: { ...JSON_BODY, ...(prefer ? { Prefer: prefer } : {}) },
  body: JSON.stringify({ email }),
});

/** When the status and headers came, and when the whole body had, after the request was sent. */
async function timed(send: () => Promise<Response>): Promise<{ response: Response; headersMs: number; bodyMs: number; text: string }> {
  const started = performance.now();
  const response = await send();
  const headersMs = performance.now() - started;
  const text = await response.text();
  return { response, headersMs, bodyMs: performance.now() - started, text };
}

interface Host {
  name: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  mock: Pick<BillingMock, "state" | "requests" | "reset" | "scenarios">;
}

describe("faults on the stateful mock", () => {
  let server: RunningBillingMock;
  let hosts: Host[];
  beforeAll(async () => {
    server = await startBillingMock({ port: 0, rateLimit: false });
    const mock = createBillingMock({ rateLimit: false });
    hosts = [
      { name: "in-process", fetch: (path, init) => mock.fetch(`${serverUrl}${path}`, init), mock },
      { name: "over HTTP", fetch: (path, init) => fetch(`${server.url}${path}`, init), mock: server },
    ];
  });
  afterAll(() => server.close());

  test("drop-after-commit: the recipient is added, then the call fails as a reset does; the journal shows one request with no status", async () => {
    for (const { name, fetch, mock } of hosts) {
      mock.reset();
      const error = await fetch(CONTACTS, add("ap@example.com", "fault=drop-after-commit")).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(TypeError);
      expect((error as TypeError).cause, name).toMatchObject({ code: "ECONNRESET" });
      expect(
        mock.state.recipients.map((r) => r.email),
        name,
      ).toContain("ap@example.com");
      expect(
        mock.requests.list().map((r) => [r.operationId, r.status, r.answeredBy, r.fault]),
        name,
      ).toEqual([["addInvoiceCcRecipient", null, "scenario", "drop-after-commit"]]);
      // Made once: the same address again is a duplicate.
      expect((await fetch(CONTACTS, add("ap@example.com"))).status, name).toBe(400);
    }
  });

  test("drop-after-commit queued in code plays once, then the operation answers again", async () => {
    for (const { name, fetch, mock } of hosts) {
      mock.reset();
      mock.scenarios.next("addInvoiceCcRecipient", { fault: "drop-after-commit" });
      await expect(fetch(CONTACTS, add("first@example.com")), name).rejects.toThrow(TypeError);
      expect((await fetch(CONTACTS, add("second@example.com"))).status, name).toBe(201);
      expect(
        mock.state.recipients.map((r) => r.email),
        name,
      ).toEqual(["finance@example.com", "first@example.com", "second@example.com"]);
    }
  });

  test("drop-after-commit refuses code, example, body or headers: the operation must behave", () => {
    const mock = createBillingMock();
    expect(() => mock.scenarios.next("addInvoiceCcRecipient", { fault: "drop-after-commit", code: 201 })).toThrow(
      expect.objectContaining({ pointer: "/fault" }),
    );
  });

  test("slow-body: status and headers at once, the body over the delay, whole", async () => {
    for (const { name, fetch, mock } of hosts) {
      mock.reset();
      const { response, headersMs, bodyMs, text } = await timed(() =>
        fetch(CONTACTS, { headers: { ...AUTH, Prefer: "fault=slow-body, delay=1200" } }),
      );
      expect(response.status, name).toBe(200);
      expect(response.headers.get("content-type"), name).toBe("application/json");
      // Without the fault the whole answer takes milliseconds; the bounds are wide for a loaded machine.
      expect(headersMs, name).toBeLessThan(600);
      expect(bodyMs, name).toBeGreaterThanOrEqual(1100);
      expect(JSON.parse(text), name).toEqual({ contacts: [{ id: "1", email: "finance@example.com", description: "Finance team" }] });
    }
  });

  test("slow-body without a delay is refused with 400 naming delay", async () => {
    for (const { name, fetch } of hosts) {
      const answer = await fetch(CONTACTS, { headers: { ...AUTH, Prefer: "fault=slow-body" } });
      expect(answer.status, name).toBe(400);
      expect((await answer.json()).detail, name).toMatch(/slow-body.*delay/);
    }
  });

  test("malformed: a 2xx with a JSON media type whose body does not parse, and no change made", async () => {
    for (const { name, fetch, mock } of hosts) {
      mock.reset();
      const answer = await fetch(CONTACTS, add("ap@example.com", "fault=malformed"));
      expect(answer.status, name).toBe(201);
      expect(answer.headers.get("content-type"), name).toBe("application/json");
      const text = await answer.text();
      expect(() => JSON.parse(text), name).toThrow(SyntaxError);
      expect(JSON.stringify(responseExample("addInvoiceCcRecipient", 201)).startsWith(text), name).toBe(true);
      expect(mock.state.recipients, name).toHaveLength(1);
    }
  });

  test("malformed reaches the client as an UnexpectedResponseError, not as data", async () => {
    const mock = createBillingMock();
    mock.scenarios.next("listInvoiceCcRecipients", { fault: "malformed" });
    const billing = createBillingClient({ token: "test-token", fetch: mock.fetch });
    await expect(billing.listInvoiceCcRecipients()).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  test("malformed with a code that is no success is refused", () => {
    expect(() => createBillingMock().scenarios.next("addInvoiceCcRecipient", { fault: "malformed", code: 400 })).toThrow(
      expect.objectContaining({ pointer: "/code" }),
    );
  });

  test("the control API queues every fault", async () => {
    server.reset();
    const queued = await fetch(`${server.url}/__mock/scenarios`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operationId: "addInvoiceCcRecipient", fault: "drop-after-commit" }),
    });
    expect(queued.status).toBe(201);
    await expect(fetch(`${server.url}${CONTACTS}`, add("queued@example.com"))).rejects.toThrow(TypeError);
    expect(server.state.recipients.map((r) => r.email)).toContain("queued@example.com");
    const refused = await fetch(`${server.url}/__mock/scenarios`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ operationId: "addInvoiceCcRecipient", fault: "slow-body" }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual([expect.objectContaining({ pointer: "/delay" })]);
  });
});

describe("faults on the Prism front (pnpm mock)", () => {
  let prism: PrismMock;
  beforeAll(async () => {
    prism = await startPrismMock({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => prism.close());

  test("slow-body: Prism's answer, its headers at once and its body over the delay", async () => {
    const { response, headersMs, bodyMs, text } = await timed(() =>
      fetch(`${prism.url}${CONTACTS}`, { headers: { ...AUTH, Prefer: "fault=slow-body, delay=1200" } }),
    );
    expect(response.status).toBe(200);
    expect(headersMs).toBeLessThan(600);
    expect(bodyMs).toBeGreaterThanOrEqual(1100);
    expect(JSON.parse(text)).toEqual(responseExample("listInvoiceCcRecipients", 200));
  });

  test("malformed: Prism's 2xx example, cut so that it does not parse", async () => {
    const answer = await fetch(`${prism.url}${CONTACTS}`, add("ap@example.com", "fault=malformed"));
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    await expect(answer.json()).rejects.toThrow(SyntaxError);
  });

  test("drop-after-commit: Prism answers, the answer is lost (Prism keeps no state to commit)", async () => {
    await fetch(`${prism.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } });
    const error = await fetch(`${prism.url}${CONTACTS}`, add("ap@example.com", "fault=drop-after-commit")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const { requests } = await (await fetch(`${prism.url}/__mock/requests`)).json();
    expect(requests).toEqual([expect.objectContaining({ operationId: "addInvoiceCcRecipient", status: null, fault: "drop-after-commit" })]);
    // And it keeps serving.
    expect((await fetch(`${prism.url}${CONTACTS}`, { headers: AUTH })).status).toBe(200);
  });

  test("an unknown fault is refused, naming the four it knows", async () => {
    const answer = await fetch(`${prism.url}${CONTACTS}`, { headers: { ...AUTH, Prefer: "fault=timeout" } });
    expect(answer.status).toBe(400);
    expect((await answer.json()).detail).toContain("fault=drop-after-commit");
  });
});

describe("malformed on operations documented unlike the current ones", () => {
  const cut = async (answer: Response) => {
    const text = await answer.text();
    expect(() => JSON.parse(text), text).toThrow(SyntaxError);
    return { status: answer.status, type: answer.headers.get("content-type"), source: answer.headers.get("x-mock-source") };
  };

  test("an operation that documents no success is cut from an empty JSON object, as a 200", async () => {
    const route = routeOf("archiveInvoice", { "404": { description: "Not found." } });
    const answer = malformedAnswer(newExchange(new Date(), "/archive"), route);
    expect(await cut(answer)).toEqual({ status: 200, type: "application/json", source: "scenario" });
  });

  test("a success without content keeps its documented headers and is sent as JSON", async () => {
    const route = routeOf("archiveInvoice", {
      "200": { description: "Archived.", headers: { "X-Archive-Id": { schema: { type: "string" }, example: "arc_1" } } },
    });
    const answer = malformedAnswer(newExchange(new Date(), "/archive"), route);
    expect(answer.headers.get("x-archive-id")).toBe("arc_1");
    expect(await cut(answer)).toEqual({ status: 200, type: "application/json", source: "scenario" });
  });

  test("passes over a 204 or 205, which cannot carry the cut body, to the first success that can", async () => {
    const route = routeOf("archiveInvoice", {
      "204": { description: "Archived." },
      "205": { description: "Archived; reset the view." },
      "202": { description: "Queued.", content: { "application/json": { example: { queued: true } } } },
    });
    const answer = malformedAnswer(newExchange(new Date(), "/archive"), route);
    expect(await cut(answer)).toEqual({ status: 202, type: "application/json", source: "scenario" });
  });

  test("is refused, before anything is queued or played, where every success is a 204 or 205", () => {
    const statuses = { "204": [], "205": [], "404": [] };
    expect(() => checkScenarioAgainst("archiveInvoice", statuses, { fault: "malformed" }, false)).toThrow(
      "fault=malformed answers a success with a body, and archiveInvoice's 204, 205 has none.",
    );
    expect(() => checkScenarioAgainst("archiveInvoice", statuses, { fault: "malformed", code: 204 }, false)).toThrow(
      expect.objectContaining({ pointer: "/code" }),
    );
    expect(() => checkScenarioAgainst("archiveInvoice", statuses, { fault: "malformed" }, false)).toThrow(
      expect.objectContaining({ pointer: "/fault" }),
    );
    // With a success that has a body, or none documented at all, it plays.
    expect(checkScenarioAgainst("archiveInvoice", { ...statuses, "200": [] }, { fault: "malformed" }, false)).toEqual({
      delay: 0,
      fault: "malformed",
    });
    expect(checkScenarioAgainst("archiveInvoice", { "404": [] }, { fault: "malformed" }, false)).toEqual({ delay: 0, fault: "malformed" });
  });
});

describe("drip: a body in up to 8 pieces over the delay", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("the first piece at once, each next one a seventh of the delay later, the whole body in order", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const bytes = new TextEncoder().encode("0123456789".repeat(8));
    const reader = (await drip(new Response(bytes), 70)).body!.getReader();
    const pieces: string[] = [];
    const reading = (async () => {
      for (let read = await reader.read(); !read.done; read = await reader.read()) pieces.push(new TextDecoder().decode(read.value));
    })();
    await vi.advanceTimersByTimeAsync(0);
    expect(pieces).toEqual(["0123456789"]);
    await vi.advanceTimersByTimeAsync(10);
    expect(pieces).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60);
    await reading;
    expect(pieces).toEqual(Array.from({ length: 8 }, () => "0123456789"));
  });

  test("a body shorter than eight bytes goes a byte a piece; an empty one has no body", async () => {
    const pieces: number[] = [];
    const reader = (await drip(new Response("abc"), 2)).body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) pieces.push(read.value.byteLength);
    expect(pieces).toEqual([1, 1, 1]);
    expect((await drip(new Response(""), 10)).body).toBeNull();
  });

  test("a reader that cancels stops the drip: no timer is left", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const reader = (await drip(new Response("0123456789".repeat(8)), 70)).body!.getReader();
    await reader.read();
    const pending = reader.read();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await reader.cancel();
    expect(vi.getTimerCount()).toBe(0);
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

describe("cutJson", () => {
  test("the first half of the text, which leaves an object or array open", () => {
    expect(cutJson('{"a":"bcdefgh"}')).toBe('{"a":"b');
    expect(cutJson("[1,2,3,4]")).toBe("[1,2");
  });
  test("a half that parses (a number) gets an opening brace; an empty text stays empty", () => {
    expect(cutJson("12345678")).toBe("{1234");
    expect(cutJson("7")).toBe("{7");
    expect(cutJson("")).toBe("");
  });
});

describe("which statuses fault=malformed may answer", () => {
  const check = (statuses: Record<string, string[]>, code?: number) =>
    checkScenarioAgainst("archiveInvoice", statuses, { fault: "malformed", ...(code === undefined ? {} : { code }) }, false);

  test("a code from 200 to 299, no other", () => {
    const statuses = { "199": [], "200": [], "299": [], "300": [] };
    expect(() => check(statuses, 199)).toThrow("fault=malformed answers a success status; 199 is not one.");
    expect(check(statuses, 200)).toMatchObject({ code: 200 });
    expect(check(statuses, 299)).toMatchObject({ code: 299 });
    expect(() => check(statuses, 300)).toThrow("300 is not one");
  });

  test("a 204 asked for is refused even beside a success with a body; only 2xx count when none is asked for", () => {
    expect(() => check({ "200": [], "204": [] }, 204)).toThrow("archiveInvoice's 204 has none");
    expect(() => check({ "103": [], "204": [] })).toThrow("archiveInvoice's 204 has none");
    expect(check({ "204": [], "299": [] })).toEqual({ delay: 0, fault: "malformed" });
  });

  test("other faults, and a plain code, may answer a 204", () => {
    expect(checkScenarioAgainst("archiveInvoice", { "204": [] }, { fault: "reset" }, false)).toEqual({ delay: 0, fault: "reset" });
    expect(checkScenarioAgainst("archiveInvoice", { "204": [] }, { code: 204 }, false)).toEqual({ delay: 0, code: 204 });
  });

  test("without a code, malformedAnswer picks the first 2xx in the spec's order that can carry a body", async () => {
    const first = (responses: Record<string, unknown>) =>
      malformedAnswer(newExchange(new Date(), "/archive"), routeOf("archiveInvoice", responses)).status;
    const json = (n: number) => ({ description: "Done.", content: { "application/json": { example: { n } } } });
    expect(first({ "103": { description: "Early hints." }, "200": json(1) })).toBe(200);
    expect(first({ "200": json(1), "201": json(2) })).toBe(200);
    expect(first({ "299": json(1) })).toBe(299);
  });
});
