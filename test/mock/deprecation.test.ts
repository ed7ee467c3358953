/**
 * A deprecated operation announces itself on every answer of both mock servers: `Deprecation`
 * (RFC 9745, `@` and Unix seconds; `@0` as the spec gives no date) and, with an `x-sunset`,
 * `Sunset` (RFC 8594, an HTTP-date), readable by a page through CORS. Each mock runs as its
 * own process on a spec built here (spec/ deprecates nothing): the list operation deprecated
 * with a sunset date, the resend one without.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { deprecateOperation } from "../support/deprecated-spec.ts";
import { pathOf } from "../support/examples.ts";
import { startMockOn, type MockKind, type MockOnSpec } from "../support/mock-on-spec.ts";

const { bundled } = await loadSpec();
const spec = deprecateOperation(deprecateOperation(bundled, "listInvoiceCcRecipients", "2027-06-30"), "resendInvoiceEmail");
// An illustration the spec gives, which the mocks must not answer in place of the real value.
(spec.components!.headers!.Deprecation as { example: string }).example = "@1767225600";
const SUNSET = "Wed, 30 Jun 2027 00:00:00 GMT";
const LIST = pathOf("listInvoiceCcRecipients");
const RESEND = pathOf("resendInvoiceEmail");
const ADD = pathOf("addInvoiceCcRecipient");
const TOKEN = { Authorization: "Bearer test-token" };

describe.each<MockKind>(["stateful", "prism"])("the %s mock, serving a spec with deprecated operations", (kind) => {
  let mock: MockOnSpec;
  beforeAll(async () => {
    mock = await startMockOn(kind, spec);
  }, 60_000);
  afterAll(() => mock?.close());

  test("answers a deprecated operation with Deprecation: @0 and its sunset date as an HTTP-date", async () => {
    const answer = await fetch(`${mock.url}${LIST}`, { headers: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("deprecation")).toBe("@0");
    expect(answer.headers.get("sunset")).toBe(SUNSET);
    expect(new Date(answer.headers.get("sunset")!).toISOString()).toBe("2027-06-30T00:00:00.000Z");
  });

  test("announces it on a refusal too, and on an answer taken from the spec's examples", async () => {
    const refused = await fetch(`${mock.url}${LIST}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("deprecation")).toBe("@0");
    expect(refused.headers.get("sunset")).toBe(SUNSET);
    const example = await fetch(`${mock.url}${LIST}`, { headers: { ...TOKEN, Prefer: "code=200" } });
    expect(example.status).toBe(200);
    expect(example.headers.get("deprecation")).toBe("@0");
  });

  test("sends no Sunset for a deprecated operation without a date, and neither header for one not deprecated", async () => {
    const resend = await fetch(`${mock.url}${RESEND}`, { method: "POST", headers: TOKEN });
    expect(resend.status).toBe(200);
    expect(resend.headers.get("deprecation")).toBe("@0");
    expect(resend.headers.has("sunset")).toBe(false);
    // The same path as the list, another method: not deprecated.
    const add = await fetch(`${mock.url}${ADD}`, {
      method: "POST",
      headers: { ...TOKEN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "ap@example.com" }),
    });
    expect(add.status).toBe(201);
    expect(add.headers.has("deprecation")).toBe(false);
    expect(add.headers.has("sunset")).toBe(false);
  });

  test("exposes both headers to a page on another origin", async () => {
    const answer = await fetch(`${mock.url}${LIST}`, { headers: { ...TOKEN, Origin: "http://localhost:5173" } });
    const exposed = (answer.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(["deprecation", "sunset"]));
    expect(answer.headers.get("deprecation")).toBe("@0");
  });
});
