/**
 * Both mocks on the construct fixture (test/fixtures/constructs/), a spec that is not HostUp's:
 * no billing fixtures apply to it and none of its operations has behaviour, so everything here
 * is the mocks' plumbing. Each request is written as a client puts it on the wire (the
 * fixture's own echo examples show the parameter styles); each mock must parse it back, accept
 * or refuse the credentials of every security scheme type, and answer from the examples: JSON,
 * text and binary bodies as the spec writes them, 204 with no body, a `2XX` range and a
 * `default`-only answer.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadFixture } from "../support/construct-fixture.ts";
import { startMockOn, type MockKind, type MockOnSpec } from "../support/mock-on-spec.ts";

const { bundled } = await loadFixture();
const BEARER = { Authorization: "Bearer test-token" };
const LOGIN = { username: "ada", password: "correct horse" };
const BASIC = { Authorization: `Basic ${Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString("base64")}` };
const QUERY =
  "search=a/b?c=d&status=draft&status=active&ids=1,2,3&page=2&x=1&y=2&origin=x,3,y,4&words=blue%20black&size=x%205%20y%206" +
  "&colors=red%7Cgreen&corner=x%7C7%7Cy%7C8&filter%5Bstatus%5D=active&filter%5BminQuantity%5D=10";
const ITEM_HEADERS = {
  ...BEARER,
  "X-Tenant": "acme",
  "X-Trace-Ids": "t1,t2",
  "X-Point": "x=1,y=2",
  Cookie: "theme=dark; flags=beta,compact; prefs=x,1,y,2",
};

describe.each<MockKind>(["stateful", "prism"])("the %s mock on the construct fixture", (kind) => {
  let mock: MockOnSpec;
  beforeAll(async () => {
    mock = await startMockOn(kind, bundled, { logins: [{ ...LOGIN, scopes: [] }] });
  }, 60_000);
  afterAll(() => mock?.close());
  const send = (path: string, init: RequestInit = {}) => fetch(`${mock.url}${path}`, init);

  test.each([
    ["simple", "/path-simple/5/blue,black,brown/x=1,y=2"],
    ["label", "/path-label/.5/.blue.black.brown/.x,1,y,2"],
    ["matrix", "/path-matrix/;id=5/;tags=blue,black,brown/;x=1;y=2"],
  ])("reads %s path parameters in their style", async (_, path) => {
    expect((await send(path, { headers: BEARER })).status).toBe(200);
  });

  test("refuses a path parameter its schema refuses, naming it", async () => {
    const answer = await send("/path-simple/5/blue,black,brown/x=1,y=oops", { headers: BEARER });
    expect(answer.status).toBe(400);
    expect((await answer.json()).detail).toContain("`point` (path)");
  });

  test("reads every query style and refuses a bad item of a form array without explode, naming it", async () => {
    expect((await send(`/query-styles?${QUERY}`, { headers: BEARER })).status).toBe(200);
    const refused = await send(`/query-styles?${QUERY.replace("ids=1,2,3", "ids=1,x,3")}`, { headers: BEARER });
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toContain("`ids` (query)");
  });

  test("reads header and cookie parameters in their styles; a missing required header is 400", async () => {
    expect((await send("/items?limit=2", { headers: ITEM_HEADERS })).status).toBe(200);
    const { "X-Tenant": _, ...withoutTenant } = ITEM_HEADERS;
    const refused = await send("/items", { headers: withoutTenant });
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toContain("`X-Tenant` (header) is required.");
    expect((await send("/items", { headers: { ...ITEM_HEADERS, "X-Point": "x=1,y=oops" } })).status).toBe(400);
  });

  test("accepts and refuses each security scheme type: bearer, basic, API key in a header, the query and a cookie", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const octets = { "Content-Type": "application/octet-stream" };
    expect((await send("/items?limit=2", { headers: { ...ITEM_HEADERS, Authorization: "" } })).status).toBe(401);
    expect((await send("/documents/res_0001/content", { method: "PUT", headers: { ...BASIC, ...octets }, body: bytes })).status).toBe(204);
    expect((await send("/documents/res_0001/content", { method: "PUT", headers: octets, body: bytes })).status).toBe(401);
    const batch = JSON.stringify([{ name: "Widget", quantity: 3, price: 9.5 }]);
    const json = { "Content-Type": "application/json" };
    expect((await send("/items/batch", { method: "POST", headers: { ...json, "X-API-Key": "test-token" }, body: batch })).status).toBe(201);
    expect((await send("/items/batch", { method: "POST", headers: json, body: batch })).status).toBe(401);
    expect((await send("/documents/res_0001/pdf?api_key=test-token")).status).toBe(200);
    expect((await send("/documents/res_0001/pdf")).status).toBe(401);
    expect((await send("/reports/items-csv", { headers: { Cookie: "session=sess_abc123" } })).status).toBe(200);
    expect((await send("/reports/items-csv")).status).toBe(401);
  });

  test("keeps every API key the spec declares out of its request journal: in a header, the query and a cookie", async () => {
    // A change of state: sent as JSON, which a browser sends cross-origin only after a preflight.
    expect((await send("/__mock/requests", { method: "DELETE", headers: { "Content-Type": "application/json" } })).status).toBeLessThan(
      300,
    );
    const key = "key_0123456789secret";
    await send("/items/batch", { method: "POST", headers: { "Content-Type": "application/json", "X-API-Key": key }, body: "[]" });
    await send(`/documents/res_0001/pdf?api_key=${key}&page=1`);
    await send("/reports/items-csv", { headers: { Cookie: `session=${key}` } });
    const journal = await (await send("/__mock/requests")).text();
    expect(journal).not.toContain(key);
    const entries = (
      JSON.parse(journal) as { requests: { path: string; headers: Record<string, string>; query: Record<string, string> }[] }
    ).requests;
    expect(entries.map((entry) => entry.path)).toEqual(["/items/batch", "/documents/res_0001/pdf", "/reports/items-csv"]);
    expect(entries[0]!.headers["x-api-key"]).toBe("[redacted]");
    // The key's own name stays readable, and so does every parameter that is not a credential.
    expect(entries[1]!.query).toEqual({ api_key: "[redacted]", page: "1" });
    expect(entries[2]!.headers.cookie).toBe("session=[redacted]");
  });

  test("answers a binary example byte for byte and a text example as its text, each with its media type", async () => {
    const pdf = await send("/documents/res_0001/pdf?api_key=test-token");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(Buffer.from("%PDF-1.7\n%%EOF\n"));
    const csv = await send("/reports/items-csv", { headers: { Cookie: "session=sess_abc123" } });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv\b/);
    expect(await csv.text()).toBe("id,name,quantity\nit_0000abcd,Widget,3\nit_0000abce,Gadget,0\n");
  });

  test("accepts form, multipart and text bodies, and refuses a form field its schema refuses", async () => {
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const signIn = "username=ada&password=correct+horse&remember=true&scopes=read&scopes=write";
    expect((await send("/sessions", { method: "POST", headers: form, body: signIn })).status).toBe(201);
    expect((await send("/sessions", { method: "POST", headers: form, body: "username=ada" })).status).toBe(400);
    const upload = new FormData();
    upload.set("file", new Blob(["hello"]), "hello.txt");
    upload.set("title", "Report");
    expect((await send("/documents", { method: "POST", headers: BEARER, body: upload })).status).toBe(201);
    const note = await send("/notes", { method: "POST", headers: { ...BEARER, "Content-Type": "text/plain" }, body: "Call Ada." });
    expect(note.status).toBe(201);
    expect(await note.text()).toBe("note_0001");
  });

  test("answers 204 with no body and no Content-Type", async () => {
    const answer = await send("/jobs/res_0001/actions/cancel", { method: "POST", headers: { ...BEARER, "Idempotency-Key": "k-1" } });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("content-type")).toBeNull();
    expect((await answer.arrayBuffer()).byteLength).toBe(0);
  });

  test("answers an operation documented only by a 2XX range, or only by default, from its example", async () => {
    const refreshed = await send("/cache/actions/refresh", { method: "POST", headers: BEARER });
    expect(refreshed.status).toBeGreaterThanOrEqual(200);
    expect(refreshed.status).toBeLessThan(300);
    expect(await refreshed.json()).toEqual({ refreshedAt: "2030-01-01T00:00:00Z" });
    const health = await send("/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
  });
});
