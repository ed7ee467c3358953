/**
 * The client against servers and inputs that try to hurt it: redirects elsewhere, a 2xx of the
 * wrong media type, a server that echoes the credentials, and strings built to make a regular
 * expression backtrack. Servers are real sockets on 127.0.0.1 (port 0).
 */
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import { createBillingClient, InvalidArgumentError, ProblemError, RedirectError, UnexpectedResponseError } from "@hostup/billing-client";
import { createRawClient } from "@hostup/billing-client/raw";
import { invoiceId } from "../support/examples.ts";
import { loopbackServers, type Handler } from "../support/loopback-server.ts";

const listen = loopbackServers();

interface Seen {
  method: string;
  url: string;
  body: string;
  authorization: string | undefined;
}

/** A server on 127.0.0.1 that records every request it gets, body included. */
async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const url = await listen(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    seen.push({ method: request.method!, url: request.url!, body, authorization: request.headers.authorization });
    handler(request, response);
  });
  return { url, seen };
}

const address = { email: "billing@example.com" };
const success = JSON.stringify({ id: "42", email: "billing@example.com", description: null });

describe("a redirect is never followed", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    test(`a ${status} on a POST rejects with RedirectError naming the status and Location, and nothing reaches the other host`, async () => {
      const elsewhere = await serve((_request, response) => {
        response.writeHead(201, { "Content-Type": "application/json" }).end(success);
      });
      const api = await serve((_request, response) => {
        response.writeHead(status, { Location: `${elsewhere.url}/steal` }).end();
      });
      const billing = createBillingClient({ baseUrl: api.url, token: "test-token-1234", retry: { maxRetries: 2, maxDelayMs: 10 } });

      const error = await billing.addInvoiceCcRecipient(address).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ status, location: `${elsewhere.url}/steal`, operation: "addInvoiceCcRecipient" });
      expect((error as Error).message).toBe(`addInvoiceCcRecipient: HTTP ${status} redirect to ${elsewhere.url}/steal was not followed`);
      // Not retried either: the one request the API got, and none elsewhere.
      expect(api.seen).toHaveLength(1);
      expect(elsewhere.seen).toEqual([]);
    });
  }

  test("a GET that is redirected is not followed either, and raw does not follow one", async () => {
    const elsewhere = await serve((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" }).end('{"contacts":[]}');
    });
    const api = await serve((_request, response) => {
      response.writeHead(302, { Location: `${elsewhere.url}/` }).end();
    });
    const billing = createBillingClient({ baseUrl: api.url, token: "test-token-1234" });

    await expect(billing.listInvoiceCcRecipients()).rejects.toMatchObject({ name: "RedirectError", status: 302 });
    const { response } = await createRawClient({ baseUrl: api.url }).GET("/api/v2/billing/payment-methods/contacts");
    expect(response.status).toBe(302);
    expect(elsewhere.seen).toEqual([]);
  });

  test("a redirect without Location still rejects, with location undefined", async () => {
    const api = await serve((_request, response) => response.writeHead(307).end());
    const error = await createBillingClient({ baseUrl: api.url })
      .resendInvoiceEmail(invoiceId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).location).toBeUndefined();
  });
});

describe("a 2xx must carry the media type the spec documents", () => {
  const cases: [string, Record<string, string>][] = [
    ["an HTML page", { "Content-Type": "text/html" }],
    ["no Content-Type", {}],
    ["text/plain", { "Content-Type": "text/plain; charset=utf-8" }],
    ["a type that only contains json", { "Content-Type": "application/jsonp" }],
  ];
  for (const [what, headers] of cases) {
    test(`${what} with a JSON-looking body is an UnexpectedResponseError, never a success`, async () => {
      const api = await serve((_request, response) => response.writeHead(201, headers).end(success));
      const error = await createBillingClient({ baseUrl: api.url })
        .addInvoiceCcRecipient(address)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as Error).message).toBe("addInvoiceCcRecipient: HTTP 201 body is not JSON");
    });
  }

  for (const type of ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.hostup+json"]) {
    test(`${type} is JSON`, async () => {
      const api = await serve((_request, response) => response.writeHead(201, { "Content-Type": type }).end(success));
      await expect(createBillingClient({ baseUrl: api.url }).addInvoiceCcRecipient(address)).resolves.toEqual(JSON.parse(success));
    });
  }
});

