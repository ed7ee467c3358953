/**
 * Behaviour (a handler of operations.ts) receives the request as the spec types it: path,
 * query, header and cookie parameters read in their styles and coerced to their schemas' types,
 * and the body parsed by its media type. The mock is built in process on the spec with the
 * ordinary operations added (test/support/ordinary-operations.ts), through the package's
 * Behaviour seam, with handlers that record what they receive.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { loadSpec, dereference } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";
import { withOrdinaryOperations } from "../support/ordinary-operations.ts";

const INVOICE = "inv_01hxa3b4c5d6e7f8g9h0j1k2m3";
const TOKEN = { Authorization: "Bearer test-token" };
const received: Record<string, unknown> = {};

type MockModule = typeof import("../../packages/billing-mock/src/in-process.ts");
type PipelineModule = typeof import("../../packages/billing-mock/src/mock.ts");
let mock: ReturnType<MockModule["mockOf"]>;

beforeAll(async () => {
  const { bundled } = await loadSpec();
  const spec = withOrdinaryOperations(bundled);
  const model = operationModel(await dereference(spec));
  // A fresh module graph whose routes read the edited spec's model.
  vi.resetModules();
  vi.doMock("@hostup/billing-openapi/openapi.json", () => ({ default: spec }));
  vi.doMock("@hostup/billing-openapi", async (original) => ({ ...(await original<object>()), operationModel: model }));
  const { mockOf } = (await import("../../packages/billing-mock/src/in-process.ts")) as MockModule;
  const { createPipeline } = (await import("../../packages/billing-mock/src/mock.ts")) as PipelineModule;
  const record = (operationId: string, status: number, body: unknown) => (input: unknown) => {
    received[operationId] = input;
    return { status, body };
  };
  mock = mockOf(
    // These operations are not in the repository's generated types: the handlers are typed loosely on purpose.
    createPipeline({ rateLimit: false }, (() => ({
      listInvoices: record("listInvoices", 200, { invoices: [] }),
      voidInvoice: record("voidInvoice", 204, undefined),
    })) as never),
  );
});

afterAll(() => {
  vi.doUnmock("@hostup/billing-openapi/openapi.json");
  vi.doUnmock("@hostup/billing-openapi");
  vi.resetModules();
});

describe("a handler's input", () => {
  test("holds the query's array in its style and its integer as a number", async () => {
    const answer = await mock.fetch(`https://cloud.hostup.se/api/v2/billing/invoices?status=paid,cancelled&limit=20`, { headers: TOKEN });
    expect(answer.status).toBe(200);
    expect(received.listInvoices).toMatchObject({ query: { status: ["paid", "cancelled"], limit: 20 }, params: {}, body: undefined });
  });

  test("holds the path parameter decoded, the header by its lower-case name, and the JSON body parsed", async () => {
    const answer = await mock.fetch(`https://cloud.hostup.se/api/v2/billing/invoices/${INVOICE}/actions/void`, {
      method: "POST",
      headers: { ...TOKEN, "Idempotency-Key": "key-1", "Content-Type": "application/json" },
      body: '{"reason":"Issued twice."}',
    });
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe("");
    expect(received.voidInvoice).toMatchObject({
      params: { id: INVOICE },
      headers: { "idempotency-key": "key-1" },
      body: { reason: "Issued twice." },
    });
  });

  test("lists the operations without a handler as answered from examples", () => {
    expect([...mock.answeredFromExamples]).toContain("downloadInvoicePdf");
    expect([...mock.answeredFromExamples]).not.toContain("listInvoices");
  });
});
