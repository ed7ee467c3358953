/** Properties that must hold for every input, checked with fast-check. */
import { inspect } from "node:util";
import { afterEach, describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { operationMetadata } from "@hostup/billing-openapi";
import { createBillingClient, InvalidArgumentError } from "@hostup/billing-client";
import { hang, observedFetch, problem, refused, reset, type Answer } from "../support/observed-fetch.ts";
import { exampleAnswer, invoiceId, urlOf } from "../support/examples.ts";

const ID_PATTERN = new RegExp(operationMetadata.resendInvoiceEmail.pathParameters.id.pattern, "u");
const queued = exampleAnswer("resendInvoiceEmail");
const created = exampleAnswer("addInvoiceCcRecipient");

afterEach(() => {
  vi.useRealTimers();
});

describe("invoice ids", () => {
  // Strings near the pattern are where a check goes wrong: valid ids with one character
  // spliced in, path-like strings, encodings and Unicode look-alikes.
  const nearMiss = fc
    .tuple(
      fc.stringMatching(ID_PATTERN),
      fc.nat(),
      fc.constantFrom(".", "..", "/", "%2e", "%2F", "?", "#", "\n", "\u0000", " ", "A", "\u0130", "\uFF0E", "\\"),
    )
    .map(([id, at, insert]) => id.slice(0, at % (id.length + 1)) + insert + id.slice(at % (id.length + 1)));
  const ids = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.stringMatching(ID_PATTERN),
    nearMiss,
    fc.constantFrom("", ".", "..", "../..", "%2e%2e", "inv_", invoiceId.toUpperCase(), `${invoiceId}/../x`),
  );

  test("either the id matches the spec's pattern and the request goes exactly to its resend URL, or nothing is sent", async () => {
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        const wire = observedFetch(queued);
        const outcome = await createBillingClient({ fetch: wire.fetch })
          .resendInvoiceEmail(id)
          .then(
            () => "sent",
            (error: unknown) => error,
          );
        if (ID_PATTERN.test(id)) {
          expect(outcome).toBe("sent");
          expect(wire.requests.map((request) => request.url)).toEqual([urlOf("resendInvoiceEmail", { id })]);
        } else {
          expect(outcome).toBeInstanceOf(InvalidArgumentError);
          expect((outcome as InvalidArgumentError).argument).toBe("id");
          expect(wire.requests).toHaveLength(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("tokens", () => {
  // Every way a call can fail; each must keep the token out of what it throws.
  const faults: Record<string, Answer[]> = {
    "429 with a long Retry-After": [problem(429, { "Retry-After": "3600" })],
    "429 storm": [problem(429, { "Retry-After": "0" })],
    "401": [problem(401)],
    "500": [problem(500)],
    "HTML 502": [() => new Response("<html>502 Bad Gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } })],
    "refused connection": [refused],
    "reset connection": [reset],
    "hung server": [hang],
    "truncated JSON": [() => new Response('{"queuedAt":', { status: 200 })],
  };
  // Long and varied enough that finding it in a message means it leaked, not that it is
  // a common word or a run of spaces.
  const tokens = fc
    .oneof(
      fc.string({ minLength: 12, maxLength: 80 }),
      fc.stringMatching(/^[\x21-\x7E]{12,80}$/),
      fc.string({ unit: "binary", minLength: 12 }),
    )
    .filter((token) => new Set(token).size >= 6);

  test("never appears in a thrown error's message, stack or inspected form", async () => {
    await fc.assert(
      fc.asyncProperty(tokens, fc.constantFrom(...Object.keys(faults)), fc.boolean(), async (token, fault, asFunction) => {
        const wire = observedFetch(...faults[fault]!);
        let error: unknown;
        try {
          const billing = createBillingClient({
            token: asFunction ? async () => token : token,
            fetch: wire.fetch,
            timeoutMs: 5,
            retry: { maxDelayMs: 0 },
          });
          await billing.resendInvoiceEmail(invoiceId);
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(Error);
        const { message, stack } = error as Error;
        expect(message).not.toContain(token);
        expect(stack).not.toContain(token);
        expect(inspect(error, { depth: 10 })).not.toContain(token);
      }),
      { numRuns: 300 },
    );
  });
});

describe("email addresses", () => {
  const ajv = new Ajv2020({ strict: true });
  addFormats.default(ajv);
  const specEmail = ajv.compile({ type: "string", format: "email" });
  const mutated = fc
    .tuple(fc.emailAddress(), fc.nat(), fc.constantFrom("@", ".", " ", "\n", "", "..", "-", "\u00e9"))
    .map(([email, at, insert]) => email.slice(0, at % (email.length + 1)) + insert + email.slice(at % (email.length + 1)));

  async function sent(email: string): Promise<boolean> {
    const wire = observedFetch(created);
    const error = await createBillingClient({ fetch: wire.fetch })
      .addInvoiceCcRecipient({ email })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (error !== undefined && !(error instanceof InvalidArgumentError)) throw error;
    expect(wire.requests).toHaveLength(error ? 0 : 1);
    return error === undefined;
  }

  // RFC 5321's limits, which the client keeps (the spec's decision; test/security/client.test.ts
  // holds them) and ajv-formats does not: 254 characters, 64 in the local part, 63 per label.
  const withinLimits = (email: string) => {
    const at = email.lastIndexOf("@");
    return (
      email.length <= 254 &&
      at <= 64 &&
      email
        .slice(at + 1)
        .split(".")
        .every((label) => label.length <= 63)
    );
  };

  test("the client never refuses an address within RFC 5321's limits that the spec's validator (ajv-formats) accepts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.emailAddress(), mutated, fc.string()), async (email) => {
        if (specEmail(email) && withinLimits(email)) expect(await sent(email)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test("the client sends every well-formed address as it is", async () => {
    await fc.assert(
      fc.asyncProperty(fc.emailAddress(), async (email) => {
        expect(await sent(email)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("Retry-After", () => {
  test("any wait up to maxDelayMs is slept exactly once, and any longer one is thrown at once", async () => {
    vi.useFakeTimers();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 120 }), async (seconds) => {
        const wire = observedFetch(problem(429, { "Retry-After": String(seconds) }), queued);
        let settled: "ok" | "error" | undefined;
        createBillingClient({ fetch: wire.fetch, retry: { maxDelayMs: 60_000 } })
          .resendInvoiceEmail(invoiceId)
          .then(
            () => (settled = "ok"),
            () => (settled = "error"),
          );
        await vi.advanceTimersByTimeAsync(0);
        if (seconds > 60) {
          expect(settled).toBe("error");
          expect(wire.requests).toHaveLength(1);
          return;
        }
        if (seconds > 0) {
          await vi.advanceTimersByTimeAsync(seconds * 1000 - 1);
          expect(wire.requests).toHaveLength(1);
        }
        await vi.advanceTimersByTimeAsync(1);
        expect(wire.requests).toHaveLength(2);
        expect(settled).toBe("ok");
      }),
      { numRuns: 60 },
    );
  });
});
