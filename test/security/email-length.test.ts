/**
 * Email addresses are at most 254 characters, 64 in the local part and 63 per domain label
 * (the project's decision, in the spec). Every `format: email` of the spec carries the 254 as
 * `maxLength`; the stateful mock refuses all three over its limits, in requests and in
 * fixtures; Prism's front checks request bodies with the stateful mock's own validation, so
 * it refuses them alike.
 */
import { describe, expect, inject, test } from "vitest";
import { createBillingMock, FixtureError } from "@hostup/billing-mock";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { EMAIL_LABEL_MAX, EMAIL_LOCAL_PART_MAX, EMAIL_MAX } from "../../packages/billing-mock/src/formats.ts";
import { hosts } from "../support/mock-hosts.ts";
import { pathOf } from "../support/examples.ts";

const CONTACTS = pathOf("addInvoiceCcRecipient");
const HEADERS = { Authorization: "Bearer test-token", "Content-Type": "application/json" };

const letters = (n: number, letter = "a") => letter.repeat(n);
/** A valid address of `61 + domainEnd` characters: a 64-character local part and labels of 63, 63 and `domainEnd`. */
const addressEnding = (domainEnd: number) =>
  `${letters(EMAIL_LOCAL_PART_MAX)}@${[letters(EMAIL_LABEL_MAX, "b"), letters(EMAIL_LABEL_MAX, "c"), letters(domainEnd, "d")].join(".")}`;

const longest = addressEnding(61);
const tooLong = addressEnding(62);

/** Every schema of the bundled spec with `format: email`, wherever it is. */
function emailSchemas(node: unknown, at = "#"): [string, Record<string, unknown>][] {
  if (Array.isArray(node)) return node.flatMap((item, index) => emailSchemas(item, `${at}/${index}`));
  if (!node || typeof node !== "object") return [];
  const own: [string, Record<string, unknown>][] =
    (node as Record<string, unknown>).format === "email" ? [[at, node as Record<string, unknown>]] : [];
  return [...own, ...Object.entries(node).flatMap(([key, value]) => emailSchemas(value, `${at}/${key}`))];
}

describe("the spec", () => {
  test("every email-format string, request or response, has maxLength 254", () => {
    const schemas = emailSchemas(spec);
    expect(schemas.length).toBeGreaterThanOrEqual(3);
    for (const [at, schema] of schemas) expect({ at, maxLength: schema.maxLength }).toEqual({ at, maxLength: EMAIL_MAX });
  });
});

test("the test's addresses are what they claim", () => {
  expect(longest).toHaveLength(EMAIL_MAX);
  expect(tooLong).toHaveLength(EMAIL_MAX + 1);
});

describe.each(hosts)("the stateful mock, $name", (kind) => {
  const cases: [string, boolean, string][] = [
    [`${EMAIL_MAX} characters`, true, longest],
    [`${EMAIL_MAX + 1} characters`, false, tooLong],
    [`a ${EMAIL_LOCAL_PART_MAX}-character local part`, true, `${letters(EMAIL_LOCAL_PART_MAX)}@example.com`],
    [`a ${EMAIL_LOCAL_PART_MAX + 1}-character local part`, false, `${letters(EMAIL_LOCAL_PART_MAX + 1)}@example.com`],
    [`a ${EMAIL_LABEL_MAX}-character domain label`, true, `ap@${letters(EMAIL_LABEL_MAX)}.example.com`],
    [`a ${EMAIL_LABEL_MAX + 1}-character domain label`, false, `ap@${letters(EMAIL_LABEL_MAX + 1)}.example.com`],
    [`a ${EMAIL_LABEL_MAX + 1}-character top-level label`, false, `ap@example.${letters(EMAIL_LABEL_MAX + 1)}`],
    ["a 65,000-character domain label", false, `ap@${letters(65_000)}`],
  ];

  test.each(cases)("an address of %s: accepted %s", async (_, accepted, email) => {
    const host = await kind.start({ rateLimit: false });
    try {
      const started = performance.now();
      const answer = await host.fetch(CONTACTS, { method: "POST", headers: HEADERS, body: JSON.stringify({ email }) });
      const body = await answer.json();
      if (accepted) {
        expect(answer.status).toBe(201);
        expect(body.email).toBe(email.toLowerCase());
      } else {
        expect(answer.status).toBe(400);
        expect(body.code).toBe("invalid_request");
        expect(body.errors.length).toBeGreaterThan(0);
        for (const error of body.errors) expect(error.pointer).toBe("/email");
        expect(host.state.recipients.map((r) => r.email)).not.toContain(email.toLowerCase());
      }
      // Generous: the check counts before any pattern runs.
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await host.close();
    }
  });
});

describe("fixtures are held to the same limits", () => {
  const refused = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(FixtureError);
      return (error as FixtureError).problems;
    }
    throw new Error("expected a FixtureError");
  };

  test("a CC recipient over 254 characters, or with a 65-character local part, is refused", () => {
    expect(refused(() => createBillingMock({ fixtures: { recipients: [{ email: tooLong }] } }))).toEqual([
      expect.stringMatching(/^\/recipients\/0\/email .*254/),
      expect.stringMatching(/^\/recipients\/0\/email .*"email"/),
    ]);
    expect(refused(() => createBillingMock({ fixtures: { recipients: [{ email: `${letters(65)}@example.com` }] } }))).toEqual([
      expect.stringMatching(/^\/recipients\/0\/email .*"email"/),
    ]);
  });

  test("an invoice's primary recipient with a 64-character label is refused", () => {
    const id = "inv_01hxa3b4c5d6e7f8g9h0j1k2m3";
    expect(refused(() => createBillingMock({ fixtures: { invoices: [{ id, email: `billing@${letters(64)}.com` }] } }))).toEqual([
      expect.stringMatching(/^\/invoices\/0\/email .*"email"/),
    ]);
  });

  test("the longest valid addresses are accepted", () => {
    const mock = createBillingMock({ fixtures: { recipients: [{ email: longest }] } });
    expect(mock.state.recipients.map((r) => r.email)).toEqual([longest]);
  });
});

describe("Prism (pnpm mock), through the stateful mock's validation in its front", () => {
  const post = (email: string) =>
    fetch(`${inject("prismUrl")}${CONTACTS}`, { method: "POST", headers: HEADERS, body: JSON.stringify({ email }) });

  test(`accepts an address of ${EMAIL_MAX} characters`, async () => {
    expect((await post(longest)).status).toBe(201);
  });

  test(`answers 400 invalid_request with a field error at /email for ${EMAIL_MAX + 1} characters, a 65,000-character label or a ${EMAIL_LOCAL_PART_MAX + 1}-character local part`, async () => {
    for (const email of [tooLong, `ap@${letters(65_000)}`, `${letters(EMAIL_LOCAL_PART_MAX + 1)}@example.com`]) {
      const answer = await post(email);
      expect(answer.status).toBe(400);
      const body = await answer.json();
      expect(body.code).toBe("invalid_request");
      expect(body.errors).toContainEqual(expect.objectContaining({ pointer: "/email" }));
    }
  });
});
