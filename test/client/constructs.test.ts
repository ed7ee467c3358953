/**
 * Every construct of the construct fixture (test/fixtures/constructs/) on the wire, through a
 * client the real generator writes for it into a temporary directory: each parameter location,
 * style and explode, each request body media type, each answer kind, per-call
 * maxResponseBytes, each security scheme type, and idempotency keys. Only the network is
 * replaced, by the recording test fetch. The expected URLs follow the OpenAPI 3.1 "Style
 * Examples" table, with the fixture's parameters. Each test renders the client itself
 * (rendered-client.ts), so that mutation testing sees which tests reach which renderer line;
 * only the type-check at the end needs generated/.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadFixture } from "../support/construct-fixture.ts";
import {
  clientInstrumented,
  compileConsumer,
  generateClientFor,
  type GeneratedClient,
  TYPE_ASSERTIONS,
} from "../support/generated-client.ts";
import { hang, json, observedFetch, problem, refused, reset, type Answer } from "../support/observed-fetch.ts";
import { removeRendered, renderedClient } from "../support/rendered-client.ts";

type Method = (...args: unknown[]) => Promise<unknown>;

const BASE = "https://api.constructs.test/v1";
const point = { x: 1, y: 2 };

const fixture = await loadFixture();
afterAll(removeRendered);

/** The fixture's client, rendered now, with every credential set, answering from `answers`. */
async function client(answers: Answer[], options: Record<string, unknown> = {}) {
  const { pkg } = await renderedClient(fixture.resolved);
  const wire = observedFetch(...answers);
  const billing = pkg.createBillingClient({
    fetch: wire.fetch,
    token: "tok_bearer_1234",
    credentials: {
      BasicAuth: "ada:pässword",
      ApiKeyHeader: "key_header_1234",
      ApiKeyQuery: "key_query_1234",
      SessionCookie: "sess_1234abcd",
    },
    retry: { maxDelayMs: 1 },
    ...options,
  } as never) as unknown as Record<string, Method>;
  return { billing, wire };
}
/** The first request `call` sends, answered by `answer`. */
async function sent(call: (billing: Record<string, Method>) => Promise<unknown>, answer: Answer = json(200, {})): Promise<Request> {
  const { billing, wire } = await client([answer]);
  await call(billing);
  return wire.requests[0]!;
}

describe("path parameters: simple, label and matrix, exploded or not", () => {
  const rows: [string, string][] = [
    // id: primitive; tags: array; point: object. Each operation mixes explode, as the fixture does.
    ["getPathSimple", "/path-simple/5/blue,black/x=1,y=2"],
    ["getPathLabel", "/path-label/.5/.blue.black/.x,1,y,2"],
    ["getPathMatrix", "/path-matrix/;id=5/;tags=blue,black/;x=1;y=2"],
  ];
  for (const [operation, path] of rows) {
    test(`${operation} puts each parameter in its style: ${path}`, async () => {
      const request = await sent((b) => b[operation]!(5, ["blue", "black"], point));
      expect(request.url).toBe(`${BASE}${path}`);
    });
  }

  test("percent-encodes what would leave the segment, and refuses a value that expands to . or ..", async () => {
    const request = await sent((b) => b.getPathSimple!(5, ["a/b", "c d?"], point));
    expect(request.url).toBe(`${BASE}/path-simple/5/a%2Fb,c%20d%3F/x=1,y=2`);
    const { billing, wire } = await client([json(200, {})]);
    await expect(billing.getPathLabel!(5, [], point)).rejects.toMatchObject({ name: "InvalidArgumentError", argument: "tags" });
    expect(wire.requests).toHaveLength(0);
  });

  test("checks each value against its schema before sending: an integer id, integer coordinates", async () => {
    const { billing, wire } = await client([json(200, {})]);
    await expect(billing.getPathSimple!(1.5, ["a"], point)).rejects.toThrow("id: must be of type integer; no request was sent");
    await expect(billing.getPathSimple!(5, ["a"], { x: 1 })).rejects.toThrow("point.y: is required; no request was sent");
    expect(wire.requests).toHaveLength(0);
  });
});

