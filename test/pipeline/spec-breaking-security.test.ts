/**
 * The security rules, each change written out in full (kind, rule, place, message, pointer,
 * side): requirements gained, lost, relaxed or asking for new scopes, and security schemes
 * whose type, location, URLs or flows change.
 */
import { describe, expect, test } from "vitest";
import { diff, doc, OPERATION, row, WHERE, type Json } from "../support/breaking.ts";

const schemes = {
  Key: { type: "apiKey", in: "header", name: "X-Key" },
  Bearer: { type: "http", scheme: "bearer" },
};
const requirements = async (before: Json[], after: Json[]) =>
  (await diff(doc({ schemes, security: before }), doc({ schemes, security: after }))).map(row);
const at = `${OPERATION}/security`;

describe("operation security requirements", () => {
  test("no requirement left, or an empty one among the alternatives, is listed: security-removed", async () => {
    const removed = ["changelog", "security-removed", WHERE, "no longer needs credentials", at, "revision"];
    expect(await requirements([{ Bearer: [] }], [])).toEqual([removed]);
    expect(await requirements([{ Bearer: [] }], [{ Bearer: [] }, {}])).toEqual([removed]);
    // Anonymous callers were already let in: nothing is relaxed.
    expect(await requirements([{ Bearer: [] }, {}], [])).toEqual([]);
    expect(await requirements([{}], [{ Bearer: [] }, {}])).toEqual([]);
  });

  test("credentials needed where anonymous callers were let in: security-added, naming each alternative", async () => {
    const added = (message: string) => [["breaking", "security-added", WHERE, message, at, "revision"]];
    expect(await requirements([], [{ Key: [], Bearer: ["read"] }, { Bearer: [] }])).toEqual(
      added("now needs credentials: Bearer + Key or Bearer"),
    );
    expect(await requirements([{ Key: [] }, {}], [{ Key: [] }])).toEqual(added("now needs credentials: Key"));
  });

  test("an AND requirement that lists fewer schemes is relaxed, named with both sides", async () => {
    expect(await requirements([{ Key: [], Bearer: ["read"] }], [{ Bearer: ["read"] }])).toEqual([
      ["changelog", "security-requirement-relaxed", WHERE, "callers with Bearer + Key now need only Bearer", at, "revision"],
    ]);
  });

  test("fewer scopes on the same scheme are relaxed too", async () => {
    expect(await requirements([{ Bearer: ["read", "write"] }], [{ Bearer: ["read"] }])).toEqual([
      ["changelog", "security-requirement-relaxed", WHERE, "callers with Bearer now need only Bearer", at, "revision"],
    ]);
  });

  test("a new alternative beside one every caller still satisfies is listed: security-alternative-added", async () => {
    expect(await requirements([{ Bearer: ["read"] }], [{ Bearer: ["read"] }, { Key: [] }])).toEqual([
      ["changelog", "security-alternative-added", WHERE, "callers may also authenticate with Key", at, "revision"],
    ]);
  });

  test("an alternative no caller can use any more: security-alternative-removed", async () => {
    expect(await requirements([{ Key: [] }, { Bearer: [] }], [{ Bearer: [] }])).toEqual([
      ["breaking", "security-alternative-removed", WHERE, "callers can no longer authenticate with Key", at, "revision"],
    ]);
  });

  test("new scopes on a scheme are named, only the new ones; the requirement is not also a new alternative", async () => {
    expect(await requirements([{ Bearer: ["read"] }], [{ Bearer: ["read", "write", "admin"] }])).toEqual([
      ["breaking", "security-scope-added", WHERE, "Bearer now also needs scope write, admin", at, "revision"],
    ]);
  });

  test("the document's security applies where an operation has none", async () => {
    const withTop = (security: Json[]) => ({ ...doc({ schemes }), security });
    expect((await diff(withTop([{ Bearer: [] }]), withTop([{ Key: [] }]))).map(row)).toEqual([
      ["breaking", "security-alternative-removed", WHERE, "callers can no longer authenticate with Bearer", at, "revision"],
      ["changelog", "security-alternative-added", WHERE, "callers may also authenticate with Key", at, "revision"],
    ]);
  });
});