describe("credentials never leave through an error, even when the server echoes them", () => {
  const token = "hu_live_8Jf/3kQ+zz9WpX0aT";
  const session = "sess_4f0a9d2c7b1e";
  /** A server that repeats every credential it got, in the Problem and in a JSON-escaped copy. */
  async function echoing() {
    return serve((request, response) => {
      const echoed = `${request.headers.authorization} ${request.headers.cookie}`;
      response.writeHead(400, { "Content-Type": "application/problem+json" }).end(
        // JSON.stringify, then the `\/` spelling that PHP's json_encode uses for every slash.
        JSON.stringify({
          status: 400,
          code: "invalid_request",
          title: echoed,
          detail: `You sent ${echoed}`,
          errors: [{ pointer: "/email", detail: echoed, code: "x" }],
        }).replaceAll("/", "\\/"),
      );
    });
  }

  test("in the message, the members, inspect and JSON of the ProblemError", async () => {
    const api = await echoing();
    const error = await createBillingClient({ baseUrl: api.url, token, credentials: { SessionCookie: session } })
      .addInvoiceCcRecipient(address)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).detail).toBe("You sent Bearer [redacted] hostup_session=[redacted]");
    for (const text of [(error as Error).message, inspect(error, { depth: 9 }), JSON.stringify(error), String((error as Error).stack)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.replaceAll("/", "\\/"));
      expect(text).not.toContain(session);
    }
    // The server did get them: the redaction is of what came back, not of what was sent.
    expect(api.seen[0]!.authorization).toBe(`Bearer ${token}`);
  });

  test("a token from a function is redacted too, whichever it was at that attempt", async () => {
    const api = await echoing();
    let n = 0;
    const tokens = ["rotating-token-0001", "rotating-token-0002"];
    const billing = createBillingClient({ baseUrl: api.url, token: () => tokens[n++ % 2]! });
    for (const expected of tokens) {
      const error = await billing.addInvoiceCcRecipient(address).catch((e: unknown) => e);
      expect(inspect(error, { depth: 9 })).not.toContain(expected);
    }
  });
});

/** Runs `call` and returns how long it blocked, in milliseconds. */
function timed(call: () => unknown): number {
  const start = performance.now();
  try {
    call();
  } catch {
    // Refusals are what most of these inputs get; the time is what is measured.
  }
  return performance.now() - start;
}

describe("no regular expression on input can stall the client (each input took seconds before)", () => {
  const bodyOperation = Object.entries(operationMetadata).find(([, meta]) => meta.requestBody)![0];
  // Strings built to make a backtracking pattern try every split: long runs of what one part
  // of the pattern accepts, then the character that makes the whole match fail.
  const adversarial = [
    `${"a".repeat(160_000)}@`,
    `a@${"a.".repeat(80_000)}a `,
    `a@${"a".repeat(160_000)}`,
    `${"@".repeat(160_000)}`,
    `a@a.${"a".repeat(160_000)} `,
    `${"a@".repeat(80_000)}.a`,
  ];
  test.each(adversarial.map((input, index) => [index, input] as const))(
    "email check, adversarial input %i (160,000 characters) is refused within 100 ms",
    async (_index, email) => {
      const billing = createBillingClient({ fetch: () => Promise.reject(new Error("nothing may be sent")) });
      const start = performance.now();
      const error = await (billing as unknown as Record<string, (body: unknown) => Promise<unknown>>)[bodyOperation]!({
        email,
        id: email,
      }).catch((e: unknown) => e);
      expect(performance.now() - start).toBeLessThan(100);
      expect(error).toBeInstanceOf(InvalidArgumentError);
    },
  );

  test("baseUrl with 160,000 slashes before its end is checked and trimmed within 100 ms", () => {
    expect(timed(() => createBillingClient({ baseUrl: `http://a${"/".repeat(160_000)}b` }))).toBeLessThan(100);
    expect(timed(() => createBillingClient({ baseUrl: `http://a${"/".repeat(160_000)}` }))).toBeLessThan(100);
    expect(timed(() => createBillingClient({ baseUrl: `http://${"a".repeat(160_000)} ` }))).toBeLessThan(100);
  });

  test("a token of 160,000 characters that ends badly is refused within 100 ms", () => {
    expect(timed(() => createBillingClient({ token: `${"a".repeat(160_000)}\n` }))).toBeLessThan(100);
  });
});

describe("RFC 5321's limits on an email address, before any pattern", () => {
  const local = (n: number) => "l".repeat(n);
  const label = (n: number) => "d".repeat(n);
  const send = async (email: string) => {
    const api = await serve((_request, response) => response.writeHead(201, { "Content-Type": "application/json" }).end(success));
    return createBillingClient({ baseUrl: api.url })
      .addInvoiceCcRecipient({ email })
      .then(
        () => "sent",
        (e: unknown) => (e instanceof InvalidArgumentError ? e.message : e),
      );
  };
  const refused = "body.email: must be in email format; no request was sent";

  test("64 characters in the local part and 63 in a label are sent; 65 and 64 are refused", async () => {
    expect(await send(`${local(64)}@${label(63)}.se`)).toBe("sent");
    expect(await send(`${local(65)}@example.se`)).toBe(refused);
    expect(await send(`a@${label(64)}.se`)).toBe(refused);
  });

  test("254 characters in all are sent; 255 are refused", async () => {
    // 64 + 1 + 63 + 1 + 63 + 1 + 61 = 254.
    const longest = `${local(64)}@${label(63)}.${label(63)}.${label(61)}`;
    expect(longest).toHaveLength(254);
    expect(await send(longest)).toBe("sent");
    expect(await send(`${longest}x`)).toBe(refused);
  });
});
