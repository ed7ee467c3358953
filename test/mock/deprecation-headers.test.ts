/**
 * The derivation both mocks share for a deprecated operation's headers (deprecation.ts), and
 * the routes it is compiled into once: `Deprecation: @0` (RFC 9745; the spec gives no date),
 * and `Sunset` as an HTTP-date (RFC 8594) only for a real `x-sunset` date.
 */
import { describe, expect, test, vi } from "vitest";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { operationMetadata, serverUrl } from "@hostup/billing-openapi";
import { deprecationHeaders } from "../../packages/billing-mock/src/deprecation.ts";
import { fromExample } from "../../packages/billing-mock/src/examples.ts";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import { routeOf } from "../support/model-route.ts";
import { dereference } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";
import { compiledAfresh, type SpecDocument } from "../support/fresh-routes.ts";

describe("deprecationHeaders", () => {
  test("gives nothing for an operation that is not deprecated", () => {
    expect(deprecationHeaders({})).toBeUndefined();
    expect(deprecationHeaders({ deprecated: false, "x-sunset": "2027-06-30" })).toBeUndefined();
  });

  test("gives Deprecation: @0 alone without a sunset date, and Sunset as an IMF-fixdate with one", () => {
    expect(deprecationHeaders({ deprecated: true })).toEqual({ deprecation: "@0" });
    expect(deprecationHeaders({ deprecated: true, "x-sunset": "2027-06-30" })).toEqual({
      deprecation: "@0",
      sunset: "Wed, 30 Jun 2027 00:00:00 GMT",
    });
    expect(deprecationHeaders({ deprecated: true, "x-sunset": "2028-02-29" })!.sunset).toBe("Tue, 29 Feb 2028 00:00:00 GMT");
  });

  test("gives no Sunset for a date it cannot read, rather than a wrong one", () => {
    for (const sunset of ["2027-02-30", "2027-13-01", "2027-6-30", "30 June 2027", 20270630, ""]) {
      expect(deprecationHeaders({ deprecated: true, "x-sunset": sunset }), String(sunset)).toEqual({ deprecation: "@0" });
    }
  });
});

describe("the mock's routes", () => {
  test("carry the headers of a deprecated operation, computed once, and none for the others", async () => {
    const { path } = operationMetadata.listInvoiceCcRecipients;
    const routes = await compiledAfresh((document) =>
      Object.assign(document.paths[path].get, { deprecated: true, "x-sunset": "2027-06-30" }),
    );
    expect(routes.route("GET", path).deprecation).toEqual({ deprecation: "@0", sunset: "Wed, 30 Jun 2027 00:00:00 GMT" });
    expect(routes.route("POST", path).deprecation).toBeUndefined();
    expect((await compiledAfresh()).route("GET", path).deprecation).toBeUndefined();
  });
});

describe("an answer taken from the spec's examples", () => {
  test("keeps the computed Deprecation over the header's documented example, and other headers' examples", () => {
    const exchange = newExchange(new Date(), "/archive", { deprecation: "@0" });
    const route = routeOf(
      "archiveInvoice",
      { "204": { description: "Archived.", headers: { Deprecation: { example: "@1767225600" }, "X-Other": { example: "a" } } } },
      { deprecation: { deprecation: "@0" } },
    );
    const answer = fromExample(exchange, route);
    expect(answer.headers.get("deprecation")).toBe("@0");
    expect(answer.headers.get("x-other")).toBe("a");
  });
});

describe("the in-process mock on a spec that deprecates the list operation", () => {
  test("announces it on the operation's answers, a refusal included, and on no other operation's", async () => {
    const { path } = operationMetadata.listInvoiceCcRecipients;
    const edited = structuredClone(spec) as SpecDocument;
    Object.assign(edited.paths[path].get, { deprecated: true, "x-sunset": "2027-06-30" });
    // A fresh module graph whose routes read the edited spec.
    vi.resetModules();
    const model = operationModel(await dereference(edited));
    vi.doMock("@hostup/billing-openapi/openapi.json", () => ({ default: edited }));
    vi.doMock("@hostup/billing-openapi", async (original) => ({ ...(await original<object>()), operationModel: model }));
    try {
      const { createBillingMock } = await import("../../packages/billing-mock/src/in-process.ts");
      const mock = createBillingMock({ rateLimit: false });
      const url = `${serverUrl}${path}`;
      const listed = await mock.fetch(url, { headers: { Authorization: "Bearer test-token" } });
      expect(listed.status).toBe(200);
      expect([listed.headers.get("deprecation"), listed.headers.get("sunset")]).toEqual(["@0", "Wed, 30 Jun 2027 00:00:00 GMT"]);
      const refused = await mock.fetch(url);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("deprecation")).toBe("@0");
      const added = await mock.fetch(url, {
        method: "POST",
        headers: { Authorization: "Bearer test-token", "Content-Type": "application/json" },
        body: JSON.stringify({ email: "ap@example.com" }),
      });
      expect(added.status).toBe(201);
      expect(added.headers.has("deprecation")).toBe(false);
    } finally {
      vi.doUnmock("@hostup/billing-openapi/openapi.json");
      vi.doUnmock("@hostup/billing-openapi");
      vi.resetModules();
    }
  });
});
