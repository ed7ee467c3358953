/** The request body is checked against the spec's schema before anything is sent. */
import { describe, expect, test } from "vitest";
import { operationModel } from "@hostup/billing-openapi";
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
      expect(error.message).toMatch(new RegExp(`^${argument.replace(".", "\\.")}: (must be|is required).*; no request was sent$`));
      expect(requests).toHaveLength(0);
    });
  }

  test("the message says what was expected", async () => {
    expect((await refusal({ email: 42 })).error.message).toBe("body.email: must be of type string; no request was sent");
    expect((await refusal({ email: "Accounts Payable" })).error.message).toBe("body.email: must be in email format; no request was sent");
    expect((await refusal({ description: "AP" })).error.message).toBe("body.email: is required; no request was sent");
    expect((await refusal({ email: "ap@example.com", description: 7 })).error.message).toBe(
      "body.description: must be of type string; no request was sent",
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
  // The keywords the client's checkValue (wire/check-value.ts, compiled by compactSchema in
  // pipeline/render-client.ts) checks. Any other keyword is left to the server, so that a valid
  // value is never refused; when the spec starts to use one, this fails, to decide whether the
  // client should check it too (teach compactSchema and checkValue) or leave it (add it here).
  const CHECKED = new Set([
    "type",
    "enum",
    "const",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "oneOf",
    "anyOf",
    "items",
    "properties",
    "required",
  ]);
  const LEFT_TO_THE_SERVER = new Set<string>([]);
  // Formats the client knows (FORMATS in pipeline/render-client.ts); another is left to the server.
  const FORMATS = new Set(["email"]);

  const keywords = (schema: unknown, at: string): [string, string][] => {
    if (!schema || typeof schema !== "object") return [];
    const node = schema as Record<string, unknown>;
    const own = Object.keys(node).map((key): [string, string] => [at, key]);
    const nested = [
      ...Object.entries((node.properties ?? {}) as Record<string, unknown>).map(([name, value]) => keywords(value, `${at}.${name}`)),
      ...[node.items, ...((node.oneOf ?? []) as unknown[]), ...((node.anyOf ?? []) as unknown[])].map((value) =>
        keywords(value, `${at}[]`),
      ),
    ];
    return [...own, ...nested.flat()];
  };
  const schemas = Object.values(operationModel.operations).flatMap((operation) => [
    ...operation.parameters.map((parameter) => [`${operation.operationId} ${parameter.name}`, parameter.schema] as const),
    ...(operation.body?.contents ?? []).map((content) => [`${operation.operationId} body`, content.schema] as const),
  ]);
  test("the spec has request bodies and parameters to check", () => {
    expect(schemas.length).toBeGreaterThan(1);
  });
  for (const [name, schema] of schemas) {
    test(`${name}: uses only keywords the client checks or leaves to the server by decision`, () => {
      const unknown = keywords(schema, name).filter(([, key]) => !CHECKED.has(key) && !LEFT_TO_THE_SERVER.has(key));
      expect(unknown).toEqual([]);
      const formats = keywords(schema, name).filter(([, key]) => key === "format");
      expect(
        formats.length === 0 ||
          JSON.stringify(schema)
            .match(/"format":"([^"]+)"/g)!
            .every((f) => FORMATS.has(f.slice(10, -1))),
      ).toBe(true);
    });
  }
});
