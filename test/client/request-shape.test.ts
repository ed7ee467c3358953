/** What the client puts on the wire, seen through the test fetch. */
import { describe, expect, test } from "vitest";
import { operationMetadata, serverUrl } from "@hostup/billing-openapi";
import { createBillingClient, InvalidArgumentError } from "@hostup/billing-client";
import { createRawClient } from "@hostup/billing-client/raw";
import { observedFetch } from "../support/observed-fetch.ts";
import { exampleAnswer, invoiceId, pathOf, responseExample, titleOf, urlOf } from "../support/examples.ts";

const queued = exampleAnswer("resendInvoiceEmail");
const createdWithoutDescription = exampleAnswer("addInvoiceCcRecipient", 201, "createdWithoutDescription");

describe(titleOf("resendInvoiceEmail"), () => {
  test("sends a bodiless POST with no Content-Type to the default server", async () => {
    const wire = observedFetch(queued);
    const billing = createBillingClient({ token: "tok_123", fetch: wire.fetch });
    await expect(billing.resendInvoiceEmail(invoiceId)).resolves.toEqual(responseExample("resendInvoiceEmail"));
    expect(wire.requests).toHaveLength(1);
    const [request] = wire.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(urlOf("resendInvoiceEmail"));
    expect(request!.headers.get("authorization")).toBe("Bearer tok_123");
    expect(request!.headers.get("content-type")).toBeNull();
    expect(request!.body).toBeNull();
  });

  test("uses a custom baseUrl, ignoring a trailing slash", async () => {
    const wire = observedFetch(queued);
    await createBillingClient({ baseUrl: "http://127.0.0.1:4010/", fetch: wire.fetch }).resendInvoiceEmail(invoiceId);
    expect(wire.requests[0]!.url).toBe(`http://127.0.0.1:4010${pathOf("resendInvoiceEmail")}`);
  });

  test("passes the caller's AbortSignal to fetch", async () => {
    const wire = observedFetch(queued);
    const controller = new AbortController();
    await createBillingClient({ fetch: wire.fetch }).resendInvoiceEmail(invoiceId, { signal: controller.signal });
    controller.abort();
    expect(wire.requests[0]!.signal.aborted).toBe(true);
  });

  const hostile: [string, unknown][] = [
    ["..", ".."],
    [".", "."],
    ["a/b", "a/b"],
    ["%2e%2e", "%2e%2e"],
    ["%2E%2E", "%2E%2E"],
    ["empty string", ""],
    ["a query", `${invoiceId}?x=1`],
    ["a fragment", `${invoiceId}#x`],
    ["a traversal after a valid prefix", `${invoiceId}/../x`],
    ["upper case", invoiceId.toUpperCase()],
    ["a trailing newline", `${invoiceId}\n`],
    ["a number", 42],
    ["undefined", undefined],
  ];
  for (const [name, id] of hostile) {
    test(`refuses an id that is ${name}, naming id, before any request`, async () => {
      const wire = observedFetch(queued);
      const error = await createBillingClient({ fetch: wire.fetch })
        .resendInvoiceEmail(id as string)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("id");
      expect((error as Error).message).toMatch(/^id: /);
      expect(wire.requests).toHaveLength(0);
    });
  }

  test("raw checks a parameter against its operation's pattern, and on a path the spec does not have, against dots", async () => {
    const wire = observedFetch(queued);
    const raw = createRawClient({ fetch: wire.fetch });
    const post = (path: string, params: Record<string, string>) =>
      raw.POST(path as never, { params: { path: params } } as never).catch((e: unknown) => e);
    expect(await post("/api/v2/billing/invoices/{id}/actions/resend-email", { id: "nope" })).toMatchObject({
      argument: "id",
      message: `id: must match ${operationMetadata.resendInvoiceEmail.pathParameters.id.pattern}; no request was sent`,
    });
    expect(await post("/api/v2/billing/invoices/{id}/pdf", { id: ".." })).toMatchObject({ argument: "id" });
    // No operation of the spec has this path, so there is no pattern to check.
    expect(await post("/api/v2/billing/things/{thing}", { thing: ".." })).toMatchObject({
      argument: "thing",
      message: "thing: must not expand to empty, . or ..; no request was sent",
    });
    expect(await post("/api/v2/billing/things/{thing}", {})).toMatchObject({ argument: "thing" });
    expect(wire.requests).toHaveLength(0);
    await post("/api/v2/billing/things/{thing}/{id}", { thing: "a b/c", id: "nope" });
    expect(wire.requests.map((r) => r.url)).toEqual([`${serverUrl}/api/v2/billing/things/a%20b%2Fc/nope`]);
  });

  test("raw on a path that ends in one of the spec's checks a parameter no operation gives a pattern against dots only", async () => {
    const wire = observedFetch(exampleAnswer("listInvoiceCcRecipients"));
    const raw = createRawClient({ fetch: wire.fetch });
    // A gateway that puts a tenant in front of the API's own path.
    const path = `/tenants/{tenant}${operationMetadata.listInvoiceCcRecipients.path}` as never;
    const error = await raw.GET(path, { params: { path: { tenant: ".." } } } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe("tenant: must not expand to empty, . or ..; no request was sent");
    expect(wire.requests).toHaveLength(0);
    await raw.GET(path, { params: { path: { tenant: "acme" } } } as never);
    expect(wire.requests.map((r) => r.url)).toEqual([`${serverUrl}/tenants/acme${operationMetadata.listInvoiceCcRecipients.path}`]);
  });

  test("the raw openapi-fetch client refuses a traversal id too", async () => {
    const wire = observedFetch(queued);
    const raw = createRawClient({ fetch: wire.fetch });
    await expect(raw.POST(operationMetadata.resendInvoiceEmail.path, { params: { path: { id: ".." } } })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(wire.requests).toHaveLength(0);
  });
});

describe(titleOf("addInvoiceCcRecipient"), () => {
  test("sends the body as JSON, exactly as given", async () => {
    const wire = observedFetch(exampleAnswer("addInvoiceCcRecipient"));
    const billing = createBillingClient({ token: "tok_123", fetch: wire.fetch });
    const body = { email: "AP@Example.COM", description: "x".repeat(300) };
    await billing.addInvoiceCcRecipient(body);
    const [request] = wire.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe(urlOf("addInvoiceCcRecipient"));
    expect(request!.headers.get("content-type")).toBe("application/json");
    expect(request!.headers.get("authorization")).toBe("Bearer tok_123");
    // Lower-casing and the 255 cut are the server's job, not the client's.
    expect(await request!.json()).toEqual(body);
  });

  test("returns the created recipient with a null description", async () => {
    const wire = observedFetch(createdWithoutDescription);
    const created = await createBillingClient({ fetch: wire.fetch }).addInvoiceCcRecipient({ email: "ap@example.com" });
    expect(created).toEqual(responseExample("addInvoiceCcRecipient", 201, "createdWithoutDescription"));
    expect(created.description).toBeNull();
  });
});

describe("authentication", () => {
  test("sends the SessionCookie scheme's credential as the hostup_session cookie", async () => {
    const wire = observedFetch(queued);
    await createBillingClient({ credentials: { SessionCookie: "sess_abc" }, fetch: wire.fetch }).resendInvoiceEmail(invoiceId);
    expect(wire.requests[0]!.headers.get("cookie")).toBe("hostup_session=sess_abc");
    expect(wire.requests[0]!.headers.get("authorization")).toBeNull();
  });

  test("sends the BearerAuth scheme's credential given by name, before the token shorthand", async () => {
    const wire = observedFetch(queued);
    await createBillingClient({ credentials: { BearerAuth: "tok_named" }, token: "tok_short", fetch: wire.fetch }).resendInvoiceEmail(
      invoiceId,
    );
    expect(wire.requests[0]!.headers.get("authorization")).toBe("Bearer tok_named");
  });

  test("the raw client sends the same credentials", async () => {
    const wire = observedFetch(queued);
    await createRawClient({ token: () => "tok_raw", credentials: { SessionCookie: "sess_raw" }, fetch: wire.fetch }).POST(
      operationMetadata.resendInvoiceEmail.path,
      { params: { path: { id: invoiceId } } },
    );
    expect(wire.requests[0]!.headers.get("authorization")).toBe("Bearer tok_raw");
    expect(wire.requests[0]!.headers.get("cookie")).toBe("hostup_session=sess_raw");
  });

  test("calls a token function before every request, sync or async", async () => {
    const wire = observedFetch(queued);
    let n = 0;
    const sync = createBillingClient({ token: () => `sync_${++n}`, fetch: wire.fetch });
    await sync.resendInvoiceEmail(invoiceId);
    await sync.resendInvoiceEmail(invoiceId);
    const async = createBillingClient({ token: async () => "async_tok", fetch: wire.fetch });
    await async.resendInvoiceEmail(invoiceId);
    expect(wire.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer sync_1", "Bearer sync_2", "Bearer async_tok"]);
  });

  for (const value of [undefined, null, 42]) {
    test(`refuses a token function that returns ${value}, instead of sending "Bearer ${value}"`, async () => {
      const wire = observedFetch(queued);
      const error = await createBillingClient({ token: () => value as never, fetch: wire.fetch })
        .resendInvoiceEmail(invoiceId)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("token");
      expect(wire.requests).toHaveLength(0);
    });
  }

  const secret = "sk_live_SECRET";
  for (const [name, token] of [
    ["CR LF", `${secret}\r\nX-Injected: 1`],
    ["LF", `${secret}\nX-Injected: 1`],
    ["CR", `${secret}\r`],
    ["a space", `${secret} x`],
    // Bearer tokens (RFC 6750) never hold these; a cookie value (RFC 6265) must not.
    ["a comma", `${secret},x`],
    ["a semicolon", `${secret};x`],
    ["a quote", `${secret}"`],
    ["a backslash", `${secret}\\`],
    ["a non-ASCII letter", `${secret}é`],
    ["nothing", ""],
  ] as const) {
    test(`refuses a token containing ${name} without echoing it`, async () => {
      const wire = observedFetch(queued);
      const atCreation = (() => {
        try {
          createBillingClient({ token, fetch: wire.fetch });
        } catch (e) {
          return e;
        }
      })();
      expect(atCreation).toBeInstanceOf(InvalidArgumentError);
      expect((atCreation as InvalidArgumentError).argument).toBe("token");
      expect((atCreation as Error).message).toBe('token: must be non-empty visible ASCII except " , ; \\; no request was sent');

      const atCall = await createBillingClient({ token: async () => token, fetch: wire.fetch })
        .resendInvoiceEmail(invoiceId)
        .catch((e: unknown) => e);
      expect(atCall).toBeInstanceOf(InvalidArgumentError);
      for (const error of [atCreation, atCall] as Error[]) {
        if (token) expect(`${error.message}\n${error.stack}`).not.toContain(secret);
      }
      expect(wire.requests).toHaveLength(0);
    });
  }

  test("refuses a session that would inject another cookie", () => {
    expect(() => createBillingClient({ credentials: { SessionCookie: "abc; admin=1" } })).toThrow(InvalidArgumentError);
    expect(() => createBillingClient({ credentials: { SessionCookie: "abc\r\nX: 1" } })).toThrow(/^credentials\.SessionCookie: /);
  });

  for (const baseUrl of [
    "cloud.hostup.se",
    "ftp://cloud.hostup.se",
    "https://cloud.hostup.se/?x=1",
    "https://user:pw@cloud.hostup.se",
    // Empty, but everything after them would still swallow the operation's path.
    "https://cloud.hostup.se/?",
    "https://cloud.hostup.se/#",
    // The URL parser keeps braces in a host name, where they would pass for a path parameter.
    "https://{id}.hostup.se",
    // Another scheme that merely ends in an http(s) URL.
    "git+https://cloud.hostup.se",
  ]) {
    test(`refuses baseUrl ${baseUrl}, saying what it must be`, () => {
      expect(() => createBillingClient({ baseUrl })).toThrow("baseUrl: must be http(s)://host[:port][/path]; no request was sent");
    });
  }

  test("keeps a base path, whatever number of trailing slashes it has", async () => {
    const wire = observedFetch(queued);
    await createBillingClient({ baseUrl: "https://gateway.example.com/hostup///", fetch: wire.fetch }).resendInvoiceEmail(invoiceId);
    expect(wire.requests[0]!.url).toBe(`https://gateway.example.com/hostup${pathOf("resendInvoiceEmail")}`);
  });

  test("a refusal is not a TypeError, which fetch keeps for network failures", async () => {
    const error = await createBillingClient({ fetch: observedFetch(queued).fetch })
      .resendInvoiceEmail("..")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).not.toBeInstanceOf(TypeError);
  });
});
