/**
 * The operation table pipeline/render-client.ts writes, run: constructs the construct fixture
 * does not carry, added to a copy of it, rendered inside each test and imported in this process
 * (rendered-client.ts), then called on the recording test fetch. What goes over the wire and
 * what the call resolves with are the assertions; the fixture's own constructs are covered
 * the same way by test/client/constructs.test.ts.
 */
import { afterAll, describe, expect, test } from "vitest";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { loadFixture } from "../support/construct-fixture.ts";
import { json, observedFetch, type Answer } from "../support/observed-fetch.ts";
import { removeRendered, renderedClient } from "../support/rendered-client.ts";

type Method = (...args: unknown[]) => Promise<unknown>;
type Node = Record<string, any>;

const fixture = (await loadFixture()).resolved;
afterAll(removeRendered);

const BASE = "https://api.constructs.test/v1";
const done = { "204": { description: "Done." } };
const stringParameter = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const withBody = (operationId: string, mediaType: string, schema: Node = { type: "object" }) => ({
  post: {
    operationId,
    summary: "Probe",
    description: "Probe.",
    requestBody: { required: true, content: { [mediaType]: { schema } } },
    responses: done,
  },
});

/** The fixture with the constructs it lacks, each on a path of its own. */
const spec = (() => {
  const copy = structuredClone(fixture) as Node;
  Object.assign(copy.paths, {
    "/probes/charset": withBody("sendJsonWithCharset", "application/json; charset=utf-8"),
    "/probes/upper": withBody("sendUpperCaseJson", "Application/JSON"),
    "/probes/image": withBody("sendImage", "image/*", { type: "string", format: "binary" }),
    "/probes/bytes": withBody("sendBytes", "application/octet-stream", { type: "string" }),
    "/probes/{item-id2}/{2nd}/{default}": {
      get: {
        operationId: "probe-names",
        summary: "Probe",
        description: "Probe.",
        parameters: ["item-id2", "2nd", "default"].map(stringParameter),
        responses: {
          "200": { description: "JSON.", content: { "application/json": { schema: { type: "object" } } } },
          "203": { description: "Text.", content: { "text/plain": { schema: { type: "string" } } } },
        },
      },
      head: {
        operationId: "probeHead",
        summary: "Probe",
        description: "Probe.",
        parameters: ["item-id2", "2nd", "default"].map(stringParameter),
        responses: { "200": { description: "JSON, never sent.", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
    "/probes/either": {
      get: {
        operationId: "probeEitherCredential",
        summary: "Probe",
        description: "Probe.",
        security: [{ ApiKeyHeader: [] }, { SessionCookie: [] }],
        responses: { "200": { description: "JSON.", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
  });
  return copy as Spec;
})();

/** The client rendered now for the probes, with a header and a cookie credential, answering from `answers`. */
async function client(...answers: Answer[]) {
  const { pkg } = await renderedClient(spec);
  const wire = observedFetch(...answers);
  const billing = pkg.createBillingClient({
    fetch: wire.fetch,
    token: "tok_bearer_1234",
    credentials: { ApiKeyHeader: "key_header_1234", SessionCookie: "sess_1234abcd" },
    retry: false,
  } as never) as unknown as Record<string, Method>;
  return { billing, wire };
}
const noContent = () => new Response(null, { status: 204 });

describe("request bodies the fixture does not carry", () => {
  test("a JSON body goes with the spec's media type, parameters included; `Application/JSON` is application/json (media types ignore case)", async () => {
    const { billing, wire } = await client(noContent);
    await billing.sendJsonWithCharset!({ a: 1 });
    await billing.sendUpperCaseJson!({ a: 2 });
    expect(wire.requests.map((request) => request.headers.get("content-type"))).toEqual([
      "application/json; charset=utf-8",
      "application/json",
    ]);
    expect(await wire.requests[0]!.json()).toEqual({ a: 1 });
    expect(await wire.requests[1]!.json()).toEqual({ a: 2 });
  });

  test("a binary body of a media range (image/*) goes with the Blob's own type, which the range cannot name", async () => {
    const { billing, wire } = await client(noContent);
    await billing.sendImage!(new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }));
    expect(wire.requests[0]!.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await wire.requests[0]!.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]));
  });

  test("a binary body is bytes whatever its schema says: a Blob is sent where the schema says string", async () => {
    const { billing, wire } = await client(noContent);
    await billing.sendBytes!(new Blob([new Uint8Array([1, 2])]));
    expect(new Uint8Array(await wire.requests[0]!.arrayBuffer())).toEqual(new Uint8Array([1, 2]));
    expect(wire.requests[0]!.headers.get("content-type")).toBe("application/octet-stream");
  });
});

describe("names and answers the fixture does not carry", () => {
  test("path parameters whose names are no identifiers are still positional, and go into the path under the spec's names", async () => {
    const { billing, wire } = await client(json(200, { ok: true }));
    await expect(billing["probe-names"]!("a b", "2", "d")).resolves.toEqual({ ok: true });
    expect(wire.requests[0]!.url).toBe(`${BASE}/probes/a%20b/2/d`);
    expect(wire.requests[0]!.method).toBe("GET");
  });

  test("each documented answer is read by its own kind: JSON on the 200, text on the 203", async () => {
    const { billing } = await client(() => new Response("plain words", { status: 203, headers: { "Content-Type": "text/plain" } }));
    await expect(billing["probe-names"]!("a", "2", "d")).resolves.toBe("plain words");
  });

  test("a HEAD resolves to undefined, whatever content the spec lists for its answer", async () => {
    const { billing, wire } = await client(json(200, { ignored: true }));
    await expect(billing.probeHead!("a", "2", "d")).resolves.toBeUndefined();
    expect(wire.requests[0]!.method).toBe("HEAD");
  });

  test("an operation that accepts one of two schemes sends the credentials of both, and not the token it does not name", async () => {
    const { billing, wire } = await client(json(200, {}));
    await billing.probeEitherCredential!();
    const [request] = wire.requests;
    expect(request!.headers.get("x-api-key")).toBe("key_header_1234");
    expect(request!.headers.get("cookie")).toBe("session=sess_1234abcd");
    expect(request!.headers.get("authorization")).toBeNull();
  });
});

describe("the fixture's table, as the client reads it", () => {
  test("a query parameter without allowReserved percent-encodes the reserved characters that one with it sends as they are", async () => {
    const { billing, wire } = await client(json(200, { items: [] }));
    await billing.listItems!({ "X-Tenant": "acme", cursor: "a/b?c" });
    expect(wire.requests[0]!.url).toBe(`${BASE}/items?cursor=a%2Fb%3Fc`);
  });

  test("a row carries only what differs from a JSON call: what a plain operation needs is its method, path, safety and schemes", async () => {
    const { operations } = await renderedClient(spec);
    const row = (operationId: string) => operations.split("\n").find((line) => line.startsWith(`  "${operationId}": `));
    // GET, nothing in, JSON out, no credential.
    expect(row("getHealth")).toBe('  "getHealth": {"m":"GET","p":"/health","s":1,"c":[]},');
    // POST, nothing in, JSON out: not safe, so no `s`; one of the spec's five schemes.
    expect(row("refreshCache")).toBe('  "refreshCache": {"m":"POST","p":"/cache/actions/refresh","c":["BearerAuth"]},');
    // A text answer names its reader; a text body its encoder and media type.
    expect(row("exportItemsCsv")).toBe(
      '  "exportItemsCsv": {"m":"GET","p":"/reports/items-csv","r":{"200":readString},"s":1,"c":["SessionCookie"]},',
    );
    expect(row("createNote")).toBe(
      '  "createNote": {"m":"POST","p":"/notes","b":[{"t":"string","x":/^(?=[^]{0,1000}$)/u,"r":1},textBody,"text/plain"],"r":{"201":readString},"c":["BearerAuth"]},',
    );
    // A path parameter, a header parameter (the Idempotency-Key, not required of the caller), a JSON body: schemas only.
    expect(row("cancelJob")).toBe(
      '  "cancelJob": {"m":"POST","p":"/jobs/{id}/actions/cancel","x":[["id",pathSimple,0,{"t":"string","x":/^[a-z]+_[0-9a-z]{4}$/u,"r":1}]],"q":[["Idempotency-Key",headerSimple,0,{"t":"string","x":/^(?=[^]{1,255}$)/u},"h"]],"b":[{"t":"object","p":{"reason":{"t":"string","x":/^(?=[^]{0,200}$)/u}}}],"r":{"204":readNothing},"k":"idempotency-key","c":["BearerAuth"]},',
    );
    // Imports are sorted by name within each module, so that a new operation moves no line it does not concern.
    expect(operations).toContain('import { pathLabel, pathMatrix, pathSimple } from "./wire/path-styles.ts";\n');
    expect(operations).toContain('import { readBinary, readJson, readNothing, readString } from "./read-body.ts";\n');
  });
});
