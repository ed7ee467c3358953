/**
 * The request journal: what an app sent, in order, on both mocks. In process
 * (`mock.requests`), over HTTP (`/__mock/requests` on the stateful mock's Node host and on
 * the Prism front), with credentials redacted and bounded in entries and bytes.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createBillingMock, type BillingMockOptions, type JournalEntry } from "@hostup/billing-mock";
import { startBillingMock } from "@hostup/billing-mock/node";
import { RequestJournal } from "@hostup/billing-mock/server";
import { serverUrl } from "@hostup/billing-openapi";
import { startPrismMock, type PrismMock } from "../../pipeline/prism-front.ts";
import { root } from "../../pipeline/paths.ts";
import { pathOf } from "../support/examples.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");
const TOKEN = "test-token";
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const JSON_BODY = { ...AUTH, "Content-Type": "application/json" };

/** One stateful host: its fetch by path, its journal as a test reads it, and its reset. */
interface JournalHost {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  requests(operationId?: string): Promise<{ requests: JournalEntry[]; dropped: number }>;
  reset(): Promise<void>;
  queue(operationId: string, scenario: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

const hosts: { name: string; start(options?: BillingMockOptions): Promise<JournalHost> }[] = [
  {
    name: "in-process (mock.requests)",
    async start(options) {
      const mock = createBillingMock(options);
      return {
        fetch: (path, init) => mock.fetch(`${serverUrl}${path}`, init),
        requests: async (operationId) => ({ requests: mock.requests.list(operationId), dropped: mock.requests.dropped }),
        reset: async () => mock.reset(),
        queue: async (operationId, scenario) => mock.scenarios.next(operationId as never, scenario as never),
        close: async () => {},
      };
    },
  },
  {
    name: "over HTTP (GET /__mock/requests)",
    async start(options) {
      const server = await startBillingMock({ ...options, port: 0 });
      return {
        fetch: (path, init) => fetch(`${server.url}${path}`, init),
        requests: async (operationId) =>
          (await fetch(`${server.url}/__mock/requests${operationId ? `?operationId=${operationId}` : ""}`)).json(),
        reset: async () =>
          void (await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } })),
        queue: async (operationId, scenario) => {
          const queued = await fetch(`${server.url}/__mock/scenarios`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ operationId, ...scenario }),
          });
          expect(queued.status).toBe(201);
        },
        close: server.close,
      };
    },
  },
];

for (const kind of hosts) {
  describe(`the stateful mock's request journal, ${kind.name}`, () => {
    let host: JournalHost;
    beforeAll(async () => {
      host = await kind.start({ rateLimit: false });
    });
    afterAll(() => host.close());

    test("records each request in order: operation, method, path, query, redacted headers, body, status and what answered", async () => {
      await host.reset();
      await host.fetch(`${CONTACTS}?page=2&page=3`, { headers: { ...AUTH, Cookie: "hostup_session=sess_abc123; theme=dark" } });
      await host.fetch(CONTACTS, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ email: "AP@Example.com" }) });
      await host.fetch("/api/v2/billing/nowhere", { headers: AUTH });
      const { requests, dropped } = await host.requests();
      expect(dropped).toBe(0);
      expect(requests.map((r) => [r.seq, r.operationId, r.method, r.path, r.status, r.answeredBy])).toEqual([
        [1, "listInvoiceCcRecipients", "GET", CONTACTS, 400, "behaviour"],
        [2, "addInvoiceCcRecipient", "POST", CONTACTS, 201, "behaviour"],
        [3, null, "GET", "/api/v2/billing/nowhere", 404, "behaviour"],
      ]);
      const [list, add] = requests as [JournalEntry, JournalEntry];
      // The list takes no query: the mock refused it, and the journal shows what was sent.
      expect(list.query).toEqual({ page: ["2", "3"] });
      expect(list.headers.authorization).toBe("Bearer [redacted]");
      expect(list.headers.cookie).toBe("hostup_session=[redacted]; theme=[redacted]");
      expect(list.body).toBeNull();
      expect(add.body).toEqual({ text: '{"email":"AP@Example.com"}', bytes: 26, truncated: false });
      expect(add.headers["content-type"]).toBe("application/json");
      expect(JSON.stringify(requests)).not.toContain(TOKEN);
      expect(JSON.stringify(requests)).not.toContain("sess_abc123");
      expect(Date.parse(add.at)).not.toBeNaN();
    });

    test("names what answered: the spec's example, a scenario, and the fault it played", async () => {
      await host.reset();
      await host.fetch(RESEND, { method: "POST", headers: { ...AUTH, Prefer: "code=404" } });
      await host.queue("listInvoiceCcRecipients", { code: 503 });
      await host.fetch(CONTACTS, { headers: AUTH });
      await host.fetch(RESEND, { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } }).catch(() => undefined);
      const { requests } = await host.requests();
      expect(requests.map((r) => [r.status, r.answeredBy, r.fault])).toEqual([
        [404, "example", undefined],
        [503, "scenario", undefined],
        [null, "scenario", "reset"],
      ]);
    });

    test("keeps a body an example scenario answered without reading", async () => {
      await host.reset();
      const body = JSON.stringify({ email: "ap@example.com" });
      await host.fetch(CONTACTS, { method: "POST", headers: { ...JSON_BODY, Prefer: "code=400" }, body });
      const [entry] = (await host.requests()).requests;
      expect(entry).toMatchObject({ status: 400, answeredBy: "example", body: { text: body, truncated: false } });
    });

    test("?operationId= keeps that operation's requests; reset clears the journal", async () => {
      await host.reset();
      await host.fetch(CONTACTS, { headers: AUTH });
      await host.fetch(RESEND, { method: "POST", headers: AUTH });
      await host.fetch(CONTACTS, { headers: AUTH });
      const lists = (await host.requests("listInvoiceCcRecipients")).requests;
      expect(lists.map((r) => r.seq)).toEqual([1, 3]);
      await host.reset();
      expect((await host.requests()).requests).toEqual([]);
    });
  });
}

