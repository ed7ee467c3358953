/**
 * The Node host's control API under /__mock/: driven over HTTP, as an end-to-end test in
 * another process drives `pnpm mock:stateful`; refusals name the field; described by its
 * own OpenAPI document, which it serves.
 */
import { errorCatalog } from "@hostup/billing-openapi";
import { readFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { root } from "../../pipeline/paths.ts";
import { pathOf, requestBodyExample, responseExample } from "../support/examples.ts";
import { scriptServer } from "../support/process.ts";
import { expectPreflightAllowsAuthorization, preflight } from "../support/cors.ts";

const RESEND = pathOf("resendInvoiceEmail");
const CONTACTS = pathOf("addInvoiceCcRecipient");
const AUTH = { Authorization: "Bearer test-token" };
const JSON_BODY = { "Content-Type": "application/json" };

function control(base: string) {
  return {
    queue: (scenario: unknown) => fetch(`${base}/__mock/scenarios`, { method: "POST", headers: JSON_BODY, body: JSON.stringify(scenario) }),
    // State-changing control requests say they are JSON, which a browser sends cross-origin only after a preflight.
    clear: () => fetch(`${base}/__mock/scenarios`, { method: "DELETE", headers: JSON_BODY }),
    reset: () => fetch(`${base}/__mock/reset`, { method: "POST", headers: JSON_BODY }),
    state: async () => (await fetch(`${base}/__mock/state`)).json(),
    resend: () => fetch(`${base}${RESEND}`, { method: "POST", headers: AUTH }),
  };
}

describe("the control API of startBillingMock", () => {
  let server: RunningBillingMock;
  let api: ReturnType<typeof control>;
  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false });
    api = control(server.url);
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  test("POST /__mock/scenarios queues a scenario for the next `times` calls, then the operation behaves", async () => {
    const queued = await api.queue({ operationId: "resendInvoiceEmail", code: 503, times: 2 });
    expect(queued.status).toBe(201);
    expect(await queued.json()).toMatchObject({ operationId: "resendInvoiceEmail", code: 503, times: 2 });
    expect((await api.resend()).status).toBe(503);
    expect((await api.resend()).status).toBe(503);
    expect((await api.resend()).status).toBe(200);
  });

  test("scenario words mean what they mean in Prefer: a named example, a fault", async () => {
    await api.queue({ operationId: "resendInvoiceEmail", code: 404, example: "notFound" });
    const notFound = await api.resend();
    expect(await notFound.json()).toEqual(responseExample("resendInvoiceEmail", 404, "notFound"));
    await api.queue({ operationId: "resendInvoiceEmail", fault: "reset" });
    await expect(api.resend()).rejects.toThrow("fetch failed");
  });

  test("answers 201 with the scenario as queued, its defaults filled in: the status's first example, no delay, one call", async () => {
    const queued = await api.queue({ operationId: "resendInvoiceEmail", code: 400 });
    expect(queued.status).toBe(201);
    expect(queued.headers.get("content-type")).toBe("application/json");
    expect(await queued.json()).toEqual({ operationId: "resendInvoiceEmail", code: 400, example: "bodyNotAllowed", delay: 0, times: 1 });
    const state = await fetch(`${server.url}/__mock/state`);
    expect(state.headers.get("content-type")).toBe("application/json");
    expect((await state.json()).scenarios).toEqual({ resendInvoiceEmail: [{ code: 400, example: "bodyNotAllowed", delay: 0, times: 1 }] });
    expect(await (await api.resend()).json()).toEqual(responseExample("resendInvoiceEmail", 400, "bodyNotAllowed"));
    // Played out, the operation leaves the state's scenarios.
    expect((await api.state()).scenarios).toEqual({});
  });

  test("GET /__mock/state shows invoices, recipients, outbox and queued scenarios; POST /__mock/reset restores the fixtures", async () => {
    await fetch(`${server.url}${CONTACTS}`, {
      method: "POST",
      headers: { ...AUTH, ...JSON_BODY },
      body: JSON.stringify(requestBodyExample("addInvoiceCcRecipient")),
    });
    await api.resend();
    await api.queue({ operationId: "listInvoiceCcRecipients", delay: 10, times: 3 });
    const state = await api.state();
    expect(state.invoices).toEqual(server.state.invoices);
    expect(state.recipients).toHaveLength(2);
    expect(state.outbox).toEqual([
      expect.objectContaining({ invoiceId: expect.any(String), cc: state.recipients.map((r: { email: string }) => r.email) }),
    ]);
    expect(state.scenarios).toEqual({ listInvoiceCcRecipients: [{ delay: 10, times: 3 }] });

    expect((await api.reset()).status).toBe(204);
    const after = await api.state();
    expect(after.recipients).toHaveLength(1);
    expect(after.outbox).toEqual([]);
    expect(after.scenarios).toEqual({});
  });

  test("DELETE /__mock/scenarios drops every queued scenario", async () => {
    await api.queue({ operationId: "resendInvoiceEmail", code: 500, times: 5 });
    expect((await api.clear()).status).toBe(204);
    expect((await api.resend()).status).toBe(200);
  });

  const refusals: [string, unknown, string][] = [
    ["an unknown operation", { operationId: "chargeCard" }, "/operationId"],
    ["a missing operationId", { code: 500 }, "/operationId"],
    ["a status the operation does not document, not a 5xx", { operationId: "resendInvoiceEmail", code: 418 }, "/code"],
    ["an example the status does not have", { operationId: "resendInvoiceEmail", code: 404, example: "nope" }, "/example"],
    ["a delay over the maximum", { operationId: "resendInvoiceEmail", delay: 30_001 }, "/delay"],
    ["another fault", { operationId: "resendInvoiceEmail", fault: "timeout" }, "/fault"],
    ["times 0", { operationId: "resendInvoiceEmail", times: 0 }, "/times"],
    ["an unknown member", { operationId: "resendInvoiceEmail", status: 500 }, "/status"],
  ];
  for (const [name, body, pointer] of refusals) {
    test(`refuses ${name} with a 400 Problem naming the field`, async () => {
      const answer = await api.queue(body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      const problem = await answer.json();
      expect(problem.code).toBe(errorCatalog[400].code);
      expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer })]));
    });
  }

  test("a refusal by the scenario vocabulary says what the spec allows", async () => {
    const answer = await api.queue({ operationId: "resendInvoiceEmail", code: 400, example: "nope" });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      status: 400,
      code: errorCatalog[400].code,
      detail: "The request body failed validation.",
      errors: [
        {
          pointer: "/example",
          code: "invalid_value",
          detail: 'resendInvoiceEmail has no example "nope" for status 400; it has "bodyNotAllowed", "invalidInvoiceId".',
        },
      ],
    });
    expect((await api.state()).scenarios).toEqual({});
  });

  test("refuses a body that is not JSON, and answers 404 and 405 as Problems", async () => {
    const notJson = await fetch(`${server.url}/__mock/scenarios`, { method: "POST", headers: JSON_BODY, body: "{" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      title: "Malformed JSON",
      detail: expect.stringMatching(/^The request body is not valid JSON: /),
    });
    const nothing = await fetch(`${server.url}/__mock/nothing`);
    expect(nothing.status).toBe(404);
    expect(nothing.headers.get("content-type")).toBe("application/problem+json");
    expect(await nothing.json()).toMatchObject({
      status: 404,
      detail: "The control API has no /__mock/nothing; see /__mock/openapi.json.",
    });
    const wrongMethod = await fetch(`${server.url}/__mock/state`, { method: "DELETE", headers: JSON_BODY });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    const twoMethods = await fetch(`${server.url}/__mock/scenarios`, { method: "PUT", headers: JSON_BODY });
    expect(twoMethods.status).toBe(405);
    expect(twoMethods.headers.get("allow")).toBe("POST, DELETE");
    expect(await twoMethods.json()).toMatchObject({
      status: 405,
      detail: "PUT is not allowed here; use POST, DELETE.",
    });
  });

  test("serves its OpenAPI document at /__mock/openapi.json, the one shipped with the package", async () => {
    const served = await (await fetch(`${server.url}/__mock/openapi.json`)).json();
    const shipped = parse(await readFile(`${root}/packages/billing-mock/control-api/openapi.yaml`, "utf8"));
    expect(served).toEqual(shipped);
    const answer = await fetch(`${server.url}/__mock/openapi.json`, { headers: { Origin: "http://localhost:5173" } });
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-request-id")).toMatch(/\S/);
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(Object.keys(served.paths).every((path) => path.startsWith("/__mock/"))).toBe(true);
  });

  test("answers CORS like the billing operations, so a browser test runner can call it", async () => {
    const allowed = await expectPreflightAllowsAuthorization(
      `${server.url}/__mock/scenarios`,
      "http://localhost:5173",
      "authorization, content-type",
    );
    expect(allowed.headers.get("access-control-allow-methods")).toContain("POST");
    const deletion = await preflight(`${server.url}/__mock/scenarios`, "http://localhost:5173", "DELETE");
    expect(deletion.headers.get("access-control-allow-methods")).toBe("DELETE");
    const state = await fetch(`${server.url}/__mock/state`, { headers: { Origin: "http://localhost:5173" } });
    expect(state.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    // Answers without a body carry them too, with the request id.
    for (const [method, path] of [
      ["POST", "/__mock/reset"],
      ["DELETE", "/__mock/scenarios"],
    ] as const) {
      const empty = await fetch(`${server.url}${path}`, { method, headers: { Origin: "http://localhost:5173", ...JSON_BODY } });
      expect(empty.status).toBe(204);
      expect(empty.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
      expect(empty.headers.get("x-request-id")).toMatch(/\S/);
    }
  });
});

describe("pnpm mock:stateful driven from another process", () => {
  const script = scriptServer("scripts/mock-stateful.ts", /at (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*try it:\n(?:.*curl [^\n]+\n){4}/, {
    MOCK_PORT: "0",
    MOCK_RATE_LIMIT: "off",
  });

  test("says at start which operations answer from examples (or that every one has behaviour), and where the control API is", () => {
    expect(script.output()).toMatch(
      /every operation of the spec \(\d+\) has behaviour|no behaviour yet, answering their first success example/,
    );
    expect(script.output()).toContain(`${script.url}/__mock/`);
  });

  test("queues a scenario, reads the state and resets over HTTP", async () => {
    const api = control(script.url);
    expect((await api.queue({ operationId: "resendInvoiceEmail", code: 500 })).status).toBe(201);
    expect((await api.resend()).status).toBe(500);
    expect((await api.resend()).status).toBe(200);
    expect((await api.state()).outbox).toHaveLength(1);
    expect((await api.reset()).status).toBe(204);
    expect((await api.state()).outbox).toEqual([]);
  });
});