describe("query parameters: form, spaceDelimited, pipeDelimited, deepObject; explode both ways; allowReserved", () => {
  test("getQueryStyles sends every parameter in its style, in the spec's order", async () => {
    const request = await sent((b) =>
      b.getQueryStyles!({
        search: "a/b?c",
        status: ["draft", "active"],
        ids: [1, 2],
        page: 3,
        near: point,
        origin: point,
        words: ["big", "red"],
        size: point,
        colors: ["red", "blue"],
        corner: point,
        filter: { status: "active", minQuantity: 2 },
      }),
    );
    const query = [
      "search=a/b?c", // form, allowReserved: "/" and "?" go as they are
      "status=draft&status=active", // form array, exploded
      "ids=1,2", // form array, not exploded
      "page=3",
      "x=1&y=2", // form object, exploded
      "origin=x,1,y,2", // form object, not exploded
      "words=big%20red",
      "size=x%201%20y%202",
      "colors=red%7Cblue",
      "corner=x%7C1%7Cy%7C2",
      "filter%5Bstatus%5D=active&filter%5BminQuantity%5D=2",
    ].join("&");
    expect(request.url).toBe(`${BASE}/query-styles?${query}`);
  });

  test("leaves out what is not given, and encodes reserved characters where allowReserved is not set", async () => {
    const request = await sent((b) => b.getQueryStyles!({ search: "a&b=c#d e", ids: [], filter: {} }));
    // allowReserved still encodes the delimiters of a query: & = # (and + and [ ]); an empty array or object sends nothing.
    expect(request.url).toBe(`${BASE}/query-styles?search=a%26b%3Dc%23d%20e`);
    await expect(sent((b) => b.getQueryStyles!({ search: "x", status: ["nope"] }))).rejects.toThrow(/^status\[0\]: must be one of/);
  });

  test("refuses a missing required parameter before sending", async () => {
    const { billing, wire } = await client([json(200, {})]);
    await expect(billing.getQueryStyles!({})).rejects.toThrow("search: is required; no request was sent");
    expect(wire.requests).toHaveLength(0);
  });
});

describe("header and cookie parameters: simple and form, with the credentials", () => {
  test("listItems sends its headers in the simple style and its cookies in the form style, in one Cookie header", async () => {
    const request = await sent((b) =>
      b.listItems!({
        limit: 10,
        "X-Tenant": "acme",
        "X-Trace-Ids": ["t1", "t2"],
        "X-Point": point,
        theme: "dark",
        flags: ["a", "b"],
        prefs: point,
      }),
    );
    expect(request.url).toBe(`${BASE}/items?limit=10`);
    expect(request.headers.get("x-tenant")).toBe("acme");
    expect(request.headers.get("x-trace-ids")).toBe("t1,t2");
    expect(request.headers.get("x-point")).toBe("x=1,y=2");
    expect(request.headers.get("cookie")).toBe("theme=dark; flags=a,b; prefs=x,1,y,2");
    expect(request.headers.get("authorization")).toBe("Bearer tok_bearer_1234");
  });

  test("refuses a header value that would split the header, and a cookie value that would add a cookie", async () => {
    const { billing, wire } = await client([json(200, {})]);
    await expect(billing.listItems!({ "X-Tenant": "a\r\nX-Admin: 1" })).rejects.toMatchObject({ argument: "X-Tenant" });
    await expect(billing.listItems!({ "X-Tenant": "a", flags: ["a;admin=1"] })).rejects.toMatchObject({ argument: "flags" });
    expect(wire.requests).toHaveLength(0);
  });
});

