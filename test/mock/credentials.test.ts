/**
 * Which credential a request carries: an `Authorization: Bearer` token or the `hostup_session`
 * cookie, looked up in the fixtures; 401 without one, 403 naming the scope it lacks. The
 * requirement shapes and scheme types the spec does not use yet (basic credentials, API keys in
 * a header, the query or a cookie) are checked at the credentials step itself.
 */
import { describe, expect, test } from "vitest";
import { createBillingMock } from "@hostup/billing-mock";
import { errorCatalog } from "@hostup/billing-openapi";
import { authenticate, missingScopes } from "../../packages/billing-mock/src/credentials.ts";
import { createPipeline } from "../../packages/billing-mock/src/mock.ts";
import type { Route } from "../../packages/billing-mock/src/routes.ts";
import { pathOf, urlOf } from "../support/examples.ts";
import { compiledAfresh } from "../support/fresh-routes.ts";

const RESEND = urlOf("resendInvoiceEmail");
const LIST = urlOf("listInvoiceCcRecipients");

describe("credentials on the spec's operations", () => {
  test("a bearer token is accepted after any number of spaces, as RFC 9110 allows", async () => {
    const mock = createBillingMock({ rateLimit: false });
    expect((await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer   test-token" } })).status).toBe(200);
  });

  test("a session without the operation's scope gets 403 forbidden naming the session and the scope", async () => {
    const mock = createBillingMock({
      rateLimit: false,
      fixtures: {
        sessions: [
          { session: "sess_viewer", scopes: ["read:billing"] },
          { session: "sess_sender", scopes: ["write:billing"] },
        ],
      },
    });
    const resend = await mock.fetch(RESEND, { method: "POST", headers: { Cookie: "hostup_session=sess_viewer" } });
    expect(resend.status).toBe(403);
    expect(await resend.json()).toMatchObject({ code: errorCatalog[403].code, detail: "The session lacks the write:billing scope." });
    const list = await mock.fetch(LIST, { headers: { Cookie: "hostup_session=sess_sender" } });
    expect(list.status).toBe(403);
    expect(await list.json()).toMatchObject({ code: errorCatalog[403].code, detail: "The session lacks the read:billing scope." });
    expect(mock.state.outbox).toEqual([]);
  });

  test("a token without the operation's scope gets 403 forbidden naming the API key and the scope", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const list = await mock.fetch(LIST, { headers: { Authorization: "Bearer write-only-token" } });
    expect(list.status).toBe(403);
    expect(await list.json()).toMatchObject({ code: errorCatalog[403].code, detail: "The API key lacks the read:billing scope." });
  });
});

describe("the credentials step", () => {
  test("finds the session by its cookie among others", async () => {
    const { store } = createPipeline({});
    const route = (await compiledAfresh()).route("POST", pathOf("resendInvoiceEmail"));
    const auth = authenticate(route, new Headers({ Cookie: "theme=dark; hostup_session=sess_abc123" }), store, new URL(RESEND));
    expect(auth).toEqual({
      caller: { kind: "cookie", credential: "sess_abc123", fixture: store.credentials.get("cookie")!.get("sess_abc123") },
      scopes: ["write:billing"],
      cookies: { theme: "dark", hostup_session: "sess_abc123" },
    });
  });
});

describe("requirement shapes and scheme types the spec does not use yet", () => {
  const routeWith = (security: Route["security"]) => ({ operationId: "publicStatus", security }) as unknown as Route;
  const url = new URL("https://api.invalid/status");
  const fixtures = {
    tokens: [{ token: "key-1", scopes: ["read:billing"] }],
    sessions: [{ session: "sess-1", scopes: [] }],
    logins: [{ username: "ann", password: "pass:word ü", scopes: ["write:billing"] }],
  };

  test("an operation that asks for no credential lets a request without one through, with no scope to lack", () => {
    const { store } = createPipeline({});
    const auth = authenticate(routeWith([]), new Headers(), store, url);
    expect(auth).toEqual({ scopes: [] });
    expect(missingScopes(auth!)).toEqual([]);
  });

  test("basic credentials are a login's user name and password, UTF-8 and base64 (RFC 7617); anything else is refused", () => {
    const { store } = createPipeline({ fixtures });
    const route = routeWith([[{ credential: "basic", scopes: ["write:billing"] }]]);
    const basic = (text: string) => new Headers({ Authorization: `Basic ${Buffer.from(text).toString("base64")}` });
    expect(authenticate(route, basic("ann:pass:word ü"), store, url)).toMatchObject({
      caller: { kind: "basic", credential: "ann:pass:word ü" },
      scopes: ["write:billing"],
    });
    for (const refused of [
      basic("ann:wrong"),
      basic("bob:pass:word ü"),
      new Headers({ Authorization: "Basic !!" }),
      new Headers({ Authorization: "Bearer key-1" }),
    ]) {
      expect(authenticate(route, refused, store, url)).toBeUndefined();
    }
  });

  test("an API key is read where its scheme says (header, query or cookie) and nowhere else", () => {
    const { store } = createPipeline({ fixtures });
    const header = routeWith([[{ credential: "apiKey", in: "header", name: "X-API-Key", scopes: [] }]]);
    const query = routeWith([[{ credential: "apiKey", in: "query", name: "api_key", scopes: [] }]]);
    const cookie = routeWith([[{ credential: "apiKey", in: "cookie", name: "session", scopes: [] }]]);
    expect(authenticate(header, new Headers({ "x-api-key": "key-1" }), store, url)?.caller?.credential).toBe("key-1");
    expect(authenticate(header, new Headers(), store, new URL("?X-API-Key=key-1", url))).toBeUndefined();
    expect(authenticate(query, new Headers(), store, new URL("?api_key=key-1", url))?.caller?.credential).toBe("key-1");
    expect(authenticate(query, new Headers({ api_key: "key-1" }), store, url)).toBeUndefined();
    expect(authenticate(cookie, new Headers({ Cookie: "a=b; session=sess-1" }), store, url)?.caller).toMatchObject({ kind: "cookie" });
    expect(authenticate(cookie, new Headers({ Cookie: "session=key-1" }), store, url)).toBeUndefined();
  });

  test("a requirement that is not met leaves the next one to try; every scheme of one requirement must be met", () => {
    const { store } = createPipeline({ fixtures });
    const route = routeWith([
      [
        { credential: "basic", scopes: [] },
        { credential: "apiKey", in: "header", name: "X-API-Key", scopes: [] },
      ],
      [{ credential: "bearer", scopes: ["read:billing"] }],
    ]);
    const login = `Basic ${Buffer.from("ann:pass:word ü").toString("base64")}`;
    // The first requirement wants both a login and a key: the login alone does not do.
    expect(authenticate(route, new Headers({ Authorization: login }), store, url)).toBeUndefined();
    expect(authenticate(route, new Headers({ Authorization: login, "X-API-Key": "key-1" }), store, url)?.caller).toMatchObject({
      kind: "basic",
    });
    expect(authenticate(route, new Headers({ Authorization: "Bearer key-1" }), store, url)).toMatchObject({
      caller: { kind: "bearer", credential: "key-1" },
      scopes: ["read:billing"],
    });
  });
});
