/**
 * Hostile and random requests against the stateful mock, in-process and over HTTP: it
 * never answers 5xx, hangs or crashes; every answer is a valid Problem document or a
 * valid success for its operation; it keeps serving afterwards; and concurrent adds of
 * one address never both succeed.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import { createBillingMock, type BillingMock } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { errorCatalog, operationMetadata, serverUrl } from "@hostup/billing-openapi";
import { createPipeline, operationHandlersOf, type Behaviour } from "../../packages/billing-mock/src/mock.ts";
import { success, validate, type OperationId } from "../support/spec.ts";
import { invoiceId, pathOf } from "../support/examples.ts";

const INVOICE = invoiceId;
const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");
/** The resend path with `id` as it is, unencoded: the hostile ids are already what goes on the wire. */
const resendWithRawId = (id: string) => operationMetadata.resendInvoiceEmail.path.replace("{id}", id);
const AUTH: [string, string] = ["authorization", "Bearer test-token"];
const JSON_TYPE: [string, string] = ["content-type", "application/json"];
const PROBLEM_MEMBERS = ["type", "title", "status", "code", "instance", "requestId", "timestamp"];

interface Hostile {
  name: string;
  method?: string;
  path: string;
  /** Repeated names are sent as repeated header lines over HTTP, and appended in-process. */
  headers?: [string, string][];
  body?: string | Uint8Array;
  /** Sent with chunked transfer encoding (no Content-Length), over HTTP only. */
  chunked?: boolean;
  /** Only meaningful over a socket: a raw request target or header lines fetch would refuse. */
  httpOnly?: boolean;
  /** The status expected from both hosts, where they agree. */
  status?: number;
  /** The status expected over HTTP, where HTTP itself changes the request. */
  httpStatus?: number;
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

const MB = 1024 * 1024;
const deepArrays = `{"email":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
const deepObjects = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;

const HOSTILE: Hostile[] = [
  { name: "malformed JSON", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '{"email":', status: 400 },
  { name: "JSON with trailing garbage", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '{"email":"ap@example.com"} x', status: 400 },
  { name: "10k-deep nested arrays as the email", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: deepArrays, status: 400 },
  { name: "10k-deep nested objects", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: deepObjects, status: 400 },
  { name: "10k unclosed brackets", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: "[".repeat(10_000), status: 400 },
  {
    name: "1 MB body with Content-Length",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: JSON.stringify({ email: "ap@example.com", description: "x".repeat(MB) }),
    status: 400,
  },
  {
    name: "1 MB chunked body",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: JSON.stringify({ email: "ap@example.com", description: "x".repeat(MB) }),
    chunked: true,
    httpOnly: true,
    status: 400,
  },
  { name: "1 MB body on resend", path: RESEND, headers: [AUTH, JSON_TYPE], body: "x".repeat(MB), status: 400 },
  { name: "body on resend", path: RESEND, headers: [AUTH, JSON_TYPE], body: '{"email":"x@example.com"}', status: 400 },
  { name: "email as a number", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '{"email":42}', status: 400 },
  { name: "email null", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '{"email":null}', status: 400 },
  { name: "email as an array", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '{"email":["ap@example.com"]}', status: 400 },
  {
    name: "description as an object",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: '{"email":"ap@example.com","description":{}}',
    status: 400,
  },
  { name: "body an array", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: "[]", status: 400 },
  { name: "body a string", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '"ap@example.com"', status: 400 },
  { name: "body null", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: "null", status: 400 },
  { name: "body a number", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: "1e999", status: 400 },
  {
    name: "escaped null byte in the email",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: '{"email":"a\\u0000@example.com"}',
    status: 400,
  },
  {
    name: "escaped null byte in the description",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: '{"email":"nul@example.com","description":"a\\u0000b"}',
    status: 201,
  },
  { name: "raw null byte in the body", path: CONTACTS, headers: [AUTH, JSON_TYPE], body: '{"email":"a\u0000@example.com"}', status: 400 },
  {
    name: "non-ASCII email",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: JSON.stringify({ email: "ünïcødé@exämple.com" }),
    status: 400,
  },
  {
    name: "full-width at sign",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: JSON.stringify({ email: "ap＠example.com" }),
    status: 400,
  },
  {
    name: "emoji, right-to-left override and a lone surrogate in the description",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: '{"email":"uni@example.com","description":"👋🏽 \\u202eمرحبا \\ud800"}',
    status: 201,
  },
  {
    // Valid JSON around the bad bytes, so only the UTF-8 check can refuse it.
    name: "invalid UTF-8 inside valid JSON",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE],
    body: new Uint8Array([...new TextEncoder().encode('{"email":"utf8@example.com","description":"'), 0xff, 0xfe, 0x22, 0x7d]),
    status: 400,
  },
  { name: "no Content-Type", path: CONTACTS, headers: [AUTH], body: '{"email":"ap@example.com"}', status: 415 },
  { name: "text/plain", path: CONTACTS, headers: [AUTH, ["content-type", "text/plain"]], body: '{"email":"ap@example.com"}', status: 415 },
  { name: "multipart", path: CONTACTS, headers: [AUTH, ["content-type", "multipart/form-data; boundary=x"]], body: "--x--", status: 415 },
  { name: "traversal id, encoded dots", path: resendWithRawId("%2e%2e"), headers: [AUTH], status: 404 },
  {
    name: "traversal id, encoded slashes",
    path: resendWithRawId("..%2F..%2Fpayment-methods%2Fcontacts"),
    headers: [AUTH],
    status: 400,
  },
  {
    name: "id with an encoded null byte",
    path: resendWithRawId(`${INVOICE}%00`),
    headers: [AUTH],
    status: 400,
  },
  { name: "raw traversal path", path: `/api/v2/billing/invoices/../../../../etc/passwd`, headers: [AUTH], httpOnly: true, status: 404 },
  {
    name: "raw traversal back into another operation",
    path: `/api/v2/billing/invoices/${INVOICE}/actions/../../../payment-methods/contacts`,
    headers: [AUTH, JSON_TYPE],
    body: "{}",
    httpOnly: true,
  },
  { name: "absolute-form request target", path: `http://evil.example${CONTACTS}`, headers: [AUTH, JSON_TYPE], body: "{}", httpOnly: true },
  { name: "asterisk request target", method: "OPTIONS", path: "*", httpOnly: true, status: 400 },
  { name: "unknown query parameter", path: `${RESEND}?recipient=attacker@example.com`, headers: [AUTH], status: 400 },
  { name: "two Authorization headers", path: RESEND, headers: [AUTH, ["authorization", "Bearer read-only-token"]], status: 401 },
  {
    name: "two Content-Type headers",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE, ["content-type", "text/plain"]],
    body: '{"email":"ap@example.com"}',
    status: 415,
  },
  {
    name: "two Cookie headers",
    path: RESEND,
    headers: [
      ["cookie", "hostup_session=sess_abc123"],
      ["cookie", "hostup_session=nope"],
    ],
  },
  {
    name: "two different Content-Length headers",
    path: CONTACTS,
    headers: [AUTH, JSON_TYPE, ["content-length", "2"], ["content-length", "3"]],
    body: "{}",
    httpOnly: true,
    status: 400,
  },
  {
    name: "a 20 KB Authorization header",
    path: RESEND,
    headers: [["authorization", `Bearer ${"t".repeat(20_000)}`]],
    status: 401,
    httpStatus: 400,
  },
  { name: "Bearer without a token", path: RESEND, headers: [["authorization", "Bearer"]], status: 401 },
  { name: "Basic credentials", path: RESEND, headers: [["authorization", "Basic dGVzdDp0ZXN0"]], status: 401 },
  { name: "a token with a trailing word", path: RESEND, headers: [["authorization", "Bearer test-token extra"]], status: 401 },
  { name: "a malformed percent-encoded cookie", path: RESEND, headers: [["cookie", "hostup_session=%ZZ%"]], status: 401 },
  {
    name: "a thousand cookies",
    path: RESEND,
    headers: [["cookie", Array.from({ length: 1000 }, (_, i) => `c${i}=${i}`).join("; ")]],
    status: 401,
  },
  { name: "PATCH on an operation path", method: "PATCH", path: CONTACTS, headers: [AUTH], status: 405 },
  { name: "DELETE on an operation path", method: "DELETE", path: RESEND, headers: [AUTH], status: 405 },
  { name: "an unknown path", path: "/api/v2/billing/nothing-here", headers: [AUTH], status: 404 },
  { name: "the root", method: "GET", path: "/", status: 404 },
];