describe("request bodies by media type", () => {
  test("JSON: an array body, sent as it is, with the apiKey-in-a-header credential", async () => {
    const items = [{ name: "Bolt", quantity: 2, price: 0.5, note: null }];
    const request = await sent((b) => b.createItems!(items), json(201, {}));
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(request.headers.get("x-api-key")).toBe("key_header_1234");
    expect(request.headers.get("authorization")).toBeNull();
    expect(await request.json()).toEqual(items);
  });

  test("a +json media type is named as the spec names it", async () => {
    const request = await sent((b) => b.updateItem!("it_abcd1234", { name: "Nut", note: null }));
    expect(request.method).toBe("PATCH");
    expect(request.headers.get("content-type")).toBe("application/merge-patch+json");
    expect(await request.json()).toEqual({ name: "Nut", note: null });
  });

  test("oneOf: a value matching exactly one branch is sent, one matching none is refused", async () => {
    const card = { method: "card", amount: 100, cardToken: "tok" };
    expect(await (await sent((b) => b.createPayment!(card), json(201, {}))).json()).toEqual(card);
    await expect(sent((b) => b.createPayment!({ method: "cash", amount: 1 }))).rejects.toThrow(
      "body: must match exactly one oneOf schema; no request was sent",
    );
  });

  test("form-urlencoded: URLSearchParams, arrays repeated, with fetch's own Content-Type, and no credential (security: [])", async () => {
    const request = await sent((b) =>
      b.createSession!({ username: "ada", password: "p&ss word", remember: true, scopes: ["read", "write"] }),
    );
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(await request.text()).toBe("username=ada&password=p%26ss+word&remember=true&scopes=read&scopes=write");
    expect(request.headers.get("authorization")).toBeNull();
    expect(request.headers.get("cookie")).toBeNull();
  });

  test("multipart: FormData, a Blob as a file part byte for byte, arrays as repeated parts, an object as a JSON part", async () => {
    const bytes = new Uint8Array([0, 255, 1, 128, 37]);
    const request = await sent(
      (b) => b.uploadDocument!({ file: new Blob([bytes], { type: "image/png" }), title: "Scan", tags: ["a", "b"], origin: point }),
      json(201, {}),
    );
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    const file = form.get("file") as File;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect(file.type).toBe("image/png");
    expect(form.get("title")).toBe("Scan");
    expect(form.getAll("tags")).toEqual(["a", "b"]);
    expect(JSON.parse(await (form.get("origin") as File).text())).toEqual(point);
  });

  test("binary: the bytes as they are, with the spec's media type and HTTP basic credentials (UTF-8, base64)", async () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const request = await sent(
      (b) => b.replaceDocumentContent!("doc_ab12", bytes),
      () => new Response(null, { status: 204 }),
    );
    expect(request.method).toBe("PUT");
    expect(request.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
    expect(request.headers.get("authorization")).toBe(`Basic ${Buffer.from("ada:pässword", "utf8").toString("base64")}`);
  });

  test("text: the string as it is, with its media type", async () => {
    const request = await sent(
      (b) => b.createNote!("Remember the milk ✓"),
      () => new Response("note_1", { status: 201 }),
    );
    expect(request.headers.get("content-type")).toBe("text/plain");
    expect(await request.text()).toBe("Remember the milk ✓");
  });
});

