/**
 * Hostile input against the credentials and parameters of every security scheme type and
 * location, through the construct fixture's generated client: a credential or parameter value
 * never splits a header, adds a cookie or a query parameter, or cuts the URL; a credential the
 * server echoes is cut out of the error; an inherited property is never taken for a parameter.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadFixture } from "../support/construct-fixture.ts";
import { generateClientFor, type GeneratedClient } from "../support/generated-client.ts";
import { json, observedFetch, type Answer } from "../support/observed-fetch.ts";

type Package = typeof import("@hostup/billing-client");
type Method = (...args: unknown[]) => Promise<unknown>;

let generated: GeneratedClient;
let pkg: Package;
beforeAll(async () => {
  generated = await generateClientFor((await loadFixture()).bundled);
  pkg = (await import(pathToFileURL(join(generated.dir, "src/index.ts")).href)) as Package;
}, 60_000);
afterAll(() => generated?.close());

function client(credentials: Record<string, unknown>, answer: Answer = json(200, {})) {
  const wire = observedFetch(answer);
  const billing = pkg.createBillingClient({ fetch: wire.fetch, credentials, retry: false } as never) as unknown as Record<string, Method>;
  return { billing, wire };
}

/** An operation of the fixture that each scheme guards, called with valid arguments. */
const guarded: Record<string, (billing: Record<string, Method>) => Promise<unknown>> = {
  BearerAuth: (b) => b.refreshCache!(),
  ApiKeyHeader: (b) => b.createItems!([]),
  ApiKeyQuery: (b) => b.downloadDocumentPdf!("doc_ab12"),
  SessionCookie: (b) => b.exportItemsCsv!(),
};

const secret = "sk_live_SECRET";
const hostile: [string, string][] = [
  ["CR LF", `${secret}\r\nX-Injected: 1`],
  ["a semicolon (another cookie)", `${secret}; admin=1`],
  ["a comma", `${secret},x`],
  ["a space", `${secret} x`],
  ["a non-ASCII letter", `${secret}é`],
];

describe("every scheme type refuses a credential that could split a header or add a cookie, without echoing it", () => {
  for (const scheme of Object.keys(guarded)) {
    for (const [what, value] of hostile) {
      test(`${scheme}: ${what}, fixed at creation and from a function at the call`, async () => {
        const atCreation = (() => {
          try {
            client({ [scheme]: value });
          } catch (error) {
            return error as Error;
          }
        })();
        expect(atCreation).toBeInstanceOf(pkg.InvalidArgumentError);
        expect(atCreation!.message).toMatch(new RegExp(`^credentials\\.${scheme}: `));
        const { billing, wire } = client({ [scheme]: () => value });
        const atCall = (await guarded[scheme]!(billing).catch((e: unknown) => e)) as Error;
        expect(atCall).toBeInstanceOf(pkg.InvalidArgumentError);
        for (const error of [atCreation!, atCall]) expect(`${error.message}\n${error.stack}`).not.toContain(secret);
        expect(wire.requests).toHaveLength(0);
      });
    }
  }

  test("HTTP basic sends any username:password, since base64 carries it: CR LF and ; cannot reach the header", async () => {
    const { billing, wire } = client({ BasicAuth: "ada:p\r\nX-Injected: 1; a=b" }, () => new Response(null, { status: 204 }));
    await billing.replaceDocumentContent!("doc_ab12", new Uint8Array(1));
    const header = wire.requests[0]!.headers.get("authorization")!;
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(header.slice(6), "base64").toString("utf8")).toBe("ada:p\r\nX-Injected: 1; a=b");
    expect(wire.requests[0]!.headers.get("x-injected")).toBeNull();
  });
});

describe("an API key in the query stays one parameter", () => {
  test("& = # ? / in the key are percent-encoded: no parameter added, the URL not cut", async () => {
    const pdf = () => new Response(new Uint8Array([1]), { headers: { "Content-Type": "application/pdf" } });
    const { billing, wire } = client({ ApiKeyQuery: "k&admin=1#frag?x/y" }, pdf);
    await billing.downloadDocumentPdf!("doc_ab12");
    const url = new URL(wire.requests[0]!.url);
    expect([...url.searchParams]).toEqual([["api_key", "k&admin=1#frag?x/y"]]);
    expect(url.hash).toBe("");
    expect(url.pathname).toBe("/v1/documents/doc_ab12/pdf");
  });
});

describe("a credential the server echoes is cut out of the error", () => {
  const values = { ApiKeyHeader: "key_header_ECHOED", ApiKeyQuery: "key_query_ECHOED", SessionCookie: "sess_cookie_ECHOED" };
  for (const [scheme, value] of Object.entries(values)) {
    test(`${scheme}`, async () => {
      const echo: Answer = () =>
        new Response(JSON.stringify({ status: 400, code: "invalid_request", detail: `You sent ${value}` }), {
          status: 400,
          headers: { "Content-Type": "application/problem+json" },
        });
      const { billing } = client({ [scheme]: value }, echo);
      const error = (await guarded[scheme]!(billing).catch((e: unknown) => e)) as Error & { detail?: string };
      expect(error).toBeInstanceOf(pkg.ProblemError);
      expect(error.detail).toBe("You sent [redacted]");
      expect(`${error.message}\n${JSON.stringify(error)}`).not.toContain(value);
    });
  }
});

describe("parameters of every location", () => {
  test("a caller's Idempotency-Key with CR LF is refused, not sent", async () => {
    const { billing, wire } = client({ BearerAuth: "tok_bearer_1234" });
    const error = await billing.cancelJob!("job_ab12", undefined, { "Idempotency-Key": "k\r\nX-Injected: 1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidArgumentError", argument: "Idempotency-Key" });
    expect(wire.requests).toHaveLength(0);
  });

  test("an inherited property is not a parameter: a required header given only by the prototype is missing", async () => {
    const { billing, wire } = client({ BearerAuth: "tok_bearer_1234" });
    const params = Object.create({ "X-Tenant": "inherited" }) as Record<string, unknown>;
    await expect(billing.listItems!(params)).rejects.toThrow("X-Tenant: is required; no request was sent");
    expect(wire.requests).toHaveLength(0);
  });

  test("a path value cannot walk the path, in any style", async () => {
    const { billing, wire } = client({ BearerAuth: "tok_bearer_1234" });
    for (const operation of ["getPathSimple", "getPathLabel", "getPathMatrix"]) {
      await billing[operation]!(1, ["../../admin"], { x: 1, y: 2 }).catch(() => undefined);
    }
    for (const request of wire.requests) expect(new URL(request.url).pathname).not.toContain("/admin");
    expect(wire.requests.map((r) => new URL(r.url).pathname)).toEqual([
      "/v1/path-simple/1/..%2F..%2Fadmin/x=1,y=2",
      "/v1/path-label/.1/...%2F..%2Fadmin/.x,1,y,2",
      "/v1/path-matrix/;id=1/;tags=..%2F..%2Fadmin/;x=1;y=2",
    ]);
  });
});
