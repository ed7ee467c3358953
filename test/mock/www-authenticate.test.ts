/**
 * RFC 6750 §3 challenges on both mocks: every 401 and 403 carries `WWW-Authenticate` as the
 * spec's header declares it, in the realm the spec's bearer scheme names (`x-realm`), with
 * `error="invalid_token"` for a refused token and `error="insufficient_scope"` plus the
 * operation's scopes for a missing scope.
 */
import fixtures from "@hostup/billing-mock/fixtures.json" with { type: "json" };
import { describe, expect, inject, test } from "vitest";
import { hosts } from "../support/mock-hosts.ts";
import { pathOf, requestBodyExample } from "../support/examples.ts";
import { operation, operationIds, resolved, type OperationId } from "../support/spec.ts";
import { operationMetadata, operationModel } from "@hostup/billing-openapi";

type Scheme = { type: string; scheme?: string; in?: string; name?: string; "x-realm"?: string };
const schemes = Object.entries((resolved.components?.securitySchemes ?? {}) as Record<string, Scheme>);
const [bearerName, bearer] = schemes.find(([, scheme]) => scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer")!;
const cookieName = schemes.find(([, scheme]) => scheme.type === "apiKey" && scheme.in === "cookie")?.[1].name;
const realm = bearer["x-realm"];

type Header = { required?: boolean; example?: string; schema?: { pattern?: string } };
function declaredChallenge(operationId: OperationId, status: 401 | 403): Header | undefined {
  const response = operation(operationId).responses?.[String(status)] as { headers?: Record<string, Header> } | undefined;
  return response?.headers?.["WWW-Authenticate"];
}

/** The scopes the operation's bearer requirement asks for. */
function bearerScopes(operationId: OperationId): string[] {
  return operation(operationId).security?.find((requirement) => bearerName in requirement)?.[bearerName] ?? [];
}

/** A fixture token missing one of the operation's bearer scopes. */
function tokenLackingScope(operationId: OperationId): string | undefined {
  const needed = bearerScopes(operationId);
  return fixtures.tokens.find((token) => !("rateLimit" in token) && needed.some((scope) => !token.scopes.includes(scope)))?.token;
}

/** The examples of the operation's required header parameters (an `Idempotency-Key`, say): a request without them is refused before its credentials count. */
function requiredHeaders(operationId: OperationId): Record<string, string> {
  const parameters = operationModel.operations[operationId]?.parameters ?? [];
  return Object.fromEntries(
    parameters.filter((p) => p.in === "header" && p.required && p.example !== undefined).map((p) => [p.name, String(p.example)]),
  );
}

/** The operation's request with these headers; its example body and required headers, when it takes them, so only the credentials are at fault. */
function send(base: (path: string, init?: RequestInit) => Promise<Response>, operationId: OperationId, headers: Record<string, string>) {
  const body = operation(operationId).requestBody ? JSON.stringify(requestBodyExample(operationId)) : undefined;
  const all = { ...requiredHeaders(operationId), ...headers };
  return base(pathOf(operationId), {
    method: operationMetadata[operationId].method.toUpperCase(),
    headers: body ? { ...all, "Content-Type": "application/json" } : all,
    ...(body ? { body } : {}),
  });
}

describe("the spec declares the challenge", () => {
  test("its bearer scheme names a realm, and every 401 and 403 declares a required WWW-Authenticate whose example is that realm's challenge", () => {
    expect(realm).toMatch(/\S/);
    for (const operationId of operationIds) {
      for (const status of [401, 403] as const) {
        const header = declaredChallenge(operationId, status);
        if (!operation(operationId).responses?.[String(status)]) continue;
        expect(header, `${operationId} ${status}`).toMatchObject({ required: true, example: `Bearer realm="${realm}"` });
        expect(new RegExp(header!.schema!.pattern!).test(header!.example!)).toBe(true);
      }
    }
  });
});

describe.each(hosts)("the stateful mock $name", (kind) => {
  test.each(operationIds)(
    "%s: a 401 without credentials is challenged with the spec's example, in the spec's realm",
    async (operationId) => {
      const host = await kind.start({ rateLimit: false });
      try {
        const answer = await send(host.fetch, operationId, {});
        expect(answer.status).toBe(401);
        expect(answer.headers.get("www-authenticate")).toBe(`Bearer realm="${realm}"`);
        expect(answer.headers.get("www-authenticate")).toBe(declaredChallenge(operationId, 401)!.example);
      } finally {
        await host.close();
      }
    },
  );

  test.each(operationIds)("%s: a refused token gets error=invalid_token; a refused session cookie alone does not", async (operationId) => {
    const host = await kind.start({ rateLimit: false });
    try {
      const refused = await send(host.fetch, operationId, { Authorization: "Bearer not-a-known-token" });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe(`Bearer realm="${realm}", error="invalid_token"`);
      if (cookieName) {
        const session = await send(host.fetch, operationId, { Cookie: `${cookieName}=not-a-known-session` });
        expect(session.status).toBe(401);
        expect(session.headers.get("www-authenticate")).toBe(`Bearer realm="${realm}"`);
      }
    } finally {
      await host.close();
    }
  });

  test.each(operationIds)(
    "%s: a token without the operation's scope gets 403 with error=insufficient_scope and the scope",
    async (operationId) => {
      const token = tokenLackingScope(operationId);
      expect(token, "the fixtures have a token without this operation's scope").toBeDefined();
      const host = await kind.start({ rateLimit: false });
      try {
        const answer = await send(host.fetch, operationId, { Authorization: `Bearer ${token}` });
        expect(answer.status).toBe(403);
        expect(answer.headers.get("www-authenticate")).toBe(
          `Bearer realm="${realm}", error="insufficient_scope", scope="${bearerScopes(operationId).join(" ")}"`,
        );
      } finally {
        await host.close();
      }
    },
  );
});

test("a page on another origin can read the challenge: the Node host exposes WWW-Authenticate", async () => {
  const host = await hosts[1]!.start({ rateLimit: false });
  try {
    const answer = await send(host.fetch, operationIds[0]!, { Origin: "https://app.example.test" });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("access-control-expose-headers")?.toLowerCase().split(",")).toContain("www-authenticate");
  } finally {
    await host.close();
  }
});

// The mutation run (vitest.mutation.config.ts) starts no Prism: it mutates the packages' sources,
// which these tests of the Prism front do not reach.
describe.skipIf(inject("prismUrl") === undefined)("Prism (pnpm mock)", () => {
  const prism = (path: string, init?: RequestInit) => fetch(`${inject("prismUrl")}${path}`, init);

  test.each(operationIds)("%s: its own 401 for a missing credential carries the spec's challenge", async (operationId) => {
    const answer = await send(prism, operationId, {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe(declaredChallenge(operationId, 401)!.example);
  });

  test.each(operationIds)("%s: a 403 asked for with Prefer names the missing scope", async (operationId) => {
    const answer = await send(prism, operationId, { Authorization: "Bearer any", Prefer: "code=403" });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("www-authenticate")).toBe(
      `Bearer realm="${realm}", error="insufficient_scope", scope="${bearerScopes(operationId).join(" ")}"`,
    );
  });
});
