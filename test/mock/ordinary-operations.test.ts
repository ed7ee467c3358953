/**
 * Operations added to the spec without behaviour in the stateful mock are served by both mocks
 * from their examples, after the same checks: a filtered, paginated list (an array query
 * parameter in form style without explode, a `Link` header), a PDF download answered byte for
 * byte, and an idempotent void (a required `Idempotency-Key`, an optional JSON body) answering
 * 204 with no body. Each mock runs as its own process on the spec with those operations added.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorCatalog } from "@hostup/billing-openapi";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { INVOICE_LIST_EXAMPLE, LINK_EXAMPLE, PDF_EXAMPLE, withOrdinaryOperations } from "../support/ordinary-operations.ts";
import { startMockOn, type MockKind, type MockOnSpec } from "../support/mock-on-spec.ts";

const { bundled } = await loadSpec();
const spec = withOrdinaryOperations(bundled);
const INVOICE = "inv_01hxa3b4c5d6e7f8g9h0j1k2m3";
const LIST = "/api/v2/billing/invoices";
const PDF = `/api/v2/billing/invoices/${INVOICE}/pdf`;
const VOID = `/api/v2/billing/invoices/${INVOICE}/actions/void`;
const TOKEN = { Authorization: "Bearer test-token" };

describe.each<MockKind>(["stateful", "prism"])("the %s mock, serving operations without behaviour", (kind) => {
  let mock: MockOnSpec;
  beforeAll(async () => {
    mock = await startMockOn(kind, spec);
  }, 60_000);
  afterAll(() => mock?.close());

  test("answers the list's example with its Link header, for an array query parameter in form style without explode", async () => {
    const answer = await fetch(`${mock.url}${LIST}?status=paid,unpaid&limit=2`, { headers: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json\b/);
    expect(answer.headers.get("link")).toBe(LINK_EXAMPLE);
    expect(await answer.json()).toEqual(INVOICE_LIST_EXAMPLE);
  });

  test("refuses a bad item of the array with 400 naming the parameter", async () => {
    const answer = await fetch(`${mock.url}${LIST}?status=paid,bogus`, { headers: TOKEN });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    const problem = await answer.json();
    expect(problem).toMatchObject({ status: 400, code: errorCatalog[400].code });
    expect(problem.detail).toContain("`status` (query)");
  });

  test("answers the PDF example byte for byte, as application/pdf", async () => {
    const answer = await fetch(`${mock.url}${PDF}`, { headers: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(Buffer.from(PDF_EXAMPLE, "utf8"));
  });

  test("answers the void 204 with no body and no Content-Type, with or without its optional body", async () => {
    for (const init of [
      { method: "POST", headers: { ...TOKEN, "Idempotency-Key": "key-1" } },
      {
        method: "POST",
        headers: { ...TOKEN, "Idempotency-Key": "key-1", "Content-Type": "application/json" },
        body: '{"reason":"Issued twice."}',
      },
    ]) {
      const answer = await fetch(`${mock.url}${VOID}`, init);
      expect(answer.status).toBe(204);
      expect(answer.headers.get("content-type")).toBeNull();
      expect((await answer.arrayBuffer()).byteLength).toBe(0);
    }
  });

  test("refuses the void without its required Idempotency-Key header, or with a body its schema refuses, with 400", async () => {
    const missing = await fetch(`${mock.url}${VOID}`, { method: "POST", headers: TOKEN });
    expect(missing.status).toBe(400);
    expect((await missing.json()).detail).toContain("`Idempotency-Key` (header) is required.");
    const refused = await fetch(`${mock.url}${VOID}`, {
      method: "POST",
      headers: { ...TOKEN, "Idempotency-Key": "key-1", "Content-Type": "application/json" },
      body: '{"reason":42}',
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual([
      { pointer: "/reason", code: "invalid_type", detail: "`reason` must be of type string." },
    ]);
  });

  test("still asks for credentials first", async () => {
    expect((await fetch(`${mock.url}${PDF}`)).status).toBe(401);
  });
});
