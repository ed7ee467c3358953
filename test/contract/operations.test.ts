/**
 * Contract tests: real mock processes, one suite for every target (test/support/target.ts):
 * Prism answering from examples, and the stateful mock behind `prism proxy --errors`, so
 * Prism confirms each of its answers; or BILLING_API_URL. Every answer is checked against
 * the spec's own schemas.
 *
 * The cases come from the spec (cases.ts): every operation, documented status and named
 * example, over the wire with fetch and through the client's method for the operation. A
 * test fails when the spec documents an (operation, status) no case covers, and the suite
 * prints the coverage as an operations × statuses matrix.
 */
import { afterAll, describe, expect, test } from "vitest";
import { errorCatalog, operationMetadata } from "@hostup/billing-openapi";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { createRawClient } from "@hostup/billing-client/raw";
import { apiTargets, type ApiTarget } from "../support/target.ts";
import { operationIds, response, responses, validate, validateHeader, type OperationId, type ResponseSpec } from "../support/spec.ts";
import { invoiceId, pathOf, titleOf } from "../support/examples.ts";
import {
  clientArguments,
  contractCases,
  documentedPairs,
  freshEmail,
  send,
  TOKEN,
  type ContractCase,
  type ContractRequest,
  type Provoked,
} from "./cases.ts";

const SESSION = "sess_abc123";
type Status = keyof typeof errorCatalog;
const catalog = (status: number) => errorCatalog[String(status) as Status];
// What any operation can answer: a bad request, missing or insufficient credentials, a rate limit, a server fault.
const EVERY_OPERATION_ERRORS = [400, 401, 403, 429, 500];
// Prism's 429 asks for Retry-After: 30. Past maxDelayMs the client throws at once instead of
// sleeping, which keeps the suite fast and is itself part of the contract checked below.
const RETRY = { maxDelayMs: 1_000 };

const HOW: Record<Provoked, string> = { prefer: "Prefer", behaviour: "behaviour", scenario: "scenario (Prefer)" };
const LETTER: Record<Provoked, string> = { prefer: "P", behaviour: "B", scenario: "S" };

/** What ran: `operationId status` → the letters of the ways it was provoked, `!` after one that failed. */
const coverage = new Map<string, Map<string, boolean>>();
function plan(operationId: OperationId, status: number, letter: string): () => void {
  const key = `${operationId} ${status}`;
  const cell = coverage.get(key) ?? new Map<string, boolean>();
  coverage.set(key, cell);
  if (!cell.has(letter)) cell.set(letter, true);
  return () => void cell.set(letter, false);
}

/** An operation without behaviour answered a behaviour case from its examples: its cell says E, not B. */
function answeredFromExamples(operationId: OperationId, status: number): void {
  const cell = coverage.get(`${operationId} ${status}`);
  if (!cell?.has("B")) return;
  const ok = cell.get("B")!;
  cell.delete("B");
  cell.set("E", ok);
}

type ClientMethod = (...args: unknown[]) => Promise<unknown>;
/** The client's method for an operation: each operationId is one, taking path parameters, then the body, then options. */
function methodOf(billing: ReturnType<typeof createBillingClient>, operationId: OperationId): ClientMethod | undefined {
  const method = (billing as unknown as Record<string, unknown>)[operationId];
  return typeof method === "function" ? (method.bind(billing) as ClientMethod) : undefined;
}
const hasClientMethod = (operationId: OperationId) => methodOf(createBillingClient(), operationId) !== undefined;

/** The body of an answer: parsed JSON, or undefined when it has none. */
async function bodyOf(answer: Response): Promise<unknown> {
  const text = await answer.text();
  return text === "" ? undefined : JSON.parse(text);
}

/** Checks status, media type, declared headers and the body against the documented response. */
function expectConforms(answer: Response, body: unknown, documented: ResponseSpec) {
  expect(answer.status).toBe(documented.status);
  if (documented.mediaType) {
    expect(answer.headers.get("content-type")).toMatch(new RegExp(`^${documented.mediaType.replace("+", "\\+")}\\b`));
  }
  for (const [name, header] of Object.entries(documented.headers)) {
    const value = answer.headers.get(name);
    if (header.required) expect(value, `header ${name}`).not.toBeNull();
    if (value !== null) expect(validateHeader(header.schema, value), `header ${name}: ${value}`).toEqual([]);
  }
  expect(validate(documented.schema, body)).toEqual([]);
  if (documented.status >= 400 && catalog(documented.status))
    expect(body).toMatchObject({ status: documented.status, ...catalog(documented.status) });
}