describe("answers by kind", () => {
  const pdf = new Uint8Array([37, 80, 68, 70, 0, 255, 128, 10, 13, 1]);
  const pdfAnswer = () => new Response(pdf, { headers: { "Content-Type": "application/pdf" } });

  test("binary: a Blob read byte for byte, of the answer's media type; the apiKey goes in the query", async () => {
    const { billing, wire } = await client([pdfAnswer]);
    const blob = (await billing.downloadDocumentPdf!("doc_ab12")) as Blob;
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.type).toBe("application/pdf");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(pdf);
    expect(wire.requests[0]!.url).toBe(`${BASE}/documents/doc_ab12/pdf?api_key=key_query_1234`);
    expect(wire.requests[0]!.headers.get("authorization")).toBeNull();
  });

  test("text: a string; the session goes in its cookie", async () => {
    const csv = "id,name\nit_1,Bolt\n";
    const { billing, wire } = await client([() => new Response(csv, { headers: { "Content-Type": "text/csv" } })]);
    await expect(billing.exportItemsCsv!()).resolves.toBe(csv);
    expect(wire.requests[0]!.headers.get("cookie")).toBe("session=sess_1234abcd");
    await expect((await client([() => new Response("note_1", { status: 201 })])).billing.createNote!("x")).resolves.toBe("note_1");
  });

  test("204: undefined", async () => {
    await expect((await client([() => new Response(null, { status: 204 })])).billing.cancelJob!("job_ab12")).resolves.toBeUndefined();
    await expect(
      (await client([() => new Response(null, { status: 204 })])).billing.replaceDocumentContent!("doc_ab12", new Uint8Array(1)),
    ).resolves.toBeUndefined();
  });

  test("2XX: JSON on any 2xx status", async () => {
    for (const status of [200, 202]) {
      await expect((await client([json(status, { refreshedAt: "2030-01-01T00:00:00Z" })])).billing.refreshCache!()).resolves.toEqual({
        refreshedAt: "2030-01-01T00:00:00Z",
      });
    }
  });

  test("default only: the 2xx answer is the default's JSON; another status is still a ProblemError", async () => {
    const { billing, wire } = await client([json(200, { status: "ok" }), problem(503)]);
    await expect(billing.getHealth!()).resolves.toEqual({ status: "ok" });
    expect(wire.requests[0]!.headers.get("authorization")).toBeNull();
    await expect(billing.getHealth!({ retry: false })).rejects.toMatchObject({ name: "ProblemError", status: 503 });
  });

  test("maxResponseBytes per call: a body one byte over the call's limit is refused, the same body within it is read", async () => {
    const { billing } = await client([pdfAnswer]);
    await expect(billing.downloadDocumentPdf!("doc_ab12", { maxResponseBytes: pdf.length - 1 })).rejects.toMatchObject({
      name: "UnexpectedResponseError",
      message: expect.stringContaining("exceeds maxResponseBytes"),
    });
    await expect(billing.downloadDocumentPdf!("doc_ab12", { maxResponseBytes: pdf.length })).resolves.toBeInstanceOf(Blob);
    // The client's own limit applies when the call sets none.
    const small = (await client([pdfAnswer], { maxResponseBytes: 4 })).billing;
    await expect(small.downloadDocumentPdf!("doc_ab12")).rejects.toMatchObject({ name: "UnexpectedResponseError" });
  });
});

describe("idempotency keys (cancelJob declares an Idempotency-Key header; refreshCache, also a POST, does not)", () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const done = () => new Response(null, { status: 204 });
  const keys = (requests: Request[]) => requests.map((r) => r.headers.get("idempotency-key"));

  test("makes a UUID when the caller gives none, and a new one for each call", async () => {
    const { billing, wire } = await client([done]);
    await billing.cancelJob!("job_ab12");
    await billing.cancelJob!("job_ab12", { reason: "duplicate" });
    const [first, second] = keys(wire.requests);
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
  });

  const failures: [string, Answer][] = [
    ["a 503", problem(503, { "Retry-After": "0" })],
    ["a reset connection (ECONNRESET)", reset],
    ["a refused connection", refused],
  ];
  for (const [what, failure] of failures) {
    test(`retries ${what} with the same key on every attempt`, async () => {
      const { billing, wire } = await client([failure, failure, done]);
      await expect(billing.cancelJob!("job_ab12")).resolves.toBeUndefined();
      expect(wire.requests).toHaveLength(3);
      const sentKeys = keys(wire.requests);
      expect(sentKeys[0]).toMatch(UUID);
      expect(new Set(sentKeys).size).toBe(1);
    });
  }

  test("retries a timeout with the same key", async () => {
    const { billing, wire } = await client([hang, done], { timeoutMs: 50 });
    await expect(billing.cancelJob!("job_ab12")).resolves.toBeUndefined();
    expect(wire.requests).toHaveLength(2);
    expect(new Set(keys(wire.requests)).size).toBe(1);
  });

  test("uses the caller's key as given, on every attempt", async () => {
    const { billing, wire } = await client([problem(503, { "Retry-After": "0" }), done]);
    await billing.cancelJob!("job_ab12", undefined, { "Idempotency-Key": "order-42-cancel" });
    expect(keys(wire.requests)).toEqual(["order-42-cancel", "order-42-cancel"]);
  });

  test("an operation without the header keeps the unsafe-method policy: no retry of a 503, a reset or a timeout, no key", async () => {
    for (const failure of [problem(503, { "Retry-After": "0" }), reset]) {
      const { billing, wire } = await client([failure, json(200, {})]);
      await expect(billing.refreshCache!()).rejects.toBeDefined();
      expect(wire.requests).toHaveLength(1);
      expect(wire.requests[0]!.headers.get("idempotency-key")).toBeNull();
    }
    const { billing, wire } = await client([hang, json(200, {})], { timeoutMs: 50 });
    await expect(billing.refreshCache!()).rejects.toMatchObject({ name: "TimeoutError" });
    expect(wire.requests).toHaveLength(1);
    // A connection that was never made is still retried: nothing reached the server.
    const again = await client([refused, json(200, { refreshedAt: "2030-01-01T00:00:00Z" })]);
    await expect(again.billing.refreshCache!()).resolves.toBeDefined();
    expect(again.wire.requests).toHaveLength(2);
  });
});

