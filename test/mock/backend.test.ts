/**
 * The openapi-backend both of the mock's documents run on: Ajv for JSON Schema 2020-12 with
 * formats, reporting every problem of a request at once rather than the first.
 */
import { expect, test } from "vitest";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { createBackend } from "../../packages/billing-mock/src/backend.ts";
import { pathOf } from "../support/examples.ts";

test("a request's validation names every problem, formats included", async () => {
  const api = await createBackend(structuredClone(spec) as unknown as Parameters<typeof createBackend>[0]);
  const result = api.validator.validateRequest(
    {
      method: "post",
      path: pathOf("addInvoiceCcRecipient"),
      headers: { "content-type": "application/json", authorization: "Bearer t" },
      body: { email: "nope", description: 5 },
    },
    "addInvoiceCcRecipient",
  );
  expect(result.errors?.map(({ instancePath, keyword }) => ({ instancePath, keyword }))).toEqual([
    { instancePath: "/requestBody/email", keyword: "format" },
    { instancePath: "/requestBody/description", keyword: "type" },
  ]);
});
