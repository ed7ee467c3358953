/** Fixtures: defaults, per-member replacement, and clear errors for bad ones. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createBillingMock, defaultFixtures, FixtureError } from "@hostup/billing-mock";
import { loadFixtures } from "@hostup/billing-mock/node";
import fixturesJson from "@hostup/billing-mock/fixtures.json" with { type: "json" };
import { invoiceId, urlOf } from "../support/examples.ts";

const resend = (id: string, token = "test-token") =>
  new Request(urlOf("resendInvoiceEmail", { id }), {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });

function fixtureError(run: () => unknown): FixtureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return error as FixtureError;
  }
  throw new Error("expected a FixtureError");
}

/** fixtureError() for a promise: the FixtureError it rejects with. */
async function fixtureRejection(pending: Promise<unknown>): Promise<FixtureError> {
  try {
    await pending;
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return error as FixtureError;
  }
  throw new Error("expected a FixtureError");
}

describe("fixtures", () => {
  test("the defaults are the published fixtures.json", () => {
    expect(defaultFixtures).toEqual(fixturesJson);
  });

  test("a member that is given replaces the defaults; the others keep them", async () => {
    const mock = createBillingMock({ fixtures: { invoices: [{ id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "team@example.com" }] } });
    expect((await mock.fetch(resend("inv_aaaaaaaaaaaaaaaaaaaaaaaaaa"))).status).toBe(200);
    expect((await mock.fetch(resend(invoiceId))).status).toBe(404);
    expect(mock.state.recipients.map((r) => r.email)).toEqual(["finance@example.com"]);
    expect(mock.state.invoices).toEqual([{ id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "team@example.com" }]);
  });

  test("recipients: [] starts without CC recipients", () => {
    expect(createBillingMock({ fixtures: { recipients: [] } }).state.recipients).toEqual([]);
  });

  test("fixture recipients are stored as the API would store them: lower-cased, cut, numbered", () => {
    const mock = createBillingMock({
      fixtures: { recipients: [{ email: "Boss@Example.com", description: "x".repeat(300) }, { email: "b@example.com" }] },
    });
    expect(mock.state.recipients).toEqual([
      { id: "1", email: "boss@example.com", description: "x".repeat(255) },
      { id: "2", email: "b@example.com", description: null },
    ]);
  });

  test("a token without write:billing in the fixtures gets 403", async () => {
    const mock = createBillingMock({ fixtures: { tokens: [{ token: "viewer", scopes: ["read:billing"] }] } });
    expect((await mock.fetch(resend(invoiceId, "viewer"))).status).toBe(403);
    expect((await mock.fetch(resend(invoiceId, "test-token"))).status).toBe(401);
  });

  test("invalid fixtures throw FixtureError naming every problem, checked with the spec's own schemas", () => {
    const error = fixtureError(() =>
      createBillingMock({
        fixtures: {
          invoices: [{ id: "inv_TOO_SHORT", email: "nope" }],
          tokens: [{ token: "has space", scopes: ["write:billing"] }],
          recipients: [{ email: "not an address" }],
        },
      }),
    );
    expect(error.problems).toEqual(
      expect.arrayContaining([
        '/invoices/0/id must match pattern "^inv_[0-9a-z]{26}$"',
        '/invoices/0/email must match format "email"',
        expect.stringMatching(/^\/tokens\/0\/token must match pattern/),
        '/recipients/0/email must match format "email"',
      ]),
    );
  });

  test("a rate limit of Infinity or NaN is refused, as JSON fixtures could not hold it", () => {
    for (const value of [Infinity, -Infinity, NaN]) {
      const error = fixtureError(() =>
        createBillingMock({
          fixtures: { tokens: [{ token: "t", scopes: ["read:billing"], rateLimit: { limit: value, windowMs: value } }] },
        }),
      );
      expect(error.problems, String(value)).toEqual(
        expect.arrayContaining(["/tokens/0/rateLimit/limit must be integer", "/tokens/0/rateLimit/windowMs must be integer"]),
      );
    }
  });

  test("a scope no operation of the spec asks for is refused, so a typo cannot pass for a grant", () => {
    const error = fixtureError(() =>
      createBillingMock({ fixtures: { sessions: [{ session: "s", scopes: ["read:billing", "write:biling"] }] } }),
    );
    expect(error.problems).toEqual(["/sessions/0/scopes/1 must be equal to one of the allowed values"]);
  });

  test("repeated tokens, sessions, invoice ids or addresses (in any case) are refused", () => {
    const error = fixtureError(() =>
      createBillingMock({
        fixtures: {
          tokens: [
            { token: "t", scopes: [] },
            { token: "t", scopes: ["write:billing"] },
          ],
          sessions: [
            { session: "s", scopes: [] },
            { session: "u", scopes: [] },
            { session: "s", scopes: ["read:billing"] },
          ],
          invoices: [
            { id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "a@example.com" },
            { id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "b@example.com" },
          ],
          recipients: [{ email: "a@example.com" }, { email: "A@example.com" }],
        },
      }),
    );
    expect(error.problems).toEqual([
      '/tokens/1/token repeats "t"',
      '/sessions/2/session repeats "s"',
      '/invoices/1/id repeats "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa"',
      '/recipients/1/email repeats "a@example.com"',
    ]);
    expect(error.message).toBe(`fixtures from the \`fixtures\` option are not valid:\n  ${error.problems.join("\n  ")}`);
    expect(error.name).toBe("FixtureError");
  });

  test("a credential needs its scopes, and names no member the fixtures do not know", () => {
    const error = fixtureError(() =>
      createBillingMock({
        fixtures: { tokens: [{ token: "a" }, { token: "b", scopes: [], extra: 1 }], sessions: [{ session: "s" }] } as never,
      }),
    );
    expect(error.problems).toEqual([
      "/tokens/0 must have required property 'scopes'",
      '/tokens/1 has an unknown member "extra"',
      "/sessions/0 must have required property 'scopes'",
    ]);
    expect(
      fixtureError(() => createBillingMock({ fixtures: { invoices: [{ email: "a@example.com" }], other: [] } as never })).problems,
    ).toEqual(['(root) has an unknown member "other"', "/invoices/0 must have required property 'id'"]);
  });

  test("$schema and a note are strings, scopes are not repeated, an invoice has no other members", () => {
    const error = fixtureError(() =>
      createBillingMock({
        fixtures: {
          $schema: 1,
          tokens: [{ token: "a", scopes: ["read:billing", "read:billing"], note: 2 }],
          invoices: [{ id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "a@example.com", amount: 1 }],
        },
      } as never),
    );
    expect(error.problems).toEqual([
      "/$schema must be string",
      "/tokens/0/scopes must NOT have duplicate items (items ## 0 and 1 are identical)",
      "/tokens/0/note must be string",
      '/invoices/0 has an unknown member "amount"',
    ]);
  });

  describe("a credential's rate limit is false or a whole limit and window of at least 1", () => {
    const problemsOf = (rateLimit: unknown) =>
      fixtureError(() => createBillingMock({ fixtures: { tokens: [{ token: "a", scopes: [], rateLimit }] } as never })).problems.filter(
        (problem) => !problem.endsWith("must be equal to constant") && !problem.endsWith("must match exactly one schema in oneOf"),
      );

    test.each([
      [{ limit: 10 }, ["/tokens/0/rateLimit must have required property 'windowMs'"]],
      [{ windowMs: 10 }, ["/tokens/0/rateLimit must have required property 'limit'"]],
      [{ limit: 0, windowMs: 0 }, ["/tokens/0/rateLimit/limit must be >= 1", "/tokens/0/rateLimit/windowMs must be >= 1"]],
      [{ limit: 1.5, windowMs: 1000 }, ["/tokens/0/rateLimit/limit must be integer"]],
      [{ limit: 1, windowMs: 1000, burst: 2 }, ['/tokens/0/rateLimit has an unknown member "burst"']],
      [true, ["/tokens/0/rateLimit must be object"]],
    ])("%j is refused", (rateLimit, problems) => {
      expect(problemsOf(rateLimit)).toEqual(problems);
    });

    test("the smallest limit and window, and false, are accepted", () => {
      expect(() =>
        createBillingMock({
          fixtures: {
            tokens: [
              { token: "a", scopes: [], rateLimit: { limit: 1, windowMs: 1 } },
              { token: "b", scopes: [], rateLimit: false },
            ],
          },
        }),
      ).not.toThrow();
    });
  });

  test("loadFixtures names the file and the problem when it is not JSON", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "fixtures-")), "broken.json");
    await writeFile(file, "{ invoices: [");
    await expect(loadFixtures(file)).rejects.toThrow(new RegExp(`fixtures from ${file} are not valid:\\n {2}is not JSON`));
  });

  test("loadFixtures names the file and why it cannot be read", async () => {
    const error = await fixtureRejection(loadFixtures("/nonexistent/fixtures.json"));
    expect(error.problems).toEqual([expect.stringMatching(/^cannot be read: ENOENT: no such file or directory/)]);
    expect(error.message).toMatch(/^fixtures from \/nonexistent\/fixtures\.json are not valid:\n {2}cannot be read: ENOENT/);
  });

  test("loadFixtures checks the file's fixtures as createBillingMock does, naming the file", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "fixtures-")), "invalid.json");
    await writeFile(file, JSON.stringify({ invoices: [{ id: "42", email: "team@example.com" }] }));
    const error = await fixtureRejection(loadFixtures(file));
    expect(error.message).toContain(`fixtures from ${file} are not valid`);
    expect(error.problems).toEqual([expect.stringMatching(/^\/invoices\/0\/id must match pattern/)]);
  });

  test("loadFixtures returns a valid file's fixtures, ready for createBillingMock", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "fixtures-")), "team.json");
    const fixtures = { invoices: [{ id: "inv_aaaaaaaaaaaaaaaaaaaaaaaaaa", email: "team@example.com" }] };
    await writeFile(file, JSON.stringify(fixtures));
    const loaded = await loadFixtures(file);
    expect(loaded).toEqual(fixtures);
    expect((await createBillingMock({ fixtures: loaded }).fetch(resend("inv_aaaaaaaaaaaaaaaaaaaaaaaaaa"))).status).toBe(200);
  });
});
