/**
 * Contract tests: real mock processes, one suite for every target (test/support/target.ts):
 * Prism answering from examples, and the stateful mock behind `prism proxy --errors`, so
 * Prism confirms each of its answers; or BILLING_API_URL. Every answer is checked against
 * the spec by the kind of its content (check-answer.ts).
 *
 * The cases come from the operation model (cases.ts): every operation × documented status ×
 * request and response media type, and on Prism every named example, over the wire with
 * fetch (each parameter's example in its style) and through the client's method for the
 * operation. An operation the stateful mock has no behaviour for is checked against the
 * spec's examples, never failed for the missing behaviour, and listed after the run with the
 * coverage matrix (operations × statuses).
 */
import { afterAll, describe, expect, test } from "vitest";
import { errorCatalog, operationMetadata, operationModel, type ModelOperation } from "@hostup/billing-openapi";
import { createBillingClient, ProblemError } from "@hostup/billing-client";
import { createRawClient } from "@hostup/billing-client/raw";
import { apiTargets } from "../support/target.ts";
import { resolved, validate } from "../support/spec.ts";
import { specValidator } from "../support/spec-validator.ts";
import { invoiceId, pathOf } from "../support/examples.ts";
import { expectAnswer } from "./check-answer.ts";
import { RETRY, throughClient } from "./through-client.ts";
import { caseTitle, contractCases, freshEmail, send, TOKEN, withToken, type ContractCase, type Provoked } from "./cases.ts";

const SESSION = "sess_abc123";
/** The security scheme a session travels by: the spec's API key in a cookie. */
const SESSION_SCHEME = Object.entries(operationModel.securitySchemes).find(([, scheme]) => scheme.in === "cookie")![0];
type Status = keyof typeof errorCatalog;
const catalog = (status: number) => errorCatalog[String(status) as Status];
// What any operation can answer: a rate limit, a server fault, and where it asks for credentials, missing or insufficient ones.
// A 400 is not among them: an operation with nothing a caller can get wrong (a download by its id) need not document one.
const expectedErrors = (operation: ModelOperation) => [...(operation.security.length > 0 ? ["401", "403"] : []), "429", "500"];

const operations = Object.values(operationModel.operations);
const validator = specValidator(resolved);
const LETTER: Record<Provoked, string> = { prefer: "P", behaviour: "B", example: "E", scenario: "S" };

/** `METHOD /path/{template}` after the operationId, as the tests' describe blocks name an operation. */
const titleOf = (operation: ModelOperation) => `${operation.operationId} (${operation.method} ${operation.path})`;

/** What ran: `operationId status` → the letters of the ways it was provoked, `!` after one that failed. */
const coverage = new Map<string, Map<string, boolean>>();
/** The operations that some target answered from the spec's examples. */
const fromExamples = new Set<string>();
function plan(contract: ContractCase): () => void {
  const key = `${contract.operation.operationId} ${contract.response.status}`;
  const cell = coverage.get(key) ?? new Map<string, boolean>();
  coverage.set(key, cell);
  const letter = LETTER[contract.provoked];
  if (!cell.has(letter)) cell.set(letter, true);
  return () => void cell.set(letter, false);
}

const client = throughClient({ createBillingClient, ProblemError }, validator, errorCatalog);
const hasClientMethod = client.hasMethod;

for (const operation of operations) {
  test(`${titleOf(operation)} documents its error statuses with the catalog's Problem answers`, () => {
    const errors = operation.responses.filter((r) => /^[45]\d\d$/.test(r.status));
    expect(errors.map((r) => r.status)).toEqual(expect.arrayContaining(expectedErrors(operation)));
    for (const error of errors) {
      expect(catalog(Number(error.status)), `${error.status} is in the error catalog`).toBeDefined();
      expect(error.contents.map((c) => c.kind)).toEqual(["problem"]);
      for (const [name, example] of Object.entries(error.contents[0]!.examples)) {
        expect(example, name).toMatchObject(catalog(Number(error.status))!);
      }
    }
  });
}

test("the client has a method for every operation of the spec", () => {
  expect(operations.map((o) => o.operationId).filter((operationId) => !hasClientMethod(operationId))).toEqual([]);
});