describe.skipIf(clientInstrumented)("the signature rule, as TypeScript sees it (tsc over a consumer of the fixture's client)", () => {
  let generated: GeneratedClient;
  beforeAll(async () => {
    generated = await generateClientFor(fixture.bundled);
  }, 60_000);
  afterAll(() => generated?.close());

  test("path parameters positional, then the body, then one object of query, header and cookie parameters, then options", async () => {
    const consumer = `import { createBillingClient, type CallOptions } from "./src/index.ts";
${TYPE_ASSERTIONS}declare const billing: ReturnType<typeof createBillingClient>;
type Params<K extends keyof typeof billing> = Parameters<(typeof billing)[K]>;
expectType<Equal<Params<"getPathMatrix">["length"], 3 | 4>>();
expectType<Equal<Params<"getPathMatrix">[0], number>>();
expectType<Equal<Params<"getPathMatrix">[1], string[]>>();
expectType<Equal<Params<"getPathMatrix">[2], { x: number; y: number }>>();
// cancelJob: path, optional body, the parameters object (the Idempotency-Key optional), options.
expectType<Equal<Params<"cancelJob">[3], CallOptions | undefined>>();
void billing.cancelJob("job_ab12");
void billing.cancelJob("job_ab12", { reason: "r" }, { "Idempotency-Key": "k" });
// listItems: one object with query, header and cookie parameters by their spec names; X-Tenant is required.
void billing.listItems({ "X-Tenant": "acme", limit: 1, theme: "dark" });
// @ts-expect-error -- X-Tenant is required
void billing.listItems({ limit: 1 });
// Answers: a Blob, a string, undefined, the default's JSON.
expectType<Equal<Awaited<ReturnType<typeof billing.downloadDocumentPdf>>, Blob>>();
expectType<Equal<Awaited<ReturnType<typeof billing.exportItemsCsv>>, string>>();
expectType<Equal<Awaited<ReturnType<typeof billing.cancelJob>>, undefined>>();
expectType<Equal<Awaited<ReturnType<typeof billing.getHealth>>, { status: "ok" | "degraded" }>>();
// Bodies: a Blob for a file part, bytes for a binary body, a string for a text body.
void billing.uploadDocument({ file: new Blob([]), title: "t" });
void billing.replaceDocumentContent("doc_ab12", new Uint8Array(1));
void billing.createNote("text");
// @ts-expect-error -- a text body is a string
void billing.createNote(42);
// Credentials by the spec's scheme names.
createBillingClient({ credentials: { BasicAuth: "u:p", ApiKeyQuery: () => "k", SessionCookie: "s" } });
// @ts-expect-error -- no such scheme
createBillingClient({ credentials: { Nope: "x" } });
`;
    expect(await compileConsumer(generated, consumer)).toEqual({ output: "", code: 0 });
  }, 60_000);
});