/** A client sending the request's credentials and other headers (such as Prefer) the way the request has them. */
function clientFor(target: ApiTarget, request: ContractRequest, onRequest?: () => void) {
  const { Authorization, ...others } = request.headers;
  const token = Authorization?.replace(/^Bearer /, "");
  return createBillingClient({
    baseUrl: target.url,
    ...(token ? { token } : {}),
    retry: RETRY,
    onRequest,
    fetch: (input, init) => {
      const sent = new Request(input, init);
      for (const [name, value] of Object.entries(others)) sent.headers.set(name, value);
      return fetch(sent);
    },
  });
}

/** Calls the operation's client method as often as the request is sent; the last outcome counts. */
async function callThroughClient(target: ApiTarget, contract: ContractCase, request: ContractRequest) {
  let attempts = 0;
  const billing = clientFor(target, request, () => void attempts++);
  let outcome: { data?: unknown; error?: unknown } = {};
  let calls = 0;
  for (; calls < request.sends;) {
    calls++;
    outcome = await methodOf(billing, contract.operationId)!(...clientArguments(contract.operationId, request)).then(
      (data) => ({ data }),
      (error: unknown) => ({ error }),
    );
    if (outcome.error instanceof ProblemError && outcome.error.status === 429) break;
  }
  return { ...outcome, attempts, calls };
}

