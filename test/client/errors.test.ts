/** How the client turns non-2xx answers and broken bodies into typed errors. */
import { describe, expect, test } from "vitest";
import { errorCatalog } from "@hostup/billing-openapi";
import {
  createBillingClient,
  InvalidArgumentError,
  NetworkError,
  ProblemError,
  TimeoutError,
  UnexpectedResponseError,
} from "@hostup/billing-client";
import { observedFetch, type Answer } from "../support/observed-fetch.ts";
import { invoiceId, responseExample } from "../support/examples.ts";

async function failure(answer: Answer) {
  return createBillingClient({ token: "tok", fetch: observedFetch(answer).fetch })
    .resendInvoiceEmail(invoiceId)
    .catch((e: unknown) => e);
}

describe("ProblemError", () => {
  test("carries every Problem member and the response headers", async () => {
    // The spec's example with every member, field errors included.
    const problem = responseExample("addInvoiceCcRecipient", 400, "duplicateEmail");
    const members = ["type", "title", "status", "detail", "code", "instance", "requestId", "timestamp", "errors"];
    expect(Object.keys(problem)).toEqual(expect.arrayContaining(members));
    const error = (await failure(
      () =>
        new Response(JSON.stringify(problem), { status: 400, headers: { "Content-Type": "application/problem+json", "X-Trace": "t1" } }),
    )) as ProblemError;
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ ...problem, status: 400, operation: "resendInvoiceEmail", problem });
    expect(error.headers.get("x-trace")).toBe("t1");
    expect(error.message).toBe(`resendInvoiceEmail: HTTP 400 ${problem.code}: ${problem.detail}`);
  });

  test("turns an HTML 502 from a proxy into a ProblemError, not a SyntaxError", async () => {
    const error = (await failure(
      () => new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, headers: { "Content-Type": "text/html" } }),
    )) as ProblemError;
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.problem).toBeUndefined();
    expect(error.errors).toEqual([]);
    // Nothing to add: no code, no detail or title, no request id.
    expect(error.message).toBe("resendInvoiceEmail: HTTP 502");
  });

  test("copes with every member missing, and with an empty body", async () => {
    const empty = (await failure(() => new Response(JSON.stringify({}), { status: 500 }))) as ProblemError;
    expect(empty).toMatchObject({ status: 500, code: undefined, title: undefined, detail: undefined, errors: [] });
    const none = (await failure(() => new Response(null, { status: 503 }))) as ProblemError;
    expect(none).toBeInstanceOf(ProblemError);
    expect(none.status).toBe(503);
  });

  test("ignores members of the wrong type and trusts the HTTP status over the body", async () => {
    const error = (await failure(() =>
      Response.json(
        { status: "teapot", code: 7, errors: [{ pointer: 1 }, "x", null, { pointer: "/email", detail: "d", code: "c" }] },
        { status: 404 },
      ),
    )) as ProblemError;
    expect(error.status).toBe(404);
    expect(error.code).toBeUndefined();
    // Field errors must be objects, so that reading a member never throws; their members are the server's.
    expect(error.errors).toEqual([{ pointer: 1 }, { pointer: "/email", detail: "d", code: "c" }]);
    const notAnArray = (await failure(() => Response.json({ errors: { pointer: "/email" } }, { status: 400 }))) as ProblemError;
    expect(notAnArray.errors).toEqual([]);
  });

  test("takes the request id from the body, the member the spec documents", async () => {
    const error = (await failure(() =>
      Response.json({ code: errorCatalog[500].code, requestId: "req_body" }, { status: 500, headers: { "X-Request-Id": "req_hdr" } }),
    )) as ProblemError;
    expect(error.requestId).toBe("req_body");
    const headerOnly = (await failure(() => Response.json({}, { status: 500, headers: { "X-Request-Id": "req_hdr" } }))) as ProblemError;
    expect(headerOnly.requestId).toBeUndefined();
  });

  test("a JSON array body is not mistaken for a Problem", async () => {
    const error = (await failure(() => Response.json([1, 2], { status: 400 }))) as ProblemError;
    expect(error.problem).toBeUndefined();
    expect(error.status).toBe(400);
  });
});

describe("NetworkError", () => {
  test("names the system error code only when it is a string", async () => {
    const numeric = (await failure(() => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect failed"), { code: -111 }) });
    })) as NetworkError;
    expect(numeric).toBeInstanceOf(NetworkError);
    expect(numeric.code).toBeUndefined();
    expect(numeric.message).toBe("resendInvoiceEmail: network error");
  });

  test("can be built without a cause", () => {
    const error = new NetworkError("op", undefined);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("op: network error");
  });
});

describe("UnexpectedResponseError", () => {
  test("is thrown for truncated JSON on a 200, never a SyntaxError", async () => {
    const error = await failure(
      () => new Response('{"queuedAt":"2026-04-27T1', { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(200);
  });
});

describe("every error class", () => {
  // `name` is what logs and `String(error)` show, and how code that cannot use instanceof
  // (another realm, a second copy of the package) tells the errors apart.
  test("carries its own name, which String(error) shows", async () => {
    const errors = [
      new ProblemError("op", new Response(null, { status: 500 }), undefined),
      new NetworkError("op", new TypeError("fetch failed")),
      new TimeoutError("op", 5),
      new UnexpectedResponseError("op", new Response(null, { status: 200 }), "is not valid JSON"),
      new InvalidArgumentError("id", "must be a string"),
    ];
    expect(errors.map((error) => error.name)).toEqual([
      "ProblemError",
      "NetworkError",
      "TimeoutError",
      "UnexpectedResponseError",
      "InvalidArgumentError",
    ]);
    expect(String(errors[2])).toBe("TimeoutError: op: timed out after 5 ms");
  });
});
