/**
 * Reading request bodies, at the edges: a body of exactly MAX_BODY_BYTES is read and one
 * byte more is refused, whether its length is declared, read whole in-process or streamed
 * in chunks over HTTP; a declared length over the limit is refused without waiting for the
 * body, and a chunked one is refused at the limit without waiting for its end; bytes that are
 * not UTF-8 are refused even where they would still parse as JSON. The refusals of a body
 * the operation does not take, of another media type, or not JSON, each say what was wrong.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBillingMock, MAX_BODY_BYTES } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { serverUrl } from "@hostup/billing-openapi";
import { readBody } from "../../packages/billing-mock/src/body.ts";
import { createPipeline } from "../../packages/billing-mock/src/mock.ts";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import { pathOf } from "../support/examples.ts";

const CONTACTS = pathOf("addInvoiceCcRecipient");
const HEADERS = { authorization: "Bearer test-token", "content-type": "application/json" };

/** A valid add of `email` whose JSON is exactly `bytes` long, padded in its description (which the mock cuts to 255). */
function addOfSize(email: string, bytes: number): Buffer {
  const bare = JSON.stringify({ email, description: "" });
  return Buffer.from(JSON.stringify({ email, description: "x".repeat(bytes - Buffer.byteLength(bare)) }));
}

/** Valid JSON with two bytes that are not UTF-8 inside its description string. */
const notUtf8 = Buffer.concat([Buffer.from('{"email":"utf8@example.com","description":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

interface Sent {
  status: number;
  body: { title?: string; detail?: string; email?: string; description?: string };
}

/**
 * Sends `body` to the add's path with node:http: with its Content-Length, or with
 * Transfer-Encoding: chunked in pieces of `chunked` bytes. `declared` sends that
 * Content-Length with only the start of the body, and keeps the rest back; `unfinished`
 * sends the chunks but never the last one. `method` defaults to POST, an add.
 */
function send(
  base: string,
  body: Buffer,
  how: { chunked?: number; declared?: number; unfinished?: boolean; method?: string },
): Promise<Sent> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...HEADERS };
    if (how.chunked === undefined) headers["content-length"] = String(how.declared ?? body.byteLength);
    const request = httpRequest({
      host: url.hostname,
      port: url.port,
      method: how.method ?? "POST",
      path: CONTACTS,
      headers: how.chunked === undefined ? headers : { ...headers, "transfer-encoding": "chunked" },
      agent: false,
    });
    request.setTimeout(5_000, () => request.destroy(new Error("no answer within 5 s")));
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        request.destroy();
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (how.declared !== undefined) {
      request.write(body.subarray(0, 1024));
    } else if (how.chunked !== undefined) {
      for (let offset = 0; offset < body.byteLength; offset += how.chunked) request.write(body.subarray(offset, offset + how.chunked));
      if (!how.unfinished) request.end();
    } else request.end(body);
  });
}

const tooLarge = { title: "Request body too large", detail: `The request body exceeds ${MAX_BODY_BYTES} bytes.` };

describe("request bodies in-process", () => {
  const mock = createBillingMock({ rateLimit: false });
  const add = (body: Buffer) => mock.fetch(`${serverUrl}${CONTACTS}`, { method: "POST", headers: HEADERS, body: new Uint8Array(body) });

  test("a body of exactly MAX_BODY_BYTES is read; one byte more is refused as too large", async () => {
    const atLimit = await add(addOfSize("edge@example.com", MAX_BODY_BYTES));
    expect(atLimit.status).toBe(201);
    expect(await atLimit.json()).toMatchObject({ email: "edge@example.com", description: "x".repeat(255) });
    const over = await add(addOfSize("over@example.com", MAX_BODY_BYTES + 1));
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject(tooLarge);
  });

  test("bytes that are not UTF-8 are refused, even inside valid JSON", async () => {
    const answer = await add(notUtf8);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ title: "Malformed JSON", detail: "The request body is not valid UTF-8." });
    expect(mock.state.recipients.map((r) => r.email)).not.toContain("utf8@example.com");
  });

  test("a body on an operation that takes none is refused with a body_not_allowed field error", async () => {
    const answer = await mock.fetch(`${serverUrl}${pathOf("resendInvoiceEmail")}`, { method: "POST", headers: HEADERS, body: "{}" });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      detail: "The request body must be empty.",
      errors: [{ pointer: "", code: "body_not_allowed", detail: "This operation takes no request body." }],
    });
    expect(mock.state.outbox).toEqual([]);
  });

  test("a body of another media type, or of none, is refused with 415 naming the one to send", async () => {
    const postTyped = (contentType: string | undefined) =>
      mock.fetch(`${serverUrl}${CONTACTS}`, {
        method: "POST",
        headers: { authorization: HEADERS.authorization, ...(contentType ? { "content-type": contentType } : {}) },
        body: new Blob(['{"email":"typed@example.com"}']),
      });
    const text = await postTyped("text/plain; charset=utf-8");
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({
      status: 415,
      code: "unsupported_media_type",
      title: "Unsupported media type",
      detail: "Send the body as application/json, not text/plain.",
    });
    const untyped = await postTyped(undefined);
    expect(untyped.status).toBe(415);
    expect(await untyped.json()).toMatchObject({
      code: "unsupported_media_type",
      detail: "Send the body as application/json with a matching Content-Type.",
    });
    // A +json type other than the documented one is another media type too.
    expect((await postTyped("application/vnd.api+json")).status).toBe(415);
    // Media types are case-insensitive, and parameters and the spaces before them are not part of it.
    expect((await postTyped("Application/JSON ; charset=utf-8")).status).toBe(201);
  });

  test("an operation that takes several media types names each of them", async () => {
    const request = new Request(`${serverUrl}${CONTACTS}`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    const refused = (await readBody(
      request,
      [
        { mediaType: "application/json", kind: "json" },
        { mediaType: "application/merge-patch+json", kind: "json" },
      ],
      newExchange(new Date(0)),
      false,
    )) as Response;
    expect(await refused.json()).toMatchObject({
      detail: "Send the body as application/json or application/merge-patch+json, not text/plain.",
    });
  });

  test("a body that is not JSON is refused with the parser's reason", async () => {
    const answer = await add(Buffer.from('{"email":'));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      title: "Malformed JSON",
      detail: expect.stringMatching(/^The request body is not valid JSON: \S/),
    });
  });
});

