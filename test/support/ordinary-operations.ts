/**
 * Ordinary operations the billing API may gain, added to a bundled spec with nothing else
 * changed, none of them with behaviour in the stateful mock: a filtered, paginated list (an
 * array query parameter in form style without explode, a `Link` header), a PDF download, and
 * an idempotent void (a required `Idempotency-Key` header, an optional JSON body, 204).
 */
import type { Oas3_1Definition } from "@redocly/openapi-core";

/** The PDF example's bytes, which a mock must answer as they are. */
export const PDF_EXAMPLE = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
export const LINK_EXAMPLE = '<https://cloud.hostup.se/api/v2/billing/invoices?cursor=c2&limit=2>; rel="next"';
export const INVOICE_LIST_EXAMPLE = {
  invoices: [
    { id: "inv_01hxa3b4c5d6e7f8g9h0j1k2m3", status: "paid" },
    { id: "inv_01hxa3b4c5d6e7f8g9h0j1k2m4", status: "unpaid" },
  ],
};

const invoiceId = { $ref: "#/components/parameters/InvoiceId" };
const problem = (status: string) => ({ $ref: `#/components/responses/${status}` });

export const ORDINARY_OPERATIONS = {
  "/api/v2/billing/invoices": {
    get: {
      operationId: "listInvoices",
      summary: "List invoices",
      description: "Invoices, newest first, filtered by status; the next page is linked.",
      tags: ["Invoices"],
      security: [{ BearerAuth: ["read:billing"] }],
      parameters: [
        {
          name: "status",
          in: "query",
          description: "Statuses to include.",
          style: "form",
          explode: false,
          schema: { type: "array", items: { type: "string", enum: ["paid", "unpaid", "cancelled"] } },
          example: ["paid", "unpaid"],
        },
        { name: "limit", in: "query", description: "Page size.", schema: { type: "integer", minimum: 1, maximum: 100 }, example: 2 },
      ],
      responses: {
        "200": {
          description: "A page of invoices.",
          headers: { Link: { description: "RFC 8288 link to the next page.", schema: { type: "string" }, example: LINK_EXAMPLE } },
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["invoices"],
                properties: {
                  invoices: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["id", "status"],
                      properties: { id: { type: "string" }, status: { type: "string" } },
                    },
                  },
                },
              },
              examples: { page: { value: INVOICE_LIST_EXAMPLE } },
            },
          },
        },
        "400": problem("BadRequest"),
        "401": problem("Unauthorized"),
      },
    },
  },
  "/api/v2/billing/invoices/{id}/pdf": {
    get: {
      operationId: "downloadInvoicePdf",
      summary: "Download an invoice as PDF",
      description: "The invoice's PDF.",
      tags: ["Invoices"],
      security: [{ BearerAuth: ["read:billing"] }],
      parameters: [invoiceId],
      responses: {
        "200": {
          description: "The PDF's bytes.",
          content: {
            "application/pdf": {
              schema: { type: "string", contentMediaType: "application/pdf" },
              examples: { minimal: { value: PDF_EXAMPLE } },
            },
          },
        },
        "401": problem("Unauthorized"),
      },
    },
  },
  "/api/v2/billing/invoices/{id}/actions/void": {
    post: {
      operationId: "voidInvoice",
      summary: "Void an invoice",
      description: "Voids the invoice; a repeat with the same key has no further effect.",
      tags: ["Invoices"],
      security: [{ BearerAuth: ["write:billing"] }],
      parameters: [
        invoiceId,
        {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description: "Made once per call.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
          example: "9f1c1c8e-0d44-4c53-9f0e-3a3b4c5d6e7f",
        },
      ],
      requestBody: {
        required: false,
        content: {
          "application/json": {
            schema: { type: "object", properties: { reason: { type: "string", maxLength: 255 } }, additionalProperties: false },
            example: { reason: "Issued twice." },
          },
        },
      },
      responses: {
        "204": { description: "Voided." },
        "400": problem("BadRequest"),
        "401": problem("Unauthorized"),
      },
    },
  },
};

/** `bundled` with the ordinary operations added; their 400 and 401 are the spec's shared responses. */
export function withOrdinaryOperations(bundled: Oas3_1Definition): Oas3_1Definition {
  const spec = structuredClone(bundled);
  Object.assign(spec.paths!, structuredClone(ORDINARY_OPERATIONS));
  return spec;
}
