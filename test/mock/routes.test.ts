/**
 * The route table the mock compiles from the spec: the kind of each security scheme an
 * operation accepts, the methods a path allows, the media types of bodies and answers, and
 * whether header and cookie parameters are to be collected for validation. The table is
 * compiled once per module instance, so every test imports routes.ts afresh and compiles its
 * own, from the spec or from an edited copy of it (a case the real spec has none of yet).
 * The requests these properties decide are tested end to end in behaviour.test.ts.
 */
import { describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { compiledAfresh, withHeaderAndCookieParameters } from "../support/fresh-routes.ts";
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
      [{ kind: "bearer", realm: REALM, scopes: ["read:billing"] }],
      [{ kind: "cookie", cookie: "hostup_session", scopes: ["read:billing"] }],
    ]);
    expect(routes.route("POST", pathOf("resendInvoiceEmail")).security).toEqual([
      [{ kind: "bearer", realm: REALM, scopes: ["write:billing"] }],
      [{ kind: "cookie", cookie: "hostup_session", scopes: ["write:billing"] }],
    ]);
  });

  test("schemes the fixtures hold no credentials for have no kind: HTTP basic, an API key in a header, malformed or undeclared ones", async () => {
    const routes = await compiledAfresh((document) => {
      Object.assign(document.components.securitySchemes, {
        BasicAuth: { type: "http", scheme: "basic" },
        HeaderKey: { type: "apiKey", in: "header", name: "hostup_session" },
        NoScheme: { type: "http" },
        NamelessCookie: { type: "apiKey", in: "cookie" },
      });
      document.paths[CONTACTS].get.security = [
        { BasicAuth: [] },
        { HeaderKey: [] },
        { NoScheme: [] },
        { NamelessCookie: [] },
        { Undeclared: ["read:billing"] },
      ];
    });
    const none = { kind: undefined };
    expect(routes.route("GET", CONTACTS).security).toStrictEqual([
      [{ ...none, scopes: [] }],
      [{ ...none, scopes: [] }],
      [{ ...none, scopes: [] }],
      [{ ...none, scopes: [] }],
      [{ ...none, scopes: ["read:billing"] }],
    ]);
  });

  test("a bearer scheme's realm is its x-realm; without one, it has none", async () => {
    expect(REALM).toMatch(/\S/);
    const routes = await compiledAfresh((document) => {
      for (const scheme of Object.values(document.components.securitySchemes) as Record<string, unknown>[]) delete scheme["x-realm"];
    });
    expect(routes.route("GET", CONTACTS).security[0]).toStrictEqual([{ kind: "bearer", scopes: ["read:billing"] }]);
  });

  // openapi-backend applies the document's security to an operation without its own.
  test("an operation without security of its own takes the document's; security: [] opens it", async () => {
    const routes = await compiledAfresh((document) => {
      delete document.paths[CONTACTS].get.security;
      document.paths[RESEND].post.security = [];
    });
    expect(routes.route("GET", CONTACTS).security).toEqual([
      [{ kind: "bearer", realm: REALM, scopes: ["write:billing"] }],
      [{ kind: "cookie", cookie: "hostup_session", scopes: ["write:billing"] }],
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

  test("refuses to compile a bundled spec that lacks an operation operationMetadata names, naming it", async () => {
    const [operationId, { method, path }] = Object.entries(operationMetadata)[0]!;
    const compiling = compiledAfresh((document) => {
      delete document.paths[path][method.toLowerCase()];
    });
    await expect(compiling).rejects.toThrow(new Error(`openapi-backend does not know ${operationId}`));
  });
});

describe("media types", () => {
  test("errors are application/problem+json and successes application/json, as the spec documents each status", async () => {
    const routes = await compiledAfresh();
    const { responseMediaTypes, bodyMediaTypes } = routes.route("POST", pathOf("resendInvoiceEmail"));
    expect(responseMediaTypes).toMatchObject({
      "200": "application/json",
      "400": "application/problem+json",
      "404": "application/problem+json",
    });
    expect(bodyMediaTypes).toBeUndefined();
    expect(routes.route("POST", CONTACTS).bodyMediaTypes).toEqual(["application/json"]);
  });

  test("a status documented without content is answered as application/json", async () => {
    const routes = await compiledAfresh((document) => {
      delete document.paths[RESEND].post.responses["200"].content;
    });
    expect(routes.route("POST", pathOf("resendInvoiceEmail")).responseMediaTypes["200"]).toBe("application/json");
  });
});

describe("header and cookie parameters", () => {
  test("none of the spec's operations declares one, so none collects them", async () => {
    const routes = await compiledAfresh();
    for (const [method, path] of [
      ["GET", CONTACTS],
      ["POST", CONTACTS],
      ["DELETE", CONTACTS],
      ["POST", pathOf("resendInvoiceEmail")],
    ] as const) {
      expect(routes.route(method, path).declares).toEqual({ header: false, cookie: false });
    }
  });

  test("an operation with a header parameter collects headers, one with a cookie parameter cookies", async () => {
    const routes = await compiledAfresh(withHeaderAndCookieParameters);
    expect(routes.route("GET", CONTACTS).declares).toEqual({ header: true, cookie: false });
    expect(routes.route("POST", pathOf("resendInvoiceEmail")).declares).toEqual({ header: false, cookie: true });
  });
});
