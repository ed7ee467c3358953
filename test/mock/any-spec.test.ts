/**
 * Both mocks start on a spec that is not HostUp's and has none of its conventions (OpenAPI 3.0,
 * a relative server URL, OAuth 2 and a header API key, XML beside JSON, answers without
 * examples or content, no Problem documents): nothing of the billing fixtures, error catalog
 * or operations is needed for them to route, authenticate, validate and answer from examples.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockOn, type MockKind, type MockOnSpec } from "../support/mock-on-spec.ts";
import { THIRD_PARTY_SPEC } from "../support/third-party-spec.ts";

describe.each<MockKind>(["stateful", "prism"])("the %s mock on a spec with none of HostUp's conventions", (kind) => {
  let mock: MockOnSpec;
  beforeAll(async () => {
    mock = await startMockOn(kind, THIRD_PARTY_SPEC);
  }, 60_000);
  afterAll(() => mock?.close());

  test("answers an operation's JSON example for a request with an API key in its header", async () => {
    const answer = await fetch(`${mock.url}/pet/10`, { headers: { api_key: "test-token", Accept: "application/json" } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json\b/);
    expect(await answer.json()).toEqual({ id: 10, name: "doggie", photoUrls: ["https://example.invalid/1.png"] });
  });

  test("refuses a request without credentials with 401, and a path parameter of the wrong type with a 400 Problem", async () => {
    expect((await fetch(`${mock.url}/pet/10`)).status).toBe(401);
    const refused = await fetch(`${mock.url}/pet/ten`, { headers: { api_key: "test-token" } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect((await refused.json()).detail).toContain("`petId` (path)");
  });

  test("answers an operation documented only by a default answer without content, with no body", async () => {
    const answer = await fetch(`${mock.url}/user/logout`);
    expect(answer.status).toBe(200);
    expect((await answer.arrayBuffer()).byteLength).toBe(0);
  });

  test("takes a bytes upload, and answers operations whose answers give no example with their documented status", async () => {
    const uploaded = await fetch(`${mock.url}/pet/10/uploadImage?additionalMetadata=front`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", "Content-Type": "application/octet-stream" },
      body: new Uint8Array([137, 80, 78, 71]),
    });
    // The default full-access token holds this spec's scopes (write:pets, read:pets) too; a
    // narrower default token does not (Prism checks that a token is sent, not which).
    expect(uploaded.status).toBe(200);
    const narrower = await fetch(`${mock.url}/pet/10/uploadImage`, {
      method: "POST",
      headers: { Authorization: "Bearer read-only-token", "Content-Type": "application/octet-stream" },
      body: new Uint8Array([137, 80, 78, 71]),
    });
    expect(narrower.status).toBe(kind === "prism" ? 200 : 403);
    expect((await fetch(`${mock.url}/store/inventory`, { headers: { api_key: "test-token" } })).status).toBe(200);
    expect((await fetch(`${mock.url}/user/login?username=ann&password=secret`)).status).toBe(200);
    expect((await fetch(`${mock.url}/user/login?user=ann`)).status).toBe(400);
  });

  test("answers a path no operation has with a 404 Problem", async () => {
    const answer = await fetch(`${mock.url}/nothing-here`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
  });
});
