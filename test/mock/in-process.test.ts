/**
 * The in-process host's `fetch`: it takes what `fetch` takes (a Request, a URL, an absolute or
 * relative string, with or without init), answers what no Request can be built from with a 400
 * Problem, and fails a dropped connection the way Node's fetch does.
 */
import { describe, expect, test } from "vitest";
import { createBillingMock } from "@hostup/billing-mock";
import { startBillingMock } from "@hostup/billing-mock/node";
import { pathOf, urlOf } from "../support/examples.ts";
import { validate } from "../support/spec.ts";

const RESEND = pathOf("resendInvoiceEmail");
const AUTH = { Authorization: "Bearer test-token" };

describe("createBillingMock().fetch", () => {
  test("a Request alone is answered as it is", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const answer = await mock.fetch(new Request(urlOf("resendInvoiceEmail"), { method: "POST", headers: AUTH }));
    expect(answer.status).toBe(200);
  });

  test("init applies to a Request, as fetch's does", async () => {
    const mock = createBillingMock({ rateLimit: false });
    // Without init this Request is a GET with no credentials.
    const answer = await mock.fetch(new Request(urlOf("resendInvoiceEmail")), { method: "POST", headers: AUTH });
    expect(answer.status).toBe(200);
  });

  test("a URL string without init is a GET", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const answer = await mock.fetch(urlOf("listInvoiceCcRecipients"));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ status: 401 });
  });

  test("a path without an origin is resolved against http://localhost", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const answer = await mock.fetch(RESEND, { method: "POST", headers: AUTH });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ email: "billing@example.com" });
  });

  test("what no Request can be built from gets a 400 Problem saying why", async () => {
    const mock = createBillingMock({ rateLimit: false });
    const answer = await mock.fetch(urlOf("resendInvoiceEmail"), { method: "GET", body: "x" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    const problem = await answer.json();
    expect(validate("#/components/schemas/Problem", problem)).toEqual([]);
    expect(problem.detail).toMatch(/^Not a valid request: ./);
    expect(mock.state.outbox).toEqual([]);
  });

  test("a dropped connection rejects with the error Node's fetch rejects with on a reset", async () => {
    const causeOf = (error: unknown) => {
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe("fetch failed");
      const { message, code, errno, syscall } = (error as TypeError).cause as NodeJS.ErrnoException;
      return { message, code, errno, syscall };
    };
    const init = { method: "POST", headers: { ...AUTH, Prefer: "fault=reset" } };
    const inProcess = await createBillingMock()
      .fetch(urlOf("resendInvoiceEmail"), init)
      .catch((e: unknown) => e);
    const server = await startBillingMock();
    try {
      const overHttp = await fetch(`${server.url}${RESEND}`, init).catch((e: unknown) => e);
      expect(causeOf(inProcess)).toEqual(causeOf(overHttp));
      expect(causeOf(inProcess)).toEqual({ message: "read ECONNRESET", code: "ECONNRESET", errno: -104, syscall: "read" });
    } finally {
      await server.close();
    }
  });
});
