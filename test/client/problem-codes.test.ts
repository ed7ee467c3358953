/**
 * An error narrowed to one operation: `isProblem` (the `/problems` subpath) gives a ProblemError
 * whose `code` is the union of the codes that operation's Problem examples list and whose field
 * errors' pointers name its request body's properties. The type checks run under `pnpm typecheck`.
 */
import { describe, expect, expectTypeOf, test } from "vitest";
import { operationModel } from "@hostup/billing-openapi";
import { createBillingClient, NetworkError, ProblemError, type ProblemCodes } from "@hostup/billing-client";
import { isProblem } from "@hostup/billing-client/problems";
import { observedFetch } from "../support/observed-fetch.ts";
import { responseExample } from "../support/examples.ts";

const rejected = (status: number, body: unknown) =>
  createBillingClient({
    token: "tok",
    fetch: observedFetch(() => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json" } }))
      .fetch,
    retry: false,
  })
    .addInvoiceCcRecipient({ email: "ap@example.com" })
    .catch((error: unknown) => error);

/** Every `code` of the operation's error examples in spec order: the oracle, read from the model rather than the renderer. */
function documentedCodes(operationId: string): string[] {
  const responses = operationModel.operations[operationId]!.responses.filter(({ status }) => /^[45]/.test(status));
  const codes = responses.flatMap(({ contents }) =>
    contents.flatMap((c) => Object.values(c.examples).map((e) => (e as { code?: string }).code)),
  );
  return [...new Set(codes.filter((code): code is string => typeof code === "string"))];
}

describe("isProblem(error, operationId)", () => {
  test("narrows the API's answer to a call of that operation and nothing else", async () => {
    const duplicate = responseExample("addInvoiceCcRecipient", 400, "duplicateEmail");
    const error = await rejected(400, duplicate);
    expect(isProblem(error, "addInvoiceCcRecipient")).toBe(true);
    expect(isProblem(error, "removeInvoiceCcRecipient")).toBe(false);
    expect(isProblem(new NetworkError("addInvoiceCcRecipient", new TypeError("x")), "addInvoiceCcRecipient")).toBe(false);
    expect(isProblem({ operation: "addInvoiceCcRecipient", code: "invalid_request" }, "addInvoiceCcRecipient")).toBe(false);
    if (!isProblem(error, "addInvoiceCcRecipient")) throw new Error("not narrowed");
    expect(error.code).toBe("invalid_request");
    expect(error.errors.map((e) => e.pointer)).toEqual(["/email"]);
  });

  test("keeps a code the spec does not list as it was sent: the union types what is documented, not a filter", async () => {
    const error = await rejected(409, { code: "conflict_not_documented" });
    expect(isProblem(error, "addInvoiceCcRecipient")).toBe(true);
    expect((error as ProblemError).code).toBe("conflict_not_documented");
  });

  test("each operation's code union is exactly the codes its error examples list", () => {
    // A value of the generated type per operation: the compiler refuses a code outside the union,
    // and the runtime comparison refuses a documented code the union left out.
    const listed: { [K in keyof ProblemCodes]: ProblemCodes[K][] } = {
      resendInvoiceEmail: ["invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "internal_error"],
      listInvoiceCcRecipients: ["invalid_request", "unauthorized", "forbidden", "rate_limited", "internal_error"],
      addInvoiceCcRecipient: ["invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "internal_error"],
      removeInvoiceCcRecipient: ["invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited", "internal_error"],
    };
    expect(Object.keys(listed)).toEqual(Object.keys(operationModel.operations));
    for (const [operationId, codes] of Object.entries(listed)) expect(codes, operationId).toEqual(documentedCodes(operationId));
  });

  test("an untyped ProblemError still takes any code (instanceof narrows to ProblemError<string>)", async () => {
    const error = await rejected(400, responseExample("addInvoiceCcRecipient", 400, "missingEmail"));
    if (!(error instanceof ProblemError)) throw new Error("not a ProblemError");
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.errors[0]!.pointer).toEqualTypeOf<string>();
    expect(error.code).toBe("invalid_request");
  });
});

// Checked by `pnpm typecheck` only: the narrowed types.
{
  type Add = ProblemError<"addInvoiceCcRecipient">;
  expectTypeOf<Add["code"]>().toEqualTypeOf<
    "invalid_request" | "unauthorized" | "forbidden" | "not_found" | "rate_limited" | "internal_error" | undefined
  >();
  expectTypeOf<Add["errors"][number]["pointer"]>().toEqualTypeOf<"" | "/email" | "/description">();
  expectTypeOf<Add["operation"]>().toEqualTypeOf<"addInvoiceCcRecipient">();
  // The list operation documents no 404, so its union has no not_found.
  // @ts-expect-error -- listInvoiceCcRecipients lists no `not_found`
  const notListed: ProblemError<"listInvoiceCcRecipients">["code"] = "not_found";
  void notListed;
  // An operation without a request body names no pointers: any string.
  expectTypeOf<ProblemError<"resendInvoiceEmail">["errors"][number]["pointer"]>().toEqualTypeOf<string>();

  /** What a form shows for each code: the switch must name every documented code, and `undefined`. */
  const messageFor = (error: unknown): string => {
    if (!isProblem(error, "listInvoiceCcRecipients")) return "unexpected";
    switch (error.code) {
      case "invalid_request":
      case "unauthorized":
      case "forbidden":
      case "rate_limited":
      case "internal_error":
      case undefined:
        return error.code ?? "unknown";
      default: {
        // Compiles only while every code of the union has a case: a new code in the spec breaks it.
        const unhandled: never = error.code;
        return unhandled;
      }
    }
  };
  void messageFor;
}
