/**
 * The 400 of a request the spec's validation refuses: one field error per offending body
 * member, with its JSON pointer, code and detail; parameters named in the detail instead.
 */
import { describe, expect, test } from "vitest";
import type { ErrorObject } from "ajv";
import { createBillingMock } from "@hostup/billing-mock";
import { errorCatalog, serverUrl } from "@hostup/billing-openapi";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import { invalid, validateRequest } from "../../packages/billing-mock/src/validation.ts";
import { invoiceId, pathOf } from "../support/examples.ts";
import { compiledAfresh, withHeaderAndCookieParameters } from "../support/fresh-routes.ts";

const CONTACTS = `${serverUrl}${pathOf("addInvoiceCcRecipient")}`;
const HEADERS = { Authorization: "Bearer test-token", "Content-Type": "application/json" };

describe("field errors of a refused body", () => {
  const mock = createBillingMock({ rateLimit: false });
  const refusals: [string, string | undefined, { pointer: string; code: string; detail: string }[]][] = [
    ["no body", undefined, [{ pointer: "", code: "missing_required", detail: "A JSON request body is required." }]],
    ["a missing member", '{"description":"x"}', [{ pointer: "/email", code: "missing_required", detail: "`email` is required." }]],
    [
      "an address that is not one",
      '{"email":"nope"}',
      [{ pointer: "/email", code: "invalid_format", detail: "`email` must be a valid email address." }],
    ],
    [
      "a member of the wrong type",
      '{"email":42}',
      [{ pointer: "/email", code: "invalid_type", detail: "`email` must be of type string." }],
    ],
    ["a body that is not an object", "[]", [{ pointer: "", code: "invalid_type", detail: "The request body must be of type object." }]],
    [
      "two wrong members, each named",
      '{"email":42,"description":5}',
      [
        { pointer: "/email", code: "invalid_type", detail: "`email` must be of type string." },
        { pointer: "/description", code: "invalid_type", detail: "`description` must be of type string." },
      ],
    ],
  ];
  for (const [name, body, errors] of refusals) {
    test(`${name}: ${errors.map((e) => `${e.code} at "${e.pointer}"`).join(", ")}`, async () => {
      const answer = await mock.fetch(CONTACTS, { method: "POST", headers: HEADERS, ...(body === undefined ? {} : { body }) });
      expect(answer.status).toBe(400);
      const problem = await answer.json();
      expect(problem).toMatchObject({ code: errorCatalog[400].code, detail: "The request body failed validation." });
      expect(problem.errors).toEqual(errors);
    });
  }
  test("nothing is stored from a refused body", () => {
    expect(mock.state.recipients.map((r) => r.email)).toEqual(["finance@example.com"]);
  });
});

