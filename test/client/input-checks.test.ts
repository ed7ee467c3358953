/** The request body is checked against the spec's schema before anything is sent. */
import { describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import { createBillingClient, InvalidArgumentError } from "@hostup/billing-client";
import { observedFetch } from "../support/observed-fetch.ts";
import { exampleAnswer, titleOf } from "../support/examples.ts";

const created = exampleAnswer("addInvoiceCcRecipient");

async function refusal(body: unknown) {
  const wire = observedFetch(created);
  const error = await createBillingClient({ fetch: wire.fetch })
    .addInvoiceCcRecipient(body as never)
    .catch((e: unknown) => e);
  return { error: error as InvalidArgumentError, requests: wire.requests };
}

describe(`${titleOf("addInvoiceCcRecipient")}: refused before sending`, () => {
  const cases: [string, unknown, string][] = [
    ["email is missing", { description: "AP" }, "body.email"],
    ["email is undefined", { email: undefined }, "body.email"],
    ["email is a number", { email: 42 }, "body.email"],
    ["email is null", { email: null }, "body.email"],
    ["email is an array", { email: ["ap@example.com"] }, "body.email"],
    ["email is empty", { email: "" }, "body.email"],
    ["email is a name", { email: "Accounts Payable" }, "body.email"],
    ["email has no domain", { email: "ap@" }, "body.email"],
    ["email has no local part", { email: "@example.com" }, "body.email"],
    ["email has a dotless domain", { email: "ap@example" }, "body.email"],
    ["email has a leading space", { email: " ap@example.com" }, "body.email"],
    ["email has a trailing newline", { email: "ap@example.com\n" }, "body.email"],
    ["email has two @", { email: "ap@@example.com" }, "body.email"],
    ["description is a number", { email: "ap@example.com", description: 7 }, "body.description"],
    ["description is null", { email: "ap@example.com", description: null }, "body.description"],
    ["the body is missing", undefined, "body"],
    ["the body is null", null, "body"],
    ["the body is an array", [{ email: "ap@example.com" }], "body"],
    ["the body is a string", "ap@example.com", "body"],
  ];
  for (const [name, body, argument] of cases) {
    test(`when ${name}, naming ${argument}`, async () => {
      const { error, requests } = await refusal(body);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.argument).toBe(argument);
      expect(error.message).toMatch(new RegExp(`^${argument.replace(".", "\\.")}: must be .*; no request was sent$`));
      expect(requests).toHaveLength(0);
    });
  }

  test("the message says what was expected", async () => {
    expect((await refusal({ email: 42 })).error.message).toBe("body.email: must be a string in email format; no request was sent");
    expect((await refusal({ email: "ap@example.com", description: 7 })).error.message).toBe(
      "body.description: must be a string; no request was sent",
    );
  });

  test("sends what it accepts exactly as given: no lower-casing, no cut, extra members kept", async () => {
    const wire = observedFetch(created);
    const body = { email: "Ap.Payable+Q2@Example.CO.uk", description: "x".repeat(1_000), note: "kept" };
    await createBillingClient({ fetch: wire.fetch }).addInvoiceCcRecipient(body);
    expect(await wire.requests[0]!.json()).toEqual(body);
  });
});

describe("the checks come from the spec", () => {
  // The client's checker understands exactly these keywords and values. When the spec grows
  // another one (an integer, another format, a minimum), this fails instead of the client
  // silently ignoring it: teach checkBody in packages/billing-client/src/checks.ts (a format:
  // FORMATS in pipeline/render-client.ts), then add it here.
  const TOP = new Set(["type", "required", "properties"]);
  const PROPERTY = new Set(["type", "format", "pattern", "minLength", "maxLength"]);
  const TYPES = new Set(["string", "number", "boolean"]);
  const FORMATS = new Set(["email"]);

  const withBodies = Object.entries(operationMetadata).flatMap(([operationId, meta]) =>
    meta.requestBody ? [[operationId, meta.requestBody.schema as Record<string, unknown>] as const] : [],
  );
  test("the spec has request bodies to check", () => {
    expect(withBodies.length).toBeGreaterThan(0);
  });
  for (const [operationId, schema] of withBodies) {
    test(`${operationId}: the request body schema uses only keywords the client checks`, () => {
      expect(Object.keys(schema).filter((key) => !TOP.has(key))).toEqual([]);
      expect(schema.type).toBe("object");
      const properties = schema.properties as Record<string, Record<string, unknown>>;
      expect((schema.required as string[]).filter((name) => !(name in properties))).toEqual([]);
      for (const [name, property] of Object.entries(properties)) {
        expect(
          Object.keys(property).filter((key) => !PROPERTY.has(key)),
          name,
        ).toEqual([]);
        expect(TYPES.has(property.type as string), `${name}: type ${String(property.type)}`).toBe(true);
        if ("format" in property) expect(FORMATS.has(property.format as string), `${name}: format ${String(property.format)}`).toBe(true);
      }
    });
  }
});