describe("the journal's bounds", () => {
  test("keeps the newest `entries` requests and counts the dropped ones", async () => {
    const mock = createBillingMock({ rateLimit: false, journal: { entries: 3 } });
    for (let i = 0; i < 5; i++) await mock.fetch(`${serverUrl}${CONTACTS}`, { headers: AUTH });
    expect(mock.requests.list().map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(mock.requests.dropped).toBe(2);
    mock.requests.clear();
    expect([mock.requests.list(), mock.requests.dropped]).toEqual([[], 0]);
  });

  test("keeps at most `bodyBytes` of a body, marked truncated, with the whole length", async () => {
    const mock = createBillingMock({ rateLimit: false, journal: { bodyBytes: 16 } });
    const body = JSON.stringify({ email: "ap@example.com", description: "x".repeat(1000) });
    await mock.fetch(`${serverUrl}${CONTACTS}`, { method: "POST", headers: JSON_BODY, body });
    const [entry] = mock.requests.list();
    expect(entry?.body).toEqual({ text: body.slice(0, 16), bytes: body.length, truncated: true });
  });

  test("drops the oldest entries past `bytes`, always keeping the newest", async () => {
    const bytes = 20_000;
    const mock = createBillingMock({ rateLimit: false, journal: { bytes, bodyBytes: 4096 } });
    const body = JSON.stringify({ email: "ap@example.com", description: "x".repeat(4000) });
    for (let i = 0; i < 20; i++) {
      await mock.fetch(`${serverUrl}${CONTACTS}`, { method: "POST", headers: JSON_BODY, body: body.replace("ap@", `ap${i}@`) });
    }
    const kept = mock.requests.list();
    // Each entry keeps about 4 KB of body: 20 of them are four times the limit.
    expect(kept.length).toBeLessThan(6);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.at(-1)?.seq).toBe(20);
    expect(mock.requests.dropped).toBe(20 - kept.length);
    const retained = kept.reduce((sum, r) => sum + r.body!.text.length + r.path.length, 0);
    expect(retained).toBeLessThanOrEqual(bytes);

    const tiny = createBillingMock({ rateLimit: false, journal: { bytes: 10 } });
    await tiny.fetch(`${serverUrl}${CONTACTS}`, { method: "POST", headers: JSON_BODY, body });
    expect(tiny.requests.list()).toHaveLength(1);
  });

  test("over many more requests than it keeps: the newest in order, bytes counting the kept ones only", () => {
    const journal = new RequestJournal({ entries: 7 });
    const url = "http://localhost/api/v2/x?q=1";
    const headers = ["host", "localhost", "x-n", ""];
    const cost = url.length + "GET".length + "hostlocalhostx-n".length;
    const opened = Array.from({ length: 1000 }, () => journal.open(new Date(0), "GET", url, headers));
    expect(journal.list().map((entry) => entry.seq)).toEqual([994, 995, 996, 997, 998, 999, 1000]);
    expect([journal.dropped, journal.bytes]).toEqual([993, 7 * cost]);
    // A body that comes for an entry already dropped counts for nothing; one for a kept entry counts.
    journal.body(opened[10]!, new Uint8Array(100));
    expect(journal.bytes).toBe(7 * cost);
    journal.body(opened[999]!, new Uint8Array(100));
    expect(journal.bytes).toBe(7 * cost + 100);
    expect(journal.list().at(-1)?.body?.bytes).toBe(100);
  });

  test("journal: false records nothing, not even a count: recording is skipped", async () => {
    const mock = createBillingMock({ journal: false });
    await mock.fetch(`${serverUrl}${CONTACTS}`, { headers: AUTH });
    expect(mock.requests.list()).toEqual([]);
    expect(mock.requests.dropped).toBe(0);
  });

  test("a limit that is not a count is refused when the mock is made", () => {
    expect(() => createBillingMock({ journal: { entries: -1 } })).toThrow(RangeError);
    expect(() => createBillingMock({ journal: { bytes: 1.5 } })).toThrow(/journal\.bytes/);
  });
});