describe("security schemes", () => {
  const scheme = async (before: Json, after: Json) =>
    (await diff(doc({ schemes: { S: before } }), doc({ schemes: { S: after } }))).map(row);
  const pointer = "/components/securitySchemes/S";

  test.each([
    ["type", { type: "http", scheme: "basic" }, { type: "apiKey", scheme: "basic" }, "type changed from http to apiKey"],
    ["scheme", { type: "http", scheme: "basic" }, { type: "http", scheme: "bearer" }, "scheme changed from basic to bearer"],
    ["in", { type: "apiKey", in: "header", name: "K" }, { type: "apiKey", in: "query", name: "K" }, "in changed from header to query"],
    [
      "name",
      { type: "apiKey", in: "header", name: "X-Key" },
      { type: "apiKey", in: "header", name: "X-Token" },
      "name changed from X-Key to X-Token",
    ],
  ])("a changed %s is security-scheme-changed", async (_key, before, after, message) => {
    expect(await scheme(before, after)).toEqual([
      ["breaking", "security-scheme-changed", "security scheme S", message, pointer, "revision"],
    ]);
  });

  test("case alone is no change: HTTP scheme names and header names are case-insensitive", async () => {
    expect(await scheme({ type: "http", scheme: "Bearer" }, { type: "http", scheme: "bearer" })).toEqual([]);
  });

  test("a scheme removed from components breaks only where an operation used it", async () => {
    expect((await diff(doc({ schemes }), doc({ schemes: { Bearer: schemes.Bearer } }))).map(row)).toEqual([]);
  });

  test("a changed openIdConnectUrl names both URLs; a relative one is compared as written", async () => {
    const oidc = (url: string) => ({ type: "openIdConnect", openIdConnectUrl: url });
    expect(await scheme(oidc("https://id.example/a"), oidc("https://id.example/b"))).toEqual([
      [
        "breaking",
        "security-openid-connect-url-changed",
        "security scheme S",
        'openIdConnectUrl changed from "https://id.example/a" to "https://id.example/b": clients discover the provider from the old one',
        `${pointer}/openIdConnectUrl`,
        "revision",
      ],
    ]);
    expect((await scheme(oidc("/.well-known/a"), oidc("/.well-known/b"))).map((c) => c[1])).toEqual([
      "security-openid-connect-url-changed",
    ]);
    expect(await scheme(oidc("/.well-known/a"), oidc("/.well-known/a"))).toEqual([]);
  });

  test("OAuth 2 flows: a removed flow, a moved URL and a new flow, each with its pointer", async () => {
    const flows = (f: Json) => ({ type: "oauth2", flows: f });
    const code = { authorizationUrl: "https://id.example/auth", tokenUrl: "https://id.example/token", scopes: {} };
    const client = { tokenUrl: "https://id.example/token", scopes: {} };
    expect(
      await scheme(
        flows({ authorizationCode: code, clientCredentials: client }),
        flows({
          clientCredentials: { ...client, tokenUrl: "https://id.example/t2" },
          implicit: { authorizationUrl: "https://id.example/auth", scopes: {} },
        }),
      ),
    ).toEqual([
      [
        "breaking",
        "security-oauth-flow-removed",
        "security scheme S",
        "the OAuth 2 authorizationCode flow was removed: clients using it cannot get a token",
        `${pointer}/flows/authorizationCode`,
        "base",
      ],
      [
        "breaking",
        "security-oauth-url-changed",
        "security scheme S",
        'the clientCredentials flow\'s tokenUrl changed from "https://id.example/token" to "https://id.example/t2": clients configured with the old one fail',
        `${pointer}/flows/clientCredentials/tokenUrl`,
        "revision",
      ],
      ["changelog", "security-oauth-flow-added", "security scheme S", "new OAuth 2 implicit flow", `${pointer}/flows/implicit`, "revision"],
    ]);
  });

  test("a scheme's description edit points at the description", async () => {
    expect(
      await scheme({ type: "http", scheme: "bearer", description: "a" }, { type: "http", scheme: "bearer", description: "b" }),
    ).toEqual([["changelog", "description-changed", "security scheme S", "description changed", `${pointer}/description`, "revision"]]);
  });
});
