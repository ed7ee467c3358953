/**
 * The two rules both mocks share through `@hostup/billing-mock/server`: which `Accept` headers
 * admit an operation's media types (RFC 9110 §12.5.1), and which percent-escapes in a path are
 * the characters themselves (RFC 3986 §6.2.2.2).
 */
import { describe, expect, test } from "vitest";
import { acceptsAny, normalizePath, preferredMediaType } from "@hostup/billing-mock/server";

const OFFERED = ["application/json", "application/problem+json"];

describe("acceptsAny", () => {
  test.each([
    [null, true],
    ["", true],
    ["*/*", true],
    ["application/*", true],
    ["application/json", true],
    ["APPLICATION/PROBLEM+JSON", true],
    ["text/html, application/json;q=0.1", true],
    ["text/html", false],
    ["text/*", false],
    ["application/json;q=0", false],
    ["application/*;q=0", false],
    // The most specific range decides: application/json refused, the Problem type admitted by */*.
    ["application/json;q=0, */*", true],
    ["*/*;q=0", false],
    ["*/*;q=0, application/problem+json;q=0.5", true],
    // Nothing parseable is no preference at all.
    ["garbage", true],
  ])("Accept %j admits one of the offered types: %s", (accept, admitted) => {
    expect(acceptsAny(accept, OFFERED)).toBe(admitted);
  });
});

describe("preferredMediaType", () => {
  const BOTH = ["application/xml", "application/json"];
  test.each([
    [null, "application/xml"],
    ["", "application/xml"],
    ["garbage", "application/xml"],
    ["*/*", "application/xml"],
    ["application/json", "application/json"],
    ["Application/JSON", "application/json"],
    ["application/*", "application/xml"],
    ["application/xml;q=0.5, application/json", "application/json"],
    ["application/*;q=0.2, application/xml;q=0.1", "application/json"],
    ["application/json;q=0, */*", "application/xml"],
    ["application/xml;q=0, */*;q=0.1", "application/json"],
    // Neither admitted: the first, as a server answers when it does not refuse (acceptsAny decides that).
    ["text/html", "application/xml"],
  ])("Accept %j picks %s of xml and json", (accept, picked) => {
    expect(preferredMediaType(accept, BOTH)).toBe(picked);
  });

  test("an answer with no media type has none to pick", () => {
    expect(preferredMediaType("application/json", [])).toBeUndefined();
  });
});

describe("normalizePath", () => {
  test.each([
    ["/api/v2/billing/payment%2Dmethods/contacts", "/api/v2/billing/payment-methods/contacts"],
    ["/api/v2/billing/payment%2dmethods/contacts", "/api/v2/billing/payment-methods/contacts"],
    ["/%61pi/%7E%5F%2E%30", "/api/~_.0"],
    // Reserved and other characters stay encoded: %2F is data, not a separator.
    ["/api/v2/billing/invoices/a%2Fb/actions/resend-email", "/api/v2/billing/invoices/a%2Fb/actions/resend-email"],
    ["/x%20y%25z%00", "/x%20y%25z%00"],
    ["/no-escapes", "/no-escapes"],
    ["/bad%2escape%zz%2", "/bad.scape%zz%2"],
  ])("%s routes as %s", (path, normalized) => {
    expect(normalizePath(path)).toBe(normalized);
  });
});
