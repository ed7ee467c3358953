/**
 * Operations without behaviour answer from the spec: the project's own mock must have
 * behaviour for every operation, and a mock built without one (through the package's
 * internal Behaviour seam) answers its first success example after every check.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBillingMock } from "@hostup/billing-mock";
import { serverUrl } from "@hostup/billing-openapi";
import { mockOf } from "../../packages/billing-mock/src/in-process.ts";
import { createPipeline, operationHandlersOf, type Behaviour } from "../../packages/billing-mock/src/mock.ts";
import { startWith } from "../../packages/billing-mock/src/node.ts";
import type { RunningBillingMock } from "@hostup/billing-mock/node";
import { pathOf, responseExample } from "../support/examples.ts";
import { success, validate } from "../support/spec.ts";

const RESEND = `${serverUrl}${pathOf("resendInvoiceEmail")}`;
// What the project's mock answers from examples (nothing, unless an operation was just added to
// spec/ without behaviour: the first test then fails, and only that one, naming it).
const unhandled = createBillingMock().answeredFromExamples;
const withoutResend: Behaviour = (store, now) => {
  const { resendInvoiceEmail: _, ...others } = operationHandlersOf(store, now);
  return others;
};

test("every operation of the spec has behaviour in the stateful mock", () => {
  expect(unhandled, `give these operations behaviour in packages/billing-mock/src/operations.ts: ${unhandled.join(", ")}`).toEqual([]);
});

describe("an operation without behaviour", () => {
  const mock = mockOf(createPipeline({ rateLimit: { limit: 2, windowMs: 60_000 } }, withoutResend));

  test("is named in answeredFromExamples", () => {
    expect([...mock.answeredFromExamples].sort()).toEqual([...unhandled, "resendInvoiceEmail"].sort());
    // Built here as well, so a change to how the list is built is seen by this test.
    expect(mockOf(createPipeline({}, withoutResend)).answeredFromExamples).toContain("resendInvoiceEmail");
  });

  test("answers its first success example, marked X-Mock-Source: example, and changes no state", async () => {
    const answer = await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } });
    expect(answer.status).toBe(success("resendInvoiceEmail").status);
    expect(answer.headers.get("x-mock-source")).toBe("example");
    const body = await answer.json();
    expect(body).toEqual(responseExample("resendInvoiceEmail"));
    expect(validate(success("resendInvoiceEmail").schema, body)).toEqual([]);
    expect(mock.state.outbox).toEqual([]);
  });

  test("still checks credentials, scope, validation and the rate limit first", async () => {
    expect((await mock.fetch(RESEND, { method: "POST" })).status).toBe(401);
    expect((await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer read-only-token" } })).status).toBe(403);
    const badId = `${serverUrl}${pathOf("resendInvoiceEmail", { id: "42" })}`;
    expect((await mock.fetch(badId, { method: "POST", headers: { Authorization: "Bearer write-only-token" } })).status).toBe(400);
    // A limit of 2 a window: whatever test-token used before, its third call in this window is refused.
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } })).status);
    expect(statuses.at(-1)).toBe(429);
  });

  test("the other operations keep their behaviour", async () => {
    const list = await mock.fetch(`${serverUrl}${pathOf("listInvoiceCcRecipients")}`, {
      headers: { Cookie: "hostup_session=sess_abc123" },
    });
    expect(list.headers.get("x-mock-source")).toBeNull();
    expect((await list.json()).contacts.map((r: { email: string }) => r.email)).toEqual(mock.state.recipients.map((r) => r.email));
  });
});

describe("an operation without behaviour on the Node host", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startWith({ rateLimit: false }, withoutResend);
  });
  afterAll(() => server.close());

  test("says so, and lets a browser page read X-Mock-Source", async () => {
    expect([...server.answeredFromExamples].sort()).toEqual([...unhandled, "resendInvoiceEmail"].sort());
    const another = await startWith({}, withoutResend);
    await another.close();
    expect(another.answeredFromExamples).toContain("resendInvoiceEmail");
    const answer = await fetch(`${server.url}${pathOf("resendInvoiceEmail")}`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", Origin: "http://localhost:5173" },
    });
    expect(answer.headers.get("x-mock-source")).toBe("example");
    expect(answer.headers.get("access-control-expose-headers")?.toLowerCase().split(",")).toContain("x-mock-source");
  });
});