describe("the journal over the Node host's control API", () => {
  test("is declared in control-api/openapi.yaml and leaves control requests, preflights and /docs out", async () => {
    const document = parse(await readFile(`${root}/packages/billing-mock/control-api/openapi.yaml`, "utf8")) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(document.paths["/__mock/requests"]?.get?.operationId).toBe("listRequests");
    expect(document.paths["/__mock/requests"]?.delete?.operationId).toBe("clearRequests");

    const server = await startBillingMock({ port: 0, docs: () => "<p>docs</p>" });
    try {
      await fetch(`${server.url}${CONTACTS}`, { headers: AUTH });
      await fetch(`${server.url}/__mock/state`);
      await fetch(`${server.url}/docs`);
      await fetch(`${server.url}${CONTACTS}`, {
        method: "OPTIONS",
        headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST" },
      });
      const answer = await fetch(`${server.url}/__mock/requests`);
      expect(answer.status).toBe(200);
      const journal = await answer.json();
      expect(journal.requests.map((r: JournalEntry) => r.operationId)).toEqual(["listInvoiceCcRecipients"]);
      expect(journal.limits).toEqual({ entries: 1000, bytes: 4 * 1024 * 1024, bodyBytes: 4096 });
      expect(server.requests.list()).toHaveLength(1);

      const cleared = await fetch(`${server.url}/__mock/requests`, { method: "DELETE", headers: { "Content-Type": "application/json" } });
      expect(cleared.status).toBe(204);
      expect((await (await fetch(`${server.url}/__mock/requests`)).json()).requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("GET /__mock/requests answers what control-api/openapi.yaml declares", () => {
  test("entries with a body, none, no operation, and a fault validate against RequestJournal", async () => {
    const document = parse(await readFile(`${root}/packages/billing-mock/control-api/openapi.yaml`, "utf8")) as { components: object };
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.addSchema({ $id: "urn:hostup:control", components: document.components });
    const validate = ajv.compile({ $ref: "urn:hostup:control#/components/schemas/RequestJournal" });
    const server = await startBillingMock({ port: 0 });
    try {
      await fetch(`${server.url}${CONTACTS}`, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ email: "ap@example.com" }) });
      await fetch(`${server.url}${CONTACTS}?a=1&a=2`, { headers: AUTH });
      await fetch(`${server.url}/api/v2/nowhere`);
      await fetch(`${server.url}${RESEND}`, { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } }).catch(() => undefined);
      const journal = await (await fetch(`${server.url}/__mock/requests`)).json();
      expect(journal.requests).toHaveLength(4);
      expect(validate(journal), JSON.stringify(validate.errors)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("the journal of the Prism front (pnpm mock)", () => {
  let prism: PrismMock;
  beforeAll(async () => {
    prism = await startPrismMock({ host: "127.0.0.1", port: 0 });
  });
  afterAll(() => prism.close());
  const journal = async (query = "") => (await fetch(`${prism.url}/__mock/requests${query}`)).json();

  test("records what Prism answered from examples and what the guard's faults played, credentials redacted", async () => {
    await fetch(`${prism.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } });
    const body = JSON.stringify({ email: "ap@example.com" });
    await fetch(`${prism.url}${CONTACTS}?x=1`, { method: "POST", headers: JSON_BODY, body });
    await fetch(`${prism.url}${RESEND}`, { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } }).catch(() => undefined);
    await fetch(`${prism.url}${CONTACTS}`, { method: "PUT", headers: AUTH });
    const { requests, dropped } = await journal();
    expect(dropped).toBe(0);
    expect(requests.map((r: JournalEntry) => [r.seq, r.operationId, r.method, r.path, r.status, r.answeredBy, r.fault])).toEqual([
      // The undeclared query parameter is refused by the front's own rules, as on the stateful mock.
      [1, "addInvoiceCcRecipient", "POST", CONTACTS, 400, "behaviour", undefined],
      [2, "resendInvoiceEmail", "POST", RESEND, null, "scenario", "reset"],
      [3, null, "PUT", CONTACTS, 405, "behaviour", undefined],
    ]);
    expect(requests[0]).toMatchObject({ query: { x: "1" }, body: { text: body, bytes: body.length, truncated: false } });
    expect(requests[0].headers.authorization).toBe("Bearer [redacted]");
    expect(JSON.stringify(requests)).not.toContain(TOKEN);
  });

  test("filters by ?operationId=, and DELETE /__mock/requests or POST /__mock/reset empties it", async () => {
    await fetch(`${prism.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } });
    await fetch(`${prism.url}${CONTACTS}`, { headers: AUTH });
    await fetch(`${prism.url}${RESEND}`, { method: "POST", headers: AUTH });
    expect((await journal("?operationId=resendInvoiceEmail")).requests.map((r: JournalEntry) => r.seq)).toEqual([2]);
    expect(
      (await fetch(`${prism.url}/__mock/requests`, { method: "DELETE", headers: { "Content-Type": "application/json" } })).status,
    ).toBe(204);
    expect((await journal()).requests).toEqual([]);
    await fetch(`${prism.url}${CONTACTS}`, { headers: AUTH });
    expect((await fetch(`${prism.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } })).status).toBe(
      204,
    );
    expect((await journal()).requests).toEqual([]);
    expect(prism.journal.list()).toEqual([]);
  });
});