describe("request bodies over HTTP", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startBillingMock({ port: 0, rateLimit: false });
  });
  afterAll(() => server.close());

  test("a chunked body is read across its chunks, up to exactly MAX_BODY_BYTES", async () => {
    const small = await send(server.url, addOfSize("chunks@example.com", 4_000), { chunked: 1_000 });
    expect(small).toMatchObject({ status: 201, body: { email: "chunks@example.com", description: "x".repeat(255) } });
    const atLimit = await send(server.url, addOfSize("chunked-edge@example.com", MAX_BODY_BYTES), { chunked: 16 * 1024 });
    expect(atLimit).toMatchObject({ status: 201, body: { email: "chunked-edge@example.com" } });
  });

  test("a chunked body one byte over MAX_BODY_BYTES is refused as too large", async () => {
    const over = await send(server.url, addOfSize("chunked-over@example.com", MAX_BODY_BYTES + 1), { chunked: 16 * 1024 });
    expect(over).toMatchObject({ status: 400, body: tooLarge });
  });

  test("a chunked body over MAX_BODY_BYTES is refused at the limit, without waiting for its end", async () => {
    // The last chunk never comes: a server that read the whole body first would never answer.
    const over = await send(server.url, addOfSize("chunked-endless@example.com", 2 * MAX_BODY_BYTES), {
      chunked: 16 * 1024,
      unfinished: true,
    });
    expect(over).toMatchObject({ status: 400, body: tooLarge });
  });

  test("a GET framed as chunked, with no body in its chunks, is answered", async () => {
    const list = await send(server.url, Buffer.alloc(0), { chunked: 1, method: "GET" });
    expect(list.status).toBe(200);
  });

  test("a declared Content-Length of exactly MAX_BODY_BYTES is read", async () => {
    const atLimit = await send(server.url, addOfSize("declared-edge@example.com", MAX_BODY_BYTES), {});
    expect(atLimit).toMatchObject({ status: 201, body: { email: "declared-edge@example.com" } });
  });

  test("refuses a 1 MB body by its Content-Length, before reading it", async () => {
    // Only the first KiB is sent: a server that waited for the rest would never answer.
    const answer = await send(server.url, addOfSize("declared-over@example.com", 1024 * 1024), { declared: 1024 * 1024 });
    expect(answer).toMatchObject({ status: 400, body: tooLarge });
  });

  test("bytes that are not UTF-8 are refused, even inside valid JSON", async () => {
    const answer = await send(server.url, notUtf8, { chunked: 8 });
    expect(answer).toMatchObject({ status: 400, body: { detail: "The request body is not valid UTF-8." } });
  });
});

describe("a request without a body, by its HTTP framing", () => {
  // @hono/node-server writes an answer given synchronously without waiting for a promise; one that
  // waited to read a body HTTP framing says is absent would cost every GET that wait.
  test("over HTTP, no Content-Length (or 0) and no Transfer-Encoding is answered at once, with no body read", async () => {
    const { answer } = createPipeline({ rateLimit: false });
    const list = (headers: Record<string, string>) =>
      answer(
        new Request(`${serverUrl}${pathOf("listInvoiceCcRecipients")}`, { headers: { authorization: HEADERS.authorization, ...headers } }),
        {},
        true,
      );
    expect((await list({})).status).toBe(200); // compiles the routes
    for (const headers of [{}, { "content-length": "0" }] as Record<string, string>[]) {
      const answered = list(headers);
      expect(answered).not.toBeInstanceOf(Promise);
      expect((await answered).status).toBe(200);
    }
  });
});
