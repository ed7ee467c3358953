/**
 * A contract case through a client package's method for its operation: the request's
 * parameters and body as the method's arguments (cases.ts clientArguments), its credentials
 * and other headers (Prefer, Accept) as the request has them, and the outcome compared by
 * the answer's kind: JSON validated and equal to the example, text as a string, a Blob as
 * the example's bytes, a 204 as undefined, an error as a ProblemError. It takes the package,
 * so HostUp's client and one generated for another spec are driven alike.
 */
import { expect } from "vitest";
import type * as BillingClient from "@hostup/billing-client";
import { expectedBody, type ReadBody } from "../support/media-kinds.ts";
import type { SpecValidator } from "../support/spec-validator.ts";
import type { ApiTarget } from "../support/target.ts";
import { clientArguments, statusMatches, type ContractCase, type ContractRequest } from "./cases.ts";
import { answersExample } from "./check-answer.ts";

export type ClientPackage = Pick<typeof BillingClient, "createBillingClient" | "ProblemError">;
type Catalog = Record<string, { code: string; title: string; type: string } | undefined>;

// Prism's 429 asks for Retry-After: 30. Past maxDelayMs the client throws at once instead of
// sleeping, which keeps the suite fast and is itself part of the contract checked below.
export const RETRY = { maxDelayMs: 1_000 };

type ClientMethod = (...args: unknown[]) => Promise<unknown>;

export interface ClientOutcome {
  data?: unknown;
  error?: unknown;
  /** Requests the client sent, retries included. */
  attempts: number;
  /** Calls of the method. */
  calls: number;
}

export function throughClient({ createBillingClient, ProblemError }: ClientPackage, validator: SpecValidator, catalog: Catalog) {
  /** The client's method for an operation: each operationId is one. */
  function methodOf(billing: object, operationId: string): ClientMethod | undefined {
    const method = (billing as Record<string, unknown>)[operationId];
    return typeof method === "function" ? (method.bind(billing) as ClientMethod) : undefined;
  }

  /** A client sending the request's credentials, each under its scheme, and its other headers (Prefer, Accept) as the request has them. */
  function clientFor(target: ApiTarget, request: ContractRequest, onRequest?: () => void) {
    return createBillingClient({
      baseUrl: target.url,
      credentials: Object.fromEntries(request.credentials.map((c) => [c.scheme, c.value])),
      retry: RETRY,
      onRequest,
      fetch: (input, init) => {
        const sent = new Request(input, init);
        for (const [name, value] of Object.entries(request.headers)) sent.headers.set(name, value);
        return fetch(sent);
      },
    });
  }

  /** The client's data read back as the answer's kind is compared: JSON as it is, text as a string, a Blob as bytes, nothing as no bytes. */
  async function clientBody(contract: ContractCase, data: unknown): Promise<ReadBody> {
    const kind = contract.answer?.kind ?? "none";
    if (kind === "json" || kind === "problem") return { kind: "json", value: data };
    if (kind === "text") return { kind: "text", value: data as string };
    if (kind === "none") {
      expect(data).toBeUndefined();
      return expectedBody("none", undefined);
    }
    expect(data).toBeInstanceOf(Blob);
    return { kind: "bytes", value: new Uint8Array(await (data as Blob).arrayBuffer()) };
  }

  return {
    hasMethod: (operationId: string) => methodOf(createBillingClient(), operationId) !== undefined,

    /** Calls the operation's method as often as the request is sent; the last outcome counts. */
    async call(target: ApiTarget, contract: ContractCase, request: ContractRequest): Promise<ClientOutcome> {
      let attempts = 0;
      const billing = clientFor(target, request, () => void attempts++);
      let outcome: { data?: unknown; error?: unknown } = {};
      let calls = 0;
      for (; calls < request.sends;) {
        calls++;
        outcome = await methodOf(billing, contract.operation.operationId)!(...clientArguments(contract.operation, request)).then(
          (data) => ({ data }),
          (error: unknown) => ({ error }),
        );
        if (outcome.error instanceof ProblemError && outcome.error.status === 429) break;
      }
      return { ...outcome, attempts, calls };
    },

    /** The method's outcome as the case's answer must come out of the client. */
    async expectOutcome(contract: ContractCase, outcome: ClientOutcome) {
      const { response, answer, operation, code } = contract;
      // A `default` answer of an operation documenting no success is one too: its code is 200.
      if (code >= 200 && code < 300) {
        expect(outcome.error).toBeUndefined();
        const body = await clientBody(contract, outcome.data);
        if (body.kind === "json") {
          expect(validator.validate(validator.schemaOf(operation, response.status, answer!.mediaType), body.value)).toEqual([]);
        }
        if (answer && answersExample(contract)) expect(body).toEqual(expectedBody(answer.kind, answer.examples[contract.example!]));
        return;
      }
      expect(outcome.error).toBeInstanceOf(ProblemError);
      const problem = outcome.error as InstanceType<typeof ProblemError>;
      expect(statusMatches(response.status, problem.status)).toBe(true);
      expect(problem).toMatchObject(catalog[String(code)] ?? {});
      expect(problem.problem?.status).toBe(problem.status);
      // Neither a rate limit asking for longer than maxDelayMs nor a server fault is retried.
      if (code === 429 || code === 500) expect(outcome.attempts).toBe(outcome.calls);
      if (code === 429) {
        expect(problem.headers.get("retry-after")).toMatch(/^\d+$/);
        expect(problem.headers.get("x-ratelimit-remaining")).toBe("0");
        expect(problem.retryAfter).toBe(Number(problem.headers.get("retry-after")));
        expect(problem.rateLimit).toEqual({
          limit: Number(problem.headers.get("x-ratelimit-limit")),
          remaining: 0,
          reset: new Date(problem.headers.get("x-ratelimit-reset")!),
        });
      }
    },

    /** The operation's method called with `credentials` (by security scheme name) instead of a bearer token. */
    withCredentials(
      target: ApiTarget,
      credentials: Record<string, string>,
      contract: ContractCase,
      request: ContractRequest,
    ): Promise<unknown> {
      const billing = createBillingClient({ baseUrl: target.url, credentials });
      return methodOf(billing, contract.operation.operationId)!(...clientArguments(contract.operation, request));
    },
  };
}
