/**
 * The derivation both mocks share for a deprecated operation's headers (deprecation.ts), and
 * the routes it is compiled into once: `Deprecation: @0` (RFC 9745; the spec gives no date),
 * and `Sunset` as an HTTP-date (RFC 8594) only for a real `x-sunset` date.
 */
import { describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import { deprecationHeaders } from "../../packages/billing-mock/src/deprecation.ts";
import { compiledAfresh } from "../support/fresh-routes.ts";

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
