/**
 * The route table the mock compiles from the operation model: the credential each security
 * scheme an operation accepts takes and where, the methods a path allows, and the media
 * types of bodies and answers. The table is
 * compiled once per module instance, so every test imports routes.ts afresh and compiles its
 * own, from the spec or from an edited copy of it (a case the real spec has none of yet).
 * The requests these properties decide are tested end to end in behaviour.test.ts.
 */
import { describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { ROUTE_CACHE, ROUTE_CACHE_PATH } from "../../packages/billing-mock/src/routes.ts";
import { compiledAfresh } from "../support/fresh-routes.ts";
import { invoiceId, pathOf } from "../support/examples.ts";

/** The cc recipients' path, both a path to match (it has no parameters) and the key of its path item. */
const CONTACTS = operationMetadata.listInvoiceCcRecipients.path;
/** The resend's path template, the key of its path item. */
const RESEND = operationMetadata.resendInvoiceEmail.path;

/** The realm the spec gives its bearer scheme, where the challenges of 401 and 403 answers come from. */
const REALM = (Object.values(spec.components.securitySchemes) as { "x-realm"?: string }[]).find((scheme) => scheme["x-realm"])?.["x-realm"];

describe("security, by the kind of each scheme", () => {
  test("the bearer scheme and the hostup_session cookie are alternatives, each with the scopes the operation asks", async () => {
    const routes = await compiledAfresh();
    expect(routes.route("GET", CONTACTS).security).toEqual([
      [{ credential: "bearer", realm: REALM, scopes: ["read:billing"] }],
      [{ credential: "apiKey", in: "cookie", name: "hostup_session", scopes: ["read:billing"] }],
    ]);
    expect(routes.route("POST", pathOf("resendInvoiceEmail")).security).toEqual([
      [{ credential: "bearer", realm: REALM, scopes: ["write:billing"] }],
      [{ credential: "apiKey", in: "cookie", name: "hostup_session", scopes: ["write:billing"] }],
    ]);
  });

  test("every scheme type the model carries: HTTP basic, API keys in a header and the query, OAuth 2 as a bearer token", async () => {
    const routes = await compiledAfresh((document) => {
      Object.assign(document.components.securitySchemes, {
        BasicAuth: { type: "http", scheme: "basic" },
        HeaderKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        QueryKey: { type: "apiKey", in: "query", name: "api_key" },
        OAuth: {
          type: "oauth2",
          flows: { clientCredentials: { tokenUrl: "https://auth.invalid/token", scopes: { "read:billing": "Read." } } },
        },
      });
      document.paths[CONTACTS].get.security = [{ BasicAuth: [] }, { HeaderKey: [], QueryKey: [] }, { OAuth: ["read:billing"] }];
    });
    const route = routes.route("GET", CONTACTS);
    expect(route.security).toStrictEqual([
      [{ credential: "basic", scopes: [] }],
      [
        { credential: "apiKey", in: "header", name: "X-API-Key", scopes: [] },
        { credential: "apiKey", in: "query", name: "api_key", scopes: [] },
      ],
      [{ credential: "bearer", scopes: ["read:billing"] }],
    ]);
    // A key in the query is a credential, not a query parameter the operation fails to declare.
    expect([...route.credentialNames]).toEqual(["api_key"]);
  });

  test("a bearer scheme's realm is its x-realm; without one, it has none", async () => {
    expect(REALM).toMatch(/\S/);
    const routes = await compiledAfresh((document) => {
      for (const scheme of Object.values(document.components.securitySchemes) as Record<string, unknown>[]) delete scheme["x-realm"];
    });
    expect(routes.route("GET", CONTACTS).security[0]).toStrictEqual([{ credential: "bearer", scopes: ["read:billing"] }]);
  });

  // The model applies the document's security to an operation without its own.
  test("an operation without security of its own takes the document's; security: [] opens it", async () => {
    const routes = await compiledAfresh((document) => {
      delete document.paths[CONTACTS].get.security;
      document.paths[RESEND].post.security = [];
    });
    expect(routes.route("GET", CONTACTS).security).toEqual([
      [{ credential: "bearer", realm: REALM, scopes: ["write:billing"] }],
      [{ credential: "apiKey", in: "cookie", name: "hostup_session", scopes: ["write:billing"] }],
    ]);
    expect(routes.route("POST", pathOf("resendInvoiceEmail")).security).toEqual([]);
  });

  test("an operation in a document without security anywhere is open", async () => {
    const routes = await compiledAfresh((document) => {
      delete document.security;
      delete document.paths[CONTACTS].get.security;
    });
    expect(routes.route("GET", CONTACTS).security).toEqual([]);
  });
});

describe("methods and paths", () => {
  test("a documented method matches its operation with the path's parameters", async () => {
    const routes = await compiledAfresh();
    expect(routes.match("POST", pathOf("resendInvoiceEmail"))).toMatchObject({
      route: { operationId: "resendInvoiceEmail" },
      params: { id: invoiceId },
    });
  });

  test("another method on a known path matches as { allow } with every documented method; an unknown path matches nothing", async () => {
    const routes = await compiledAfresh();
    expect(routes.match("PUT", CONTACTS)).toEqual({ allow: ["GET", "POST", "DELETE"] });
    expect(routes.match("GET", pathOf("resendInvoiceEmail"))).toEqual({ allow: ["POST"] });
    expect(routes.match("GET", "/api/v2/billing/nothing-here")).toBeUndefined();
  });

  test("a spec's operations are routed from its model: an operation removed from the spec is no longer served", async () => {
    const { path } = operationMetadata.listInvoiceCcRecipients;
    const routes = await compiledAfresh((document) => {
      delete document.paths[path].get;
    });
    expect(routes.match("GET", CONTACTS)).toEqual({ allow: ["POST", "DELETE"] });
  });
});

describe("remembered matches", () => {
  const resendOf = (id: string) => pathOf("resendInvoiceEmail").replace(invoiceId, id);

  test("the same method and path match the same way every time, with their params frozen; each path keeps its own", async () => {
    const routes = await compiledAfresh();
    const first = routes.match("POST", resendOf("inv_a"));
    expect(routes.match("POST", resendOf("inv_a"))).toBe(first);
    expect(Object.isFrozen((first as { params: object }).params)).toBe(true);
    expect(routes.match("POST", resendOf("inv_b"))).toMatchObject({ params: { id: "inv_b" } });
    expect(routes.match("POST", resendOf("inv_a"))).toMatchObject({ params: { id: "inv_a" } });
    // No match is remembered as no match, and another method on the path is still its own answer.
    expect(routes.match("GET", "/api/v2/billing/nothing-here")).toBeUndefined();
    expect(routes.match("GET", "/api/v2/billing/nothing-here")).toBeUndefined();
    expect(routes.match("GET", resendOf("inv_a"))).toEqual({ allow: ["POST"] });
  });

  test(`past ${ROUTE_CACHE} paths, and for paths over ${ROUTE_CACHE_PATH} characters, every match is still right`, async () => {
    const routes = await compiledAfresh();
    const long = `inv_${"x".repeat(ROUTE_CACHE_PATH)}`;
    expect(routes.match("POST", resendOf(long))).toMatchObject({ params: { id: long } });
    expect(routes.match("POST", resendOf(long))).not.toBe(routes.match("POST", resendOf(long)));
    for (let i = 0; i < ROUTE_CACHE * 2 + 3; i++) {
      expect(routes.match("POST", resendOf(`inv_${i}`))).toMatchObject({
        route: { operationId: "resendInvoiceEmail" },
        params: { id: `inv_${i}` },
      });
    }
    expect(routes.match("POST", resendOf("inv_0"))).toMatchObject({ params: { id: "inv_0" } });
  });
});

describe("media types", () => {
  test("errors are application/problem+json and successes application/json, as the spec documents each status", async () => {
    const routes = await compiledAfresh();
    const { responseMediaTypes, bodyContents } = routes.route("POST", pathOf("resendInvoiceEmail"));
    expect(responseMediaTypes).toMatchObject({
      "200": "application/json",
      "400": "application/problem+json",
      "404": "application/problem+json",
    });
    expect(bodyContents).toBeUndefined();
    expect(routes.route("POST", CONTACTS).bodyContents).toEqual([{ mediaType: "application/json", kind: "json" }]);
  });

  test("a status documented without content has no media type, and counts as application/json for Accept", async () => {
    const routes = await compiledAfresh((document) => {
      delete document.paths[RESEND].post.responses["200"].content;
    });
    const route = routes.route("POST", pathOf("resendInvoiceEmail"));
    expect(route.responseMediaTypes["200"]).toBeUndefined();
    expect(route.answerMediaTypes).toEqual(["application/json", "application/problem+json"]);
  });
});
