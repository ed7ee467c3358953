/**
 * Which credential a request carries: an `Authorization: Bearer` token or the `hostup_session`
 * cookie, looked up in the fixtures; 401 without one, 403 naming the scope it lacks. The
 * requirement shapes the spec does not use yet are checked at the credentials step itself.
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
  test("finds the session by its cookie among others, and hands the parsed cookies on for validation to reuse", async () => {
    const { store } = createPipeline({});
    const route = (await compiledAfresh()).route("POST", pathOf("resendInvoiceEmail"));
    const auth = authenticate(route, new Headers({ Cookie: "theme=dark; hostup_session=sess_abc123" }), store);
    expect(auth).toEqual({
      caller: { kind: "cookie", credential: "sess_abc123", fixture: store.credentials.get("cookie")!.get("sess_abc123") },
      scopes: ["write:billing"],
      cookies: { theme: "dark", hostup_session: "sess_abc123" },
    });
  });
});

describe("requirement shapes the spec does not use yet", () => {
  const routeWith = (security: Route["security"]) => ({ operationId: "publicStatus", security }) as unknown as Route;

  test("an operation that asks for no credential lets a request without one through, with no scope to lack", () => {
    const { store } = createPipeline({});
    const auth = authenticate(routeWith([]), new Headers(), store);
    expect(auth).toEqual({ scopes: [] });
    expect(missingScopes(auth!)).toEqual([]);
  });

  test("a scheme of a kind the fixtures hold no credentials for is never satisfied; the next requirement may be", () => {
    const { store } = createPipeline({});
    const route = routeWith([[{ kind: undefined, scopes: [] }], [{ kind: "bearer", scopes: ["read:billing"] }]]);
    const headers = new Headers({ Authorization: "Bearer read-only-token", Cookie: "hostup_session=sess_abc123" });
    const auth = authenticate(route, headers, store);
    // The bearer requirement's caller and scopes, and no cookies: none was looked for.
    expect(auth).toEqual({
      caller: { kind: "bearer", credential: "read-only-token", fixture: store.credentials.get("bearer")!.get("read-only-token") },
      scopes: ["read:billing"],
    });
    expect(missingScopes(auth!)).toEqual([]);
    expect(authenticate(routeWith([[{ kind: undefined, scopes: [] }]]), headers, store)).toBeUndefined();
  });
});
