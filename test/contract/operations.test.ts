/**
 * Contract tests: the client against real mock processes, one suite for every target
 * (test/support/target.ts): Prism answering from examples, and the stateful mock behind
 * `prism proxy --errors`, so Prism confirms each of its answers; or BILLING_API_URL.
 * Every answer is checked against the spec's own schemas.
 *
 * What every implementation must do runs against every target. Picking an example with
 * `Prefer` runs against Prism only; the statuses only behaviour can produce (a missing
 * scope, an unknown invoice, a duplicate, a rate limit) run against the stateful mock.
 */
import { describe, expect, test } from "vitest";
import { errorCatalog, operationMetadata } from "@hostup/billing-openapi";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { apiTargets, preferring, type ApiTarget } from "../support/target.ts";
import {
  operation,
  operationIds,
  response,
  responses,
  validate,
  validateHeader,
  type OperationId,
  type ResponseSpec,
} from "../support/spec.ts";
import { invoiceId, pathOf, requestBodyExample, titleOf } from "../support/examples.ts";

const TOKEN = "test-token";
const SESSION = "sess_abc123";
type Status = keyof typeof errorCatalog;
const catalog = (status: number) => errorCatalog[String(status) as Status];
// What any operation can answer: a bad request, missing or insufficient credentials, a rate limit, a server fault.
const EVERY_OPERATION_ERRORS = [400, 401, 403, 429, 500];

/** A new address per call: a stateful target rejects an address it has seen. */
const freshEmail = () => `ap+${crypto.randomUUID().slice(0, 8)}@example.com`;

// The operations the client has methods for; the suite covers these.
type Covered = "resendInvoiceEmail" | "addInvoiceCcRecipient";
const calls: Record<Covered, (billing: ReturnType<typeof createBillingClient>) => Promise<unknown>> = {
  resendInvoiceEmail: (billing) => billing.resendInvoiceEmail(invoiceId),
  addInvoiceCcRecipient: (billing) =>
    billing.addInvoiceCcRecipient({ ...requestBodyExample("addInvoiceCcRecipient"), email: freshEmail() }),
};

/** The scopes the operation's bearer token needs, from its security requirement. */
function scopesOf(operationId: OperationId): string[] {
  return operation(operationId).security?.flatMap((requirement) => requirement.BearerAuth ?? []) ?? [];
}

/** Sends the operation's example request with raw fetch (a fresh address where the body has one). */
function send(target: ApiTarget, operationId: OperationId, headers: Record<string, string> = {}, id = invoiceId) {
  const { method, requestBody } = operationMetadata[operationId];
  const example = requestBody ? requestBodyExample(operationId) : undefined;
  const body = example && "email" in example ? { ...example, email: freshEmail() } : example;
  return fetch(`${target.url}${pathOf(operationId, { id })}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Checks status, media type, declared headers and the body against the response's schema. */
function expectConforms(response: Response, body: unknown, documented: ResponseSpec) {
  expect(response.status).toBe(documented.status);
  expect(response.headers.get("content-type")).toMatch(new RegExp(`^${documented.mediaType.replace("+", "\\+")}\\b`));
  for (const [name, header] of Object.entries(documented.headers)) {
    const value = response.headers.get(name);
    if (header.required) expect(value, `header ${name}`).not.toBeNull();
    if (value !== null) expect(validateHeader(header.schema, value), `header ${name}: ${value}`).toEqual([]);
  }
  expect(validate(documented.schema, body)).toEqual([]);
}

/** Checks a Problem answer end to end: status, media type, schema, and the catalog's code, title and type. */
async function expectProblem(answer: Response, operationId: OperationId, status: number) {
  const body = await answer.json();
  expectConforms(answer, body, response(operationId, status));
  expect(body).toMatchObject({ status, ...catalog(status) });
  return body;
}

for (const operationId of operationIds) {
  test(`${titleOf(operationId)} documents its error statuses with the catalog's Problem answers`, () => {
    const errors = responses(operationId).filter((r) => r.status >= 400);
    expect(errors.map((r) => r.status)).toEqual(expect.arrayContaining(EVERY_OPERATION_ERRORS));
    for (const error of errors) {
      expect(catalog(error.status), `${error.status} is in the error catalog`).toBeDefined();
      expect(error.mediaType).toBe("application/problem+json");
      for (const [name, example] of Object.entries(error.examples)) expect(example, name).toMatchObject(catalog(error.status));
    }
  });
}