/** The operation a request is for, if its method and path match one. */
function operationFor(method: string, path: string): OperationId | undefined {
  const pathname = path.split("?")[0]!;
  for (const [id, meta] of Object.entries(operationMetadata)) {
    const pattern = new RegExp(`^${meta.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (meta.method === method && pattern.test(pathname)) return id as OperationId;
  }
  return undefined;
}

/**
 * An answer is acceptable when it is not 5xx and is either a Problem document with every
 * member the project promises, or (2xx) a body valid against its operation's schema.
 */
function expectAcceptable(answer: Answer, operationId: OperationId | undefined, label: string) {
  expect(answer.status, `${label}: status`).toBeLessThan(500);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  if (answer.status < 300) {
    expect(operationId, `${label}: a success needs an operation`).toBeDefined();
    expect(answer.contentType).toBe("application/json");
    expect(validate(success(operationId!).schema, body), label).toEqual([]);
    return;
  }
  expect(answer.contentType, label).toBe("application/problem+json");
  expect(validate("#/components/schemas/Problem", body), label).toEqual([]);
  for (const member of PROBLEM_MEMBERS) expect(body, `${label}: Problem member ${member}`).toHaveProperty(member);
  expect(body.status).toBe(answer.status);
}

async function inProcessAnswer(mock: BillingMock, hostile: Hostile): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of hostile.headers ?? []) headers.append(name, value);
  const response = await mock.fetch(`${serverUrl}${hostile.path}`, {
    method: hostile.method ?? "POST",
    headers,
    ...(hostile.body === undefined ? {} : { body: typeof hostile.body === "string" ? hostile.body : new Uint8Array(hostile.body) }),
  });
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

/** Sends a request with node:http, which passes request targets and repeated headers as given. */
function httpAnswer(base: string, hostile: Hostile): Promise<Answer & { headers: IncomingHttpHeaders }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: url.hostname, port: url.port, method: hostile.method ?? "POST", path: hostile.path, agent: false });
    const byName = new Map<string, string[]>();
    for (const [name, value] of hostile.headers ?? []) byName.set(name, [...(byName.get(name) ?? []), value]);
    for (const [name, values] of byName) request.setHeader(name, values.length === 1 ? values[0]! : values);
    request.setTimeout(10_000, () => request.destroy(new Error(`${hostile.name}: no answer within 10 s`)));
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode!,
          contentType: response.headers["content-type"] ?? null,
          headers: response.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    // The server may answer a refused body before reading it all; an error after that is not a failure.
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (hostile.body === undefined) request.end();
    else if (hostile.chunked) {
      const bytes = typeof hostile.body === "string" ? Buffer.from(hostile.body) : hostile.body;
      for (let offset = 0; offset < bytes.length; offset += 64 * 1024) request.write(bytes.subarray(offset, offset + 64 * 1024));
      request.end();
    } else request.end(hostile.body);
  });
}

async function stillServes(fetchAnswer: () => Promise<Answer>) {
  const answer = await fetchAnswer();
  expect(answer.status).toBe(200);
}

describe("hostile requests, in-process", () => {
  const mock = createBillingMock({ rateLimit: false });

  for (const hostile of HOSTILE.filter((h) => !h.httpOnly)) {
    test(`${hostile.name}: ${hostile.status ?? "a valid Problem or success, never 5xx"}`, async () => {
      const answer = await inProcessAnswer(mock, hostile);
      expectAcceptable(answer, operationFor(hostile.method ?? "POST", hostile.path), hostile.name);
      if (hostile.status) expect(answer.status).toBe(hostile.status);
    });
  }

  test("answers a resend normally afterwards", () =>
    stillServes(() => inProcessAnswer(mock, { name: "resend", path: RESEND, headers: [AUTH] })));
});

describe("hostile requests, over HTTP", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startBillingMock({ port: 0, rateLimit: false });
  });
  afterAll(() => server.close());

  for (const hostile of HOSTILE) {
    test(`${hostile.name}: ${hostile.httpStatus ?? hostile.status ?? "a valid Problem or success, never 5xx"}`, async () => {
      const answer = await httpAnswer(server.url, hostile);
      const operationId = hostile.path.startsWith("/")
        ? operationFor(hostile.method ?? "POST", new URL(hostile.path, "http://x").pathname)
        : undefined;
      // A preflight-shaped OPTIONS is CORS's business: 204 with no body.
      if ((hostile.method ?? "POST") === "OPTIONS" && answer.status === 204) return;
      expectAcceptable(answer, operationId, hostile.name);
      if (hostile.httpStatus ?? hostile.status) expect(answer.status).toBe(hostile.httpStatus ?? hostile.status);
    });
  }

  test("answers a resend normally afterwards", () =>
    stillServes(() => httpAnswer(server.url, { name: "resend", path: RESEND, headers: [AUTH] })));
});

/**
 * Random requests: any method, path, credentials, media type and body, weighted towards
 * requests that nearly succeed, so the success paths are exercised as well as the refusals.
 */
const randomRequest = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constant("POST"), weight: 6 },
    { arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH"), weight: 1 },
  ),
  path: fc.oneof(
    { arbitrary: fc.constant(CONTACTS), weight: 4 },
    { arbitrary: fc.constantFrom(RESEND, pathOf("resendInvoiceEmail", { id: "inv_01hxa3b4c5d6e7f8g9h0j1k2m4" })), weight: 3 },
    {
      arbitrary: fc.string({ maxLength: 40 }).map((id) => pathOf("resendInvoiceEmail", { id })),
      weight: 1,
    },
    { arbitrary: fc.webPath().map((path) => `/api/v2${path}`), weight: 1 },
    { arbitrary: fc.webQueryParameters().map((query) => `${CONTACTS}?${query}`), weight: 1 },
  ),
  auth: fc.oneof(
    { arbitrary: fc.constantFrom<[string, string][]>([AUTH], [["cookie", "hostup_session=sess_abc123"]]), weight: 6 },
    { arbitrary: fc.constantFrom<[string, string][]>([], [["authorization", "Bearer read-only-token"]]), weight: 1 },
    { arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,60}$/).map((value): [string, string][] => [["authorization", value]]), weight: 1 },
    { arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,60}$/).map((value): [string, string][] => [["cookie", value]]), weight: 1 },
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8"), weight: 6 },
    { arbitrary: fc.constantFrom<string | undefined>(undefined, "text/plain", "application/problem+json"), weight: 1 },
    { arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,40}$/), weight: 1 },
  ),
  body: fc.oneof(
    { arbitrary: fc.constant<string | Uint8Array | undefined>(undefined), weight: 3 },
    {
      arbitrary: fc
        .record(
          {
            email: fc.oneof(
              { arbitrary: fc.emailAddress(), weight: 3 },
              { arbitrary: fc.emailAddress().map((e) => e.toUpperCase()), weight: 2 },
              { arbitrary: fc.oneof(fc.string(), fc.jsonValue()), weight: 1 },
            ),
            // Short and long ones, around and past the 255-character cut, and other JSON.
            description: fc.oneof(
              fc.string({ unit: "grapheme", maxLength: 40 }),
              fc.string({ minLength: 250, maxLength: 300 }),
              fc.string({ unit: "grapheme", minLength: 200, maxLength: 400 }),
              fc.jsonValue(),
            ),
          },
          { requiredKeys: [] },
        )
        .map((value) => JSON.stringify(value)),
      weight: 5,
    },
    { arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)), weight: 1 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 200 }), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 },
  ),
});

type RandomRequest = typeof randomRequest extends fc.Arbitrary<infer T> ? T : never;

function hostileOf(random: RandomRequest): Hostile {
  const headers: [string, string][] = [...random.auth];
  if (random.contentType !== undefined) headers.push(["content-type", random.contentType]);
  const bodyAllowed = random.body !== undefined && !["GET", "HEAD"].includes(random.method);
  return { name: "random request", method: random.method, path: random.path, headers, ...(bodyAllowed ? { body: random.body! } : {}) };
}

describe("random requests (fast-check)", () => {
  test("in-process: never 5xx, always a valid Problem or success, still serving", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(randomRequest, async (random) => {
        const hostile = hostileOf(random);
        const answer = await inProcessAnswer(mock, hostile);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expectAcceptable(answer, operationFor(random.method, random.path), JSON.stringify(hostile).slice(0, 300));
      }),
      { numRuns: 500 },
    );
    // The property means little unless successes were among the answers (about 1 in 20 each).
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(201)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    await stillServes(() => inProcessAnswer(mock, { name: "resend", path: RESEND, headers: [AUTH] }));
  });

  test("over HTTP: never 5xx, always a valid Problem or success, still serving", async () => {
    const server = await startBillingMock({ port: 0, rateLimit: false });
    const statuses = new Map<number, number>();
    try {
      await fc.assert(
        fc.asyncProperty(randomRequest, async (random) => {
          const hostile = hostileOf(random);
          const answer = await httpAnswer(server.url, hostile);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          expectAcceptable(answer, operationFor(random.method, random.path), JSON.stringify(hostile).slice(0, 300));
        }),
        { numRuns: 300 },
      );
      expect(statuses.get(200)).toBeGreaterThan(0);
      expect(statuses.get(201)).toBeGreaterThan(0);
      await stillServes(() => httpAnswer(server.url, { name: "resend", path: RESEND, headers: [AUTH] }));
    } finally {
      await server.close();
    }
  });
});

describe("concurrent adds of one address", () => {
  /** The same address in 100 different mixes of upper and lower case. */
  const variants = Array.from({ length: 100 }, (_, n) =>
    [..."parallel.add@example.com"].map((c, i) => ((n >> (i % 7)) & 1 ? c.toUpperCase() : c)).join(""),
  );
  const add = (send: (init: RequestInit) => Promise<Response>, email: string) =>
    send({
      method: "POST",
      headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
      body: JSON.stringify({ email }),
    });

  async function expectExactlyOneCreated(responses: Response[], state: { recipients: readonly { email: string }[] }) {
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(99);
    const duplicates = await Promise.all(responses.filter((r) => r.status === 400).map((r) => r.json()));
    for (const body of duplicates) expect(body.errors).toEqual([expect.objectContaining({ pointer: "/email", code: "duplicate" })]);
    expect(state.recipients.filter((r) => r.email === "parallel.add@example.com")).toHaveLength(1);
  }

  test("in-process: 100 parallel adds in mixed case give exactly one 201", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const responses = await Promise.all(variants.map((email) => add((init) => mock.fetch(`${serverUrl}${CONTACTS}`, init), email)));
    await expectExactlyOneCreated(responses, mock.state);
  });

  test("over HTTP: 100 parallel adds in mixed case give exactly one 201", async () => {
    const server = await startBillingMock({ port: 0, rateLimit: false });
    try {
      const responses = await Promise.all(variants.map((email) => add((init) => fetch(`${server.url}${CONTACTS}`, init), email)));
      await expectExactlyOneCreated(responses, server.state);
    } finally {
      await server.close();
    }
  });
});

describe("a fault in the mock itself", () => {
  // Behaviour that breaks, through the package's internal seam: the mock must still answer as the API documents.
  const broken: Behaviour = (store, now) => ({
    ...operationHandlersOf(store, now),
    resendInvoiceEmail: () => {
      throw new Error("resend broke");
    },
    addInvoiceCcRecipient: () => {
      throw new Error("add broke");
    },
  });

  test("answers a 500 Problem and logs the error, whether it happens at once or after the body was read", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { answer } = createPipeline({ rateLimit: false }, broken);
      const resend = () => new Request(`${serverUrl}${RESEND}`, { method: "POST", headers: [AUTH] });
      // Over HTTP without a body the handler runs before `answer` returns (once the routes are compiled); a body is read first.
      const answers = [
        await answer(resend(), {}, true),
        await answer(resend(), {}, true),
        await answer(
          new Request(`${serverUrl}${CONTACTS}`, { method: "POST", headers: [AUTH, JSON_TYPE], body: '{"email":"ap@example.com"}' }),
          {},
          false,
        ),
      ];
      for (const [index, response] of answers.entries()) {
        expect(response.status).toBe(500);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        expect(await response.json()).toMatchObject({
          status: 500,
          code: errorCatalog[500].code,
          detail: "The mock failed unexpectedly; see its log.",
          instance: index < 2 ? RESEND : CONTACTS,
        });
      }
      expect(errors.mock.calls).toEqual([
        ["billing-mock: internal error", new Error("resend broke")],
        ["billing-mock: internal error", new Error("resend broke")],
        ["billing-mock: internal error", new Error("add broke")],
      ]);
    } finally {
      errors.mockRestore();
    }
  });
});
