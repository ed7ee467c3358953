/**
 * Custom answers: a queued scenario may carry a body (and headers) for a documented status,
 * held to that status's response schema in the spec. In code (`mock.scenarios.next`, typed
 * from the generated `operations`: see types.test-d.ts) and through the control API, whose
 * refusal points inside the body.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBillingMock, ScenarioError } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { errorCatalog, serverUrl } from "@hostup/billing-openapi";
import { pathOf, responseExample } from "../support/examples.ts";

const CONTACTS = pathOf("addInvoiceCcRecipient");
const RESEND = pathOf("resendInvoiceEmail");
const AUTH = { Authorization: "Bearer test-token" };
const CONTACT = { id: "7", email: "ap@example.com", description: null };

describe("custom answers in code (mock.scenarios.next)", () => {
  test("answer the body given for that status, with the headers given, marked as a scenario, and change nothing", async () => {
    const mock = createBillingMock();
    mock.scenarios.next("listInvoiceCcRecipients", { code: 200, body: { contacts: [CONTACT] }, headers: { "X-Trace": "abc" } });
    const billing = createBillingClient({ token: "test-token", fetch: mock.fetch });
    expect(await billing.listInvoiceCcRecipients()).toEqual({ contacts: [CONTACT] });
    const next = await mock.fetch(`${serverUrl}${CONTACTS}`, { headers: AUTH });
    // Played once: the mock's own list again.
    expect((await next.json()).contacts.map((c: { email: string }) => c.email)).toEqual(["finance@example.com"]);
    expect(mock.requests.list().map((r) => [r.status, r.answeredBy])).toEqual([
      [200, "scenario"],
      [200, "behaviour"],
    ]);
  });

  test("headers go out with the body; a 429's documented headers keep their example values unless given", async () => {
    const mock = createBillingMock();
    const body = { ...errorCatalog[429], status: 429, detail: "Slow down, custom." };
    mock.scenarios.next("resendInvoiceEmail", { code: 429, body, headers: { "Retry-After": "7", "X-Trace": "abc" } });
    const answer = await mock.fetch(`${serverUrl}${RESEND}`, { method: "POST", headers: AUTH });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.headers.get("x-mock-source")).toBe("scenario");
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.headers.get("x-trace")).toBe("abc");
    expect(answer.headers.get("x-ratelimit-limit")).not.toBeNull();
    expect(await answer.json()).toEqual(body);
  });

  test("an error body reaches the client as the Problem it is", async () => {
    const mock = createBillingMock();
    const problem = {
      ...errorCatalog[400],
      status: 400,
      detail: "Custom refusal.",
      errors: [{ pointer: "/email", code: "duplicate", detail: "Already there." }],
    };
    mock.scenarios.next("addInvoiceCcRecipient", { code: 400, body: problem });
    const billing = createBillingClient({ token: "test-token", fetch: mock.fetch });
    const error = await billing.addInvoiceCcRecipient({ email: "ap@example.com" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).detail).toBe("Custom refusal.");
    expect(mock.state.recipients).toHaveLength(1);
  });

  test("a body the spec does not allow is refused, its pointer inside the body", () => {
    const mock = createBillingMock();
    const refusal = (scenario: unknown) => {
      try {
        mock.scenarios.next("listInvoiceCcRecipients", scenario as never);
      } catch (error) {
        if (error instanceof ScenarioError) return error.pointer;
        throw error;
      }
      return "accepted";
    };
    expect(refusal({ code: 200, body: { contacts: [{ ...CONTACT, email: "not an address" }] } })).toBe("/body/contacts/0/email");
    expect(refusal({ code: 200, body: { contacts: [{ email: "ap@example.com", description: null }] } })).toBe("/body/contacts/0/id");
    expect(refusal({ code: 200, body: { contacts: [{ ...CONTACT, id: 7 }] } })).toBe("/body/contacts/0/id");
    expect(refusal({ code: 200, body: {} })).toBe("/body/contacts");
    expect(refusal({ code: 200, body: "contacts" })).toBe("/body");
    // A status the operation does not document, or none at all.
    expect(refusal({ code: 404, body: { contacts: [] } })).toBe("/code");
    expect(refusal({ body: { contacts: [] } })).toBe("/code");
    expect(refusal({ code: 503, body: { contacts: [] } })).toBe("/code");
    expect(refusal({ code: 200, example: "none", body: { contacts: [] } })).toBe("/example");
    expect(refusal({ code: 200, headers: { "Bad Name": "x" } })).toBe("/headers/Bad Name");
    expect(refusal({ code: 200, body: { contacts: [] } })).toBe("accepted");
  });
});

describe("custom answers through the control API", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startBillingMock({ port: 0, rateLimit: false });
  });
  afterAll(() => server.close());
  const queue = (scenario: unknown) =>
    fetch(`${server.url}/__mock/scenarios`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(scenario),
    });

  test("POST /__mock/scenarios with a body answers it on the next call", async () => {
    const body = { contacts: [CONTACT] };
    const queued = await queue({ operationId: "listInvoiceCcRecipients", code: 200, body, headers: { "X-Trace": "abc" } });
    expect(queued.status).toBe(201);
    expect(await queued.json()).toMatchObject({ operationId: "listInvoiceCcRecipients", code: 200, body, times: 1 });
    // The state answer says a body is queued without repeating it.
    const state = await (await fetch(`${server.url}/__mock/state`)).json();
    expect(state.scenarios.listInvoiceCcRecipients).toEqual([expect.objectContaining({ code: 200, body: true })]);
    const answer = await fetch(`${server.url}${CONTACTS}`, { headers: AUTH });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-trace")).toBe("abc");
    expect(await answer.json()).toEqual(body);
  });

  test("a body the spec would not allow is a 400 whose field error points inside the body", async () => {
    const refused = await queue({
      operationId: "listInvoiceCcRecipients",
      code: 200,
      body: { contacts: [{ ...CONTACT, email: "not an address" }] },
    });
    expect(refused.status).toBe(400);
    const problem = await refused.json();
    expect(problem).toMatchObject({ status: 400, code: errorCatalog[400].code });
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/body/contacts/0/email", code: "invalid_value" })]);
    // Nothing was queued: the list behaves.
    expect(await (await fetch(`${server.url}${CONTACTS}`, { headers: AUTH })).json()).toEqual({
      contacts: [{ id: "1", email: "finance@example.com", description: "Finance team" }],
    });
  });

  test("the example is what answers when no body is given", async () => {
    expect((await queue({ operationId: "listInvoiceCcRecipients", code: 200, example: "none" })).status).toBe(201);
    expect(await (await fetch(`${server.url}${CONTACTS}`, { headers: AUTH })).json()).toEqual(
      responseExample("listInvoiceCcRecipients", 200, "none"),
    );
  });
});