for (const target of apiTargets()) {
  const billing = () => createBillingClient({ baseUrl: target.url, token: TOKEN, retry: RETRY });
  const cases = contractCases(operationModel, target);

  describe(`against ${target.name}`, () => {
    for (const contract of cases) {
      const { operation, response, requestContent } = contract;
      const { operationId } = operation;
      if (contract.provoked === "example") fromExamples.add(operationId);

      describe(titleOf(operation), () => {
        const failed = plan(contract);
        test(`answers ${caseTitle(contract)}, conforming to the spec`, async () => {
          try {
            const request = await contract.request(target);
            await expectAnswer(contract, await send(target, operation, request), validator, target);
          } catch (error) {
            failed();
            throw error;
          }
        });

        const outcome = /^2/.test(response.status)
          ? contract.answer
            ? `as ${contract.answer.kind} data`
            : "as undefined"
          : "as a ProblemError";
        // A client without the method fails the test above; its calls run once it has one. It sends the first request media type only.
        const reachable = hasClientMethod(operationId) && (!requestContent || requestContent === operation.body?.contents[0]);
        test.skipIf(!reachable)(`the client's ${operationId}() gives ${caseTitle(contract)} ${outcome}`, async (context) => {
          const request = await contract.request(target);
          // The client refuses invalid input before sending it (test/client covers that).
          if (!request.clientCanSend) return context.skip("the request is one the client refuses to send");
          try {
            await client.expectOutcome(contract, await client.call(target, contract, request));
          } catch (error) {
            failed();
            throw error;
          }
        });
      });
    }

    for (const operation of operations.filter((o) => hasClientMethod(o.operationId))) {
      const success = operation.responses.find((r) => /^2/.test(r.status))!;
      test(`${titleOf(operation)} accepts the hostup_session cookie instead of a bearer token`, async () => {
        const [contract] = cases.filter((c) => c.operation === operation && c.response === success);
        const request = await contract!.request(target);
        const data = await client.withCredentials(target, { [SESSION_SCHEME]: SESSION }, contract!, request);
        const content = success.contents[0];
        if (content?.kind === "json")
          expect(validator.validate(validator.schemaOf(operation, success.status, content.mediaType), data)).toEqual([]);
        // An answer without a body (a 204) gives the caller nothing; any other gives it the decoded body.
        else if (success.kind === "none") expect(data).toBeUndefined();
        else expect(data).toBeDefined();
      });
    }

    if (target.kind === "stateful") {
      describe("behaviour only a stateful target shows", () => {
        for (const operation of operations) {
          test(`${titleOf(operation)} answers 401 problem+json for a token it does not know`, async () => {
            const [contract] = cases.filter((c) => c.operation === operation && c.response.status === "401");
            // A request with credentials (the success's), the token swapped for one no fixture has.
            const [success] = cases.filter((c) => c.operation === operation && /^2/.test(c.response.status));
            const request = withToken(await success!.request(target), "not-a-known-token");
            const answer = await send(target, operation, { ...request, headers: (await contract!.request(target)).headers });
            await expectAnswer(contract!, answer, validator, target);
          });
        }

        test("answers 400 problem+json with a duplicate field error for an address added twice in another case", async () => {
          const email = freshEmail();
          await billing().addInvoiceCcRecipient({ email });
          const error = await billing()
            .addInvoiceCcRecipient({ email: email.toUpperCase() })
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ProblemError);
          expect((error as ProblemError).status).toBe(400);
          expect((error as ProblemError).errors).toEqual([expect.objectContaining({ pointer: "/email", code: "duplicate" })]);
        });

        test("returns the address lower-cased and the description cut to 255 characters", async () => {
          const email = freshEmail();
          const created = await billing().addInvoiceCcRecipient({ email: email.toUpperCase(), description: "d".repeat(300) });
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
        await expect(billing().resendInvoiceEmail(invoiceId)).resolves.toHaveProperty("queuedAt");
      });
    });
  });
}

test("every operation × status × media type the model documents has a contract test against each target", () => {
  const targets = apiTargets().filter((target) => target.kind !== "server");
  const missing = operations.flatMap((operation) =>
    operation.responses
      .filter((r) => {
        const letters = [...(coverage.get(`${operation.operationId} ${r.status}`)?.keys() ?? [])];
        // Prism covers every pair by Prefer; the stateful mock by behaviour, examples or scenario.
        return targets.some((target) => !letters.some((letter) => (target.kind === "examples" ? letter === "P" : letter !== "P")));
      })
      .map((r) => `${operation.operationId} ${r.status}`),
  );
  expect(missing).toEqual([]);
});

afterAll(() => {
  const statuses = [...new Set(operations.flatMap((o) => o.responses.map((r) => r.status)))].sort();
  const width = Math.max(...operations.map((o) => o.operationId.length));
  const cellOf = (operation: ModelOperation, status: string) => {
    const cell = coverage.get(`${operation.operationId} ${status}`);
    if (!cell) return operation.responses.some((r) => r.status === status) ? "MISSING" : "·";
    return [...cell].map(([letter, ok]) => (ok ? letter : `${letter}!`)).join(" ");
  };
  const rows = operations.map((o) => `${o.operationId.padEnd(width)}  ${statuses.map((status) => cellOf(o, status).padEnd(7)).join(" ")}`);
  console.log(
    [
      "Contract coverage (P: Prism by Prefer, B: stateful mock by behaviour, E: stateful mock from the spec's examples, S: stateful mock by scenario, !: failed, ·: not documented)",
      `${"".padEnd(width)}  ${statuses.map((status) => status.padEnd(7)).join(" ")}`,
      ...rows,
      `Answered from the spec's examples (no behaviour in the stateful mock): ${[...fromExamples].join(", ") || "none"}`,
    ].join("\n"),
  );
});