function expectClientOutcome(contract: ContractCase, outcome: Awaited<ReturnType<typeof callThroughClient>>) {
  const { status, schema, examples } = contract.documented;
  if (status < 300) {
    expect(outcome.error).toBeUndefined();
    expect(validate(schema, outcome.data)).toEqual([]);
    if (contract.provoked === "prefer" && contract.example) expect(outcome.data).toEqual(examples[contract.example]);
    return;
  }
  expect(outcome.error).toBeInstanceOf(ProblemError);
  const problem = outcome.error as ProblemError;
  expect(problem.status).toBe(status);
  expect(problem).toMatchObject(catalog(status));
  expect(problem.problem?.status).toBe(status);
  // Neither a rate limit asking for longer than maxDelayMs nor a server fault is retried.
  if (status === 429 || status === 500) expect(outcome.attempts).toBe(outcome.calls);
  if (status === 429) {
    expect(problem.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(problem.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(problem.retryAfter).toBe(Number(problem.headers.get("retry-after")));
    expect(problem.rateLimit).toEqual({
      limit: Number(problem.headers.get("x-ratelimit-limit")),
      remaining: 0,
      reset: new Date(problem.headers.get("x-ratelimit-reset")!),
    });
  }
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

test("the client has a method for every operation of the spec", () => {
  expect(operationIds.filter((operationId) => !hasClientMethod(operationId))).toEqual([]);
});

for (const target of apiTargets()) {
  const client = () => createBillingClient({ baseUrl: target.url, token: TOKEN, retry: RETRY });

  describe(`against ${target.name}`, () => {
    for (const contract of contractCases(target)) {
      const { operationId, documented, example, provoked } = contract;
      const letter = `${LETTER[provoked]}`;
      const what = `${documented.status}${example ? ` (${example})` : ""} by ${HOW[provoked]}`;

      describe(titleOf(operationId), () => {
        const failed = plan(operationId, documented.status, letter);
        test(`answers ${what}, conforming to the spec`, async () => {
          try {
            const request = await contract.request(target);
            const answer = await send(target, operationId, request);
            if (provoked === "behaviour" && answer.headers.get("x-mock-source") === "example")
              answeredFromExamples(operationId, documented.status);
            const body = await bodyOf(answer);
            expectConforms(answer, body, documented);
            if (provoked === "prefer" && example) expect(body).toEqual(documented.examples[example]);
          } catch (error) {
            failed();
            throw error;
          }
        });

        const clientLabel = `the client's ${operationId}() gives ${what} as ${documented.status < 300 ? "typed data" : "a ProblemError"}`;
        // A client without the method fails the test above; its calls run once it has one.
        test.skipIf(!hasClientMethod(operationId))(clientLabel, async (context) => {
          const request = await contract.request(target);
          // The client refuses invalid input before sending it (test/client covers that).
          if (!request.clientCanSend) return context.skip("the request is one the client refuses to send");
          try {
            expectClientOutcome(contract, await callThroughClient(target, contract, request));
          } catch (error) {
            failed();
            throw error;
          }
        });
      });
    }

    for (const operationId of operationIds.filter(hasClientMethod)) {
      const success = responses(operationId).find((r) => r.status < 300)!;
      test(`${titleOf(operationId)} accepts the hostup_session cookie instead of a bearer token`, async () => {
        const [contract] = contractCases(target).filter((c) => c.operationId === operationId && c.documented.status === success.status);
        const request = await contract!.request(target);
        const billing = createBillingClient({ baseUrl: target.url, credentials: { SessionCookie: SESSION } });
        const data = await methodOf(billing, operationId)!(...clientArguments(operationId, request));
        expect(validate(success.schema, data)).toEqual([]);
      });
    }

    if (target.kind === "stateful") {
      describe("behaviour only a stateful target shows", () => {
        for (const operationId of operationIds) {
          test(`${titleOf(operationId)} answers 401 problem+json for a token it does not know`, async () => {
            const [contract] = contractCases(target).filter((c) => c.operationId === operationId && c.documented.status === 401);
            const request = await contract!.request(target);
            const answer = await send(target, operationId, { ...request, headers: { Authorization: "Bearer not-a-known-token" } });
            expectConforms(answer, await bodyOf(answer), response(operationId, 401));
          });
        }

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
        // Through the raw client: the client itself refuses such an address before sending it.
        const { response, error } = await createRawClient({ baseUrl: target.url, token: TOKEN }).POST(
          operationMetadata.addInvoiceCcRecipient.path,
          {
            body: { email: "not-an-email" },
          },
        );
        expect(response.status).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect((error as { code?: string }).code).toBe(errorCatalog[400].code);
      });

      test("rejects a request body on resend with 400", async () => {
        const answer = await post(`${target.url}${pathOf("resendInvoiceEmail")}`, JSON.stringify({ email: "x@example.com" }));
        expect(answer.status).toBe(400);
        expect((await answer.json()).code).toBe(errorCatalog[400].code);
      });

      test("answers malformed JSON with 400 problem+json and keeps serving", async () => {
        const answer = await post(contacts(), '{"email":');
        expect(answer.status).toBe(400);
        expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        const body = await answer.json();
        expect(body.code).toBe(errorCatalog[400].code);
        expect(validate("#/components/schemas/Problem", body)).toEqual([]);
        await expect(client().resendInvoiceEmail(invoiceId)).resolves.toHaveProperty("queuedAt");
      });
    });
  });
}

test("every (operation, status) the spec documents has a contract test against each target", () => {
  const targets = apiTargets().filter((target) => target.kind !== "server");
  const missing = documentedPairs().filter(([operationId, status]) => {
    const cell = coverage.get(`${operationId} ${status}`);
    // Prism covers every pair by Prefer; the stateful mock by behaviour or by scenario.
    const letters = [...(cell?.keys() ?? [])];
    return targets.some((target) => !letters.some((letter) => (target.kind === "examples" ? letter === "P" : letter !== "P")));
  });
  expect(missing.map(([operationId, status]) => `${operationId} ${status}`)).toEqual([]);
});

afterAll(() => {
  const statuses = [...new Set(documentedPairs().map(([, status]) => status))].sort();
  const width = Math.max(...operationIds.map((id) => id.length));
  const cellOf = (operationId: OperationId, status: number) => {
    const cell = coverage.get(`${operationId} ${status}`);
    if (!cell) return documentedPairs().some(([o, s]) => o === operationId && s === status) ? "MISSING" : "·";
    return [...cell].map(([letter, ok]) => (ok ? letter : `${letter}!`)).join(" ");
  };
  const rows = operationIds.map((id) => `${id.padEnd(width)}  ${statuses.map((status) => cellOf(id, status).padEnd(7)).join(" ")}`);
  console.log(
    [
      "Contract coverage (P: Prism by Prefer, B: stateful mock by behaviour, E: stateful mock from its examples (no behaviour yet), S: stateful mock by scenario, !: failed, ·: not documented)",
      `${"".padEnd(width)}  ${statuses.map((status) => String(status).padEnd(7)).join(" ")}`,
      ...rows,
    ].join("\n"),
  );
});
