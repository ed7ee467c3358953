/** pnpm spec:breaking: one test per kind of break, the changes that must not count, and the CLI. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { breakingChanges, majorRaised, type BreakingChange } from "../../pipeline/breaking.ts";
import { runScript } from "../support/process.ts";
import { spec } from "../support/spec.ts";

type Json = Record<string, any>;
const RESEND = "/api/v2/billing/invoices/{id}/actions/resend-email";
const CONTACTS = "/api/v2/billing/payment-methods/contacts";
const base = () => structuredClone(spec) as Json;

/** The breaking changes `change` makes to the current bundled spec. */
function breaksOf(change: (doc: Json) => void): BreakingChange[] {
  const head = base();
  change(head);
  return breakingChanges(base(), head);
}
const rules = (changes: BreakingChange[]) => changes.map((c) => c.rule);

describe("spec:breaking rules", () => {
  test("finds nothing between identical specs", () => {
    expect(breaksOf(() => {})).toEqual([]);
  });

  test("a removed operation", () => {
    expect(rules(breaksOf((doc) => delete doc.paths[RESEND]))).toEqual(["operation-removed"]);
  });

  test("a changed operationId", () => {
    expect(rules(breaksOf((doc) => (doc.paths[RESEND].post.operationId = "resendEmail")))).toEqual(["operation-id-changed"]);
  });

  test("a removed response", () => {
    const changes = breaksOf((doc) => delete doc.paths[CONTACTS].post.responses["404"]);
    expect(changes).toEqual([{ rule: "response-removed", where: `POST ${CONTACTS}`, message: "response 404 was removed" }]);
  });

  test("a changed success status", () => {
    const changes = breaksOf((doc) => {
      const responses = doc.paths[CONTACTS].post.responses;
      responses["200"] = responses["201"];
      delete responses["201"];
    });
    expect(rules(changes)).toEqual(["success-status-changed"]);
    expect(changes[0]!.message).toBe("success status changed from 201 to 200");
  });

  test("a new required request field", () => {
    const changes = breaksOf((doc) => doc.components.schemas.AddInvoiceCcRecipientRequest.required.push("description"));
    expect(changes).toEqual([
      {
        rule: "request-field-required",
        where: `POST ${CONTACTS} body/description`,
        message: 'request field "description" is now required',
      },
    ]);
  });

  test("a new required parameter", () => {
    const changes = breaksOf(
      (doc) =>
        (doc.paths[CONTACTS].post.parameters = [{ name: "Idempotency-Key", in: "header", required: true, schema: { type: "string" } }]),
    );
    expect(rules(changes)).toEqual(["request-field-required"]);
  });

  test("a narrowed request type", () => {
    const changes = breaksOf((doc) => (doc.components.schemas.AddInvoiceCcRecipientRequest.properties.description.type = "integer"));
    expect(rules(changes)).toEqual(["request-type-narrowed"]);
  });

  test("a narrowed request enum and a tightened constraint", () => {
    const changes = breaksOf((doc) => {
      const description = doc.components.schemas.AddInvoiceCcRecipientRequest.properties.description;
      description.enum = ["Accounts payable"];
      description.maxLength = 100;
    });
    expect(rules(changes)).toEqual(["request-type-narrowed", "request-type-narrowed"]);
  });

  test("a changed path parameter pattern", () => {
    const changes = breaksOf((doc) => (doc.components.parameters.InvoiceId.schema.pattern = "^inv_[0-9a-z]{20}$"));
    expect(rules(changes)).toEqual(["request-type-narrowed"]);
  });

  test("a removed response field", () => {
    const changes = breaksOf((doc) => {
      const schema = doc.components.schemas.InvoiceEmailResend;
      delete schema.properties.email;
      schema.required = ["queuedAt"];
    });
    expect(changes).toEqual([
      { rule: "response-field-removed", where: `POST ${RESEND} response 200/email`, message: 'response field "email" was removed' },
    ]);
  });

  test("a newly optional response field", () => {
    const changes = breaksOf((doc) => (doc.components.schemas.InvoiceCcRecipient.required = ["id", "email"]));
    // InvoiceCcRecipient is the add's 201 body and the list's items: one finding each.
    expect(rules(changes)).toEqual(["response-field-optional", "response-field-optional"]);
  });

  test("a widened response type", () => {
    const changes = breaksOf((doc) => (doc.components.schemas.InvoiceEmailResend.properties.email.type = ["string", "null"]));
    expect(rules(changes)).toEqual(["response-type-widened"]);
  });

  test("a changed security requirement", () => {
    expect(rules(breaksOf((doc) => (doc.paths[RESEND].post.security = [{ BearerAuth: ["write:billing"] }])))).toEqual(["security-changed"]);
    expect(rules(breaksOf((doc) => doc.paths[RESEND].post.security[0].BearerAuth.push("admin")))).toEqual(["security-changed"]);
    expect(rules(breaksOf((doc) => (doc.components.securitySchemes.SessionCookie.name = "sid")))).toEqual(["security-changed"]);
  });

  test("does not count changes that keep clients working", () => {
    const changes = breaksOf((doc) => {
      doc.info.description = "Reworded.";
      doc.components.schemas.AddInvoiceCcRecipientRequest.properties.note = { type: "string" };
      doc.components.schemas.InvoiceCcRecipient.properties.createdAt = { type: "string" };
      doc.paths[CONTACTS].post.responses["409"] = doc.paths[CONTACTS].post.responses["400"];
      doc.paths[RESEND].post.security.push({ OAuth: ["write:billing"] });
      doc.components.schemas.AddInvoiceCcRecipientRequest.properties.description.type = ["string", "null"];
    });
    expect(changes).toEqual([]);
  });

  test("a raised major version marks the breaks as intended", () => {
    const head = base();
    head.info.version = "2.0.0";
    expect(majorRaised(base(), head)).toBe(true);
    head.info.version = "1.9.0";
    expect(majorRaised(base(), head)).toBe(false);
  });
});

describe("pnpm spec:breaking", () => {
  const dir = mkdtemp(join(tmpdir(), "spec-breaking-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  /** A base spec that had one more response than spec/ has now. */
  async function olderSpecWithA409(version: string) {
    const older = base();
    older.info.version = version;
    older.paths[CONTACTS].post.responses["409"] = older.paths[CONTACTS].post.responses["400"];
    const file = join(await dir, `base-${version}.json`);
    await writeFile(file, JSON.stringify(older));
    return file;
  }

  test("exits 1 and lists the break when spec/ drops a response", async () => {
    const result = await runScript("scripts/spec-breaking.ts", ["--base-file", await olderSpecWithA409("1.0.0")]);
    expect(result.stdout).toContain(`response-removed         POST ${CONTACTS}: response 409 was removed`);
    expect(result.stdout).toContain("raise info.version's major");
    expect(result.code).toBe(1);
  });

  test("exits 0 when the base's major is lower", async () => {
    const result = await runScript("scripts/spec-breaking.ts", ["--base-file", await olderSpecWithA409("0.9.0")]);
    expect(result.stdout).toContain("allowed: info.version's major was raised (0.9.0 → 1.1.0)");
    expect(result.code).toBe(0);
  });

  test("exits 0 against the committed bundle at HEAD when spec/ matches it", async () => {
    const result = await runScript("scripts/spec-breaking.ts", ["--base-file", "generated/openapi.json"]);
    expect(result.stdout).toContain("no breaking changes for clients");
    expect(result.code).toBe(0);
  });
});