describe("Ajv's errors as a Problem", () => {
  const operation = {
    parameters: [
      { name: "id", in: "path", example: "inv_01hxa3b4c5d6e7f8g9h0j1k2m3", schema: { pattern: "^inv_[0-9a-z]{26}$" } },
      { name: "limit", in: "query", schema: { type: "integer" } },
      { name: "x-tenant", in: "header", required: true, schema: { type: "string" } },
    ],
  } as unknown as Parameters<typeof invalid>[2];
  const error = (fields: Partial<ErrorObject>): ErrorObject =>
    ({ instancePath: "", schemaPath: "#", keyword: "type", params: {}, message: "is wrong", ...fields }) as ErrorObject;
  const problemOf = async (errors: ErrorObject[]) =>
    (await invalid(newExchange(new Date(0)), errors, operation).json()) as Record<string, unknown>;

  test("member names in pointers are escaped as RFC 6901 asks: ~ as ~0, / as ~1", async () => {
    const problem = await problemOf([
      error({ instancePath: "/requestBody/a~b", keyword: "required", params: { missingProperty: "c/d~e" } }),
      error({ instancePath: "/requestBody", keyword: "additionalProperties", params: { additionalProperty: "x/y~z" } }),
    ]);
    expect(problem.errors).toEqual([
      { pointer: "/a~b/c~1d~0e", code: "missing_required", detail: "`c/d~e` is required." },
      { pointer: "/x~1y~0z", code: "unknown_member", detail: "`x/y~z` is not a known member." },
    ]);
  });

  test("a keyword with no code of its own is invalid_value, with Ajv's message", async () => {
    const problem = await problemOf([
      error({ instancePath: "/requestBody/description", keyword: "maxLength", message: "must NOT have more than 3 characters" }),
      error({ instancePath: "/requestBody/email", keyword: "pattern" }),
      error({ instancePath: "/requestBody/email", keyword: "format", params: { format: "uri" }, message: undefined }),
    ]);
    expect(problem.errors).toEqual([
      { pointer: "/description", code: "invalid_value", detail: "`description` must NOT have more than 3 characters." },
      { pointer: "/email", code: "invalid_format", detail: "`email` is wrong." },
      { pointer: "/email", code: "invalid_format", detail: "`email` is invalid." },
    ]);
  });

  test("parameters are named in the detail, each once, and only an unknown query parameter gets a field error", async () => {
    const problem = await problemOf([
      error({ instancePath: "/path/id", keyword: "pattern" }),
      error({ instancePath: "/path/id", keyword: "pattern" }),
      error({ instancePath: "/query/limit", keyword: "type", message: "must be integer" }),
      error({ instancePath: "/query", keyword: "additionalProperties", params: { additionalProperty: "recipient" } }),
      error({ instancePath: "/header", keyword: "required", params: { missingProperty: "x-tenant" } }),
      error({ instancePath: "/query/page", keyword: "minimum", message: undefined }),
      error({ instancePath: "/requestBody/email", keyword: "type" }),
    ]);
    expect(problem.detail).toBe(
      "`id` must match ^inv_[0-9a-z]{26}$, such as inv_01hxa3b4c5d6e7f8g9h0j1k2m3. `limit` (query) must be integer. Unknown query parameter `recipient`. `x-tenant` (header) is required. `page` (parameter) is invalid.",
    );
    // The spec's rule for requests no operation describes: an undeclared query parameter is named by a field error.
    expect(problem.errors).toEqual([
      { pointer: "/query/recipient", code: "unknown_parameter", detail: "Unknown query parameter `recipient`." },
    ]);
  });

  test("an error at the root about anything but the body is a parameter's, not a field error", async () => {
    const problem = await problemOf([error({ keyword: "required", params: { missingProperty: "x-tenant" } })]);
    expect(problem.detail).toBe("`x-tenant` (header) is required.");
    expect(problem).not.toHaveProperty("errors");
  });

  test("a pattern is quoted without an example when the parameter has none; a parameter without a schema gets Ajv's message", async () => {
    const described = {
      parameters: [
        { name: "code", in: "query", schema: { pattern: "^[A-Z]{3}$" } },
        { name: "filter", in: "query", content: { "application/json": { schema: { type: "object" } } } },
      ],
    } as unknown as Parameters<typeof invalid>[2];
    const answer = invalid(
      newExchange(new Date(0)),
      [
        error({ instancePath: "/query/code", keyword: "pattern" }),
        error({ instancePath: "/query/filter", keyword: "pattern" }),
        error({ instancePath: "/query/code", keyword: "type", message: "must be string" }),
      ],
      described,
    );
    expect(((await answer.json()) as { detail: string }).detail).toBe(
      "`code` must match ^[A-Z]{3}$. `filter` (query) is wrong. `code` (query) must be string.",
    );
  });

  test("a body required but absent is a field error at the root, not a parameter", async () => {
    const problem = await problemOf([error({ keyword: "required", params: { missingProperty: "requestBody" } })]);
    expect(problem.errors).toEqual([{ pointer: "", code: "missing_required", detail: "A JSON request body is required." }]);
  });
});

describe("header and cookie parameters an operation declares", () => {
  // The spec has none yet: the list is given a required header, the resend a required cookie.
  const withParameters = () => compiledAfresh(withHeaderAndCookieParameters);
  const detailOf = async (checked: Response | object) =>
    "status" in checked ? ((await (checked as Response).json()) as { detail: string }).detail : "passed";

  test("a declared header is collected: missing it is 400 naming it, sending it passes", async () => {
    const route = (await withParameters()).route("GET", pathOf("listInvoiceCcRecipients"));
    const check = (headers: Record<string, string>) =>
      validateRequest(newExchange(new Date(0)), route, {
        params: {},
        url: new URL(CONTACTS),
        headers: new Headers(headers),
        body: {},
      });
    expect(await detailOf(check({}))).toBe("`x-tenant` (header) is required.");
    expect(await detailOf(check({ "X-Tenant": "t_1" }))).toBe("passed");
  });

  test("a declared cookie is read from the Cookie header, among the others", async () => {
    const route = (await withParameters()).route("POST", pathOf("resendInvoiceEmail"));
    const check = (cookie: string | undefined) =>
      validateRequest(newExchange(new Date(0)), route, {
        params: { id: invoiceId },
        url: new URL(`${serverUrl}${pathOf("resendInvoiceEmail")}`),
        headers: new Headers(cookie === undefined ? {} : { cookie }),
        body: {},
      });
    expect(await detailOf(check(undefined))).toBe("`theme` (cookie) is required.");
    expect(await detailOf(check("theme=dark"))).toBe("passed");
    expect(await detailOf(check("hostup_session=sess_abc123; theme=light"))).toBe("passed");
    expect(await detailOf(check("theme=blue"))).toMatch(/^`theme` \(cookie\) must be equal to one of the allowed values/);
  });
});