// Prism's 429 asks for Retry-After: 30. Past maxDelayMs the client throws at once instead of
// sleeping, which keeps the suite fast and is itself part of the contract checked below.
const RETRY = { maxDelayMs: 1_000 };

for (const target of apiTargets()) {
  const client = (prefer?: string) =>
    createBillingClient({ baseUrl: target.url, token: TOKEN, retry: RETRY, ...(prefer ? { fetch: preferring(prefer) } : {}) });

  describe(`against ${target.name}`, () => {
    for (const operationId of Object.keys(calls) as Covered[]) {
      const documented = responses(operationId);
      const success = documented.find((r) => r.status < 300)!;

      describe(titleOf(operationId), () => {
        test(`answers ${success.status} with a body the client returns as typed data`, async () => {
          const data = await calls[operationId](client());
          expect(validate(success.schema, data)).toEqual([]);
          const raw = await send(target, operationId);
          expectConforms(raw, await raw.json(), success);
        });

        test("answers 401 problem+json when no credentials are sent", async () => {
          const error = await calls[operationId](createBillingClient({ baseUrl: target.url })).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ProblemError);
          expect((error as ProblemError).status).toBe(401);
          expect((error as ProblemError).code).toBe(errorCatalog[401].code);
        });

        test("accepts the hostup_session cookie instead of a bearer token", async () => {
          const data = await calls[operationId](createBillingClient({ baseUrl: target.url, session: SESSION }));
          expect(validate(success.schema, data)).toEqual([]);
        });

        if (target.kind === "examples") {
          for (const response of documented) {
            for (const example of Object.keys(response.examples)) {
              const prefer = `code=${response.status}, example=${example}`;

              test(`answers ${response.status} for Prefer: ${prefer}, conforming to the spec`, async () => {
                const raw = await send(target, operationId, { Prefer: prefer });
                const body = await raw.json();
                expectConforms(raw, body, response);
                expect(body).toEqual(response.examples[example]);
              });

              if (response.status >= 400) {
                test(`throws ProblemError ${response.status} ${catalog(response.status).code} for example ${example}`, async () => {
                  const error = await calls[operationId](client(prefer)).catch((e: unknown) => e);
                  expect(error).toBeInstanceOf(ProblemError);
                  const problem = error as ProblemError;
                  expect(problem.status).toBe(response.status);
                  expect(problem).toMatchObject(catalog(response.status));
                  expect(problem.problem?.status).toBe(response.status);
                  if (response.status === 429) {
                    expect(problem.headers.get("retry-after")).toMatch(/^\d+$/);
                    expect(problem.headers.get("x-ratelimit-remaining")).toBe("0");
                    expect(problem.retryAfter).toBe(Number(problem.headers.get("retry-after")));
                    expect(problem.rateLimit).toEqual({
                      limit: Number(problem.headers.get("x-ratelimit-limit")),
                      remaining: 0,
                      reset: new Date(problem.headers.get("x-ratelimit-reset")!),
                    });
                  }
                });

                if (response.status === 429 || response.status === 500) {
                  test(`sends one request only when the ${response.status} is not retried`, async () => {
                    const billing = client(prefer);
                    let attempts = 0;
                    billing.raw.use({ onRequest: () => void attempts++ });
                    await expect(calls[operationId](billing)).rejects.toBeInstanceOf(ProblemError);
                    expect(attempts).toBe(1);
                  });
                }
              }
            }
          }
        }

        if (target.kind === "stateful") {
          test("answers 401 problem+json for a token it does not know", async () => {
            await expectProblem(await send(target, operationId, { Authorization: "Bearer not-a-known-token" }), operationId, 401);
          });

          test(`answers 403 problem+json for a token without ${scopesOf(operationId).join(" ")}`, async () => {
            const response = await send(target, operationId, { Authorization: "Bearer read-only-token" });
            const body = await expectProblem(response, operationId, 403);
            for (const scope of scopesOf(operationId)) expect(body.detail).toContain(scope);
          });

          test("answers 429 problem+json with Retry-After and X-RateLimit-* once a token is over its limit", async () => {
            // rate-limited-token allows 2 requests a minute; the third at the latest is refused.
            let response = await send(target, operationId, { Authorization: "Bearer rate-limited-token" });
            for (let i = 0; i < 2 && response.status !== 429; i++) {
              response = await send(target, operationId, { Authorization: "Bearer rate-limited-token" });
            }
            await expectProblem(response, operationId, 429);
            expect(response.headers.get("x-ratelimit-limit")).toBe("2");
            expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
            expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
          });
        }
      });
    }

    if (target.kind === "stateful") {
      describe("behaviour only a stateful target shows", () => {
        test("answers 404 problem+json for an invoice it does not know", async () => {
          await expectProblem(await send(target, "resendInvoiceEmail", {}, "inv_0000000000000000000000unkn"), "resendInvoiceEmail", 404);
        });

        test("answers 400 problem+json with a duplicate field error for an address added twice in another case", async () => {
          const email = freshEmail();
          await client().addInvoiceCcRecipient({ email });
          const error = await client()
            .addInvoiceCcRecipient({ email: email.toUpperCase() })
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ProblemError);
          expect((error as ProblemError).status).toBe(400);
          expect((error as ProblemError).errors).toEqual([expect.objectContaining({ pointer: "/email", code: "duplicate" })]);
        });

        test("returns the address lower-cased and the description cut to 255 characters", async () => {
          const email = freshEmail();
          const created = await client().addInvoiceCcRecipient({ email: email.toUpperCase(), description: "d".repeat(300) });
          expect(created).toMatchObject({ email, description: "d".repeat(255) });
          expect(created.id).toMatch(/^\d+$/);
        });
      });
    }

    describe("request validation", () => {
      const contacts = () => `${target.url}${pathOf("addInvoiceCcRecipient")}`;
      const post = (url: string, body: string, contentType = "application/json") =>
        fetch(url, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": contentType }, body });

      test("answers 400 problem+json when email is not an email address", async () => {
        // Through `raw`: the client itself refuses such an address before sending it.
        const { response, error } = await client().raw.POST(operationMetadata.addInvoiceCcRecipient.path, {
          body: { email: "not-an-email" },
        });
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect((error as { code?: string }).code).toBe(errorCatalog[400].code);
      });

      test("answers 400 problem+json when email is missing", async () => {
        const response = await post(contacts(), JSON.stringify({ description: "no email" }));
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(validate("#/components/schemas/Problem", await response.json())).toEqual([]);
      });

      test("rejects a request body on resend with 400", async () => {
        const response = await post(`${target.url}${pathOf("resendInvoiceEmail")}`, JSON.stringify({ email: "x@example.com" }));
        expect(response.status).toBe(400);
        expect((await response.json()).code).toBe(errorCatalog[400].code);
      });

      test("rejects an id that does not match the pattern with 400", async () => {
        const response = await fetch(`${target.url}${pathOf("resendInvoiceEmail", { id: "42" })}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        expect(response.status).toBe(400);
      });

      test("answers malformed JSON with 400 problem+json and keeps serving", async () => {
        const response = await post(contacts(), '{"email":');
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        const body = await response.json();
        expect(body.code).toBe(errorCatalog[400].code);
        expect(validate("#/components/schemas/Problem", body)).toEqual([]);
        await expect(client().resendInvoiceEmail(invoiceId)).resolves.toHaveProperty("queuedAt");
      });
    });
  });
}
