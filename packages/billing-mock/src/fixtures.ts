/**
 * Fixtures: the tokens, sessions, invoices and CC recipients the mock starts with.
 * Checked with Ajv against a schema whose invoice and recipient parts are the spec's own
 * schemas, so a fixture can never hold an id or address the API itself would refuse.
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { operationModel } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import defaults from "./default-fixtures.json" with { type: "json" };
import { addMockFormats } from "./formats.ts";
import type { AddInvoiceCcRecipientRequest } from "./contract.ts";

/** A fixed window: at most `limit` requests per `windowMs` milliseconds for each credential. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface CredentialFixture {
  /** Scopes granted: `read:billing` (list CC recipients), `write:billing` (resend, add, remove), as the spec asks. */
  scopes: string[];
  /** Overrides the mock-wide rate limit for this credential; `false` exempts it. */
  rateLimit?: RateLimit | false;
  /** Shown when the Node host prints the credentials it accepts. */
  note?: string;
}

export interface TokenFixture extends CredentialFixture {
  /** Accepted as `Authorization: Bearer <token>`. */
  token: string;
}

export interface SessionFixture extends CredentialFixture {
  /** Accepted as the `hostup_session` cookie. */
  session: string;
}

export interface LoginFixture extends CredentialFixture {
  /** Accepted as `Authorization: Basic <base64(username:password)>`, where an operation takes basic credentials. */
  username: string;
  password: string;
}

export interface InvoiceFixture {
  /** Public invoice ID; must match the spec's pattern. */
  id: string;
  /** The invoice's primary recipient: answered as `email` by resend. */
  email: string;
}

/**
 * Each member that is present replaces that member of the defaults; an absent one keeps
 * the defaults (`recipients: []` starts with no CC recipients).
 */
export interface BillingMockFixtures {
  tokens?: TokenFixture[];
  sessions?: SessionFixture[];
  /** User names and passwords for a spec's `http` `basic` schemes; none by default. */
  logins?: LoginFixture[];
  invoices?: InvoiceFixture[];
  /** CC recipients present at start, added as if through the API (lower-cased, cut, numbered from 1). */
  recipients?: AddInvoiceCcRecipientRequest[];
}

export type ResolvedFixtures = Required<BillingMockFixtures>;

/** Every scope an operation of the spec asks for: a fixture granting any other could only be a typo. */
// Stryker disable next-line MethodExpression: the order of an enum changes neither what passes nor Ajv's message.
const scopes = [
  ...new Set(
    Object.values(operationModel.operations).flatMap((operation) => operation.security.flat().flatMap((requirement) => requirement.scopes)),
  ),
].sort();

/**
 * The fixtures `pnpm mock:stateful` and `createBillingMock()` use when given none. Their
 * full-access credentials (the ones that hold every scope the defaults name) hold every scope
 * the spec asks for too: a spec that grows an operation with a scope of its own, or another
 * API's spec, is served to `test-token` without writing fixtures first.
 */
export const defaultFixtures: ResolvedFixtures = withSpecScopes(defaults as ResolvedFixtures);

function withSpecScopes(fixtures: ResolvedFixtures): ResolvedFixtures {
  const named = new Set([...fixtures.tokens, ...fixtures.sessions, ...fixtures.logins].flatMap((credential) => credential.scopes));
  const widen = <C extends { scopes: string[] }>(credential: C): C =>
    [...named].every((scope) => credential.scopes.includes(scope))
      ? { ...credential, scopes: [...new Set([...credential.scopes, ...scopes])] }
      : credential;
  return { ...fixtures, tokens: fixtures.tokens.map(widen), sessions: fixtures.sessions.map(widen), logins: fixtures.logins.map(widen) };
}

export class FixtureError extends Error {
  override name = "FixtureError";
  /** One line per problem, e.g. `/invoices/0/id must match pattern "^inv_[0-9a-z]{26}$"`. */
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`fixtures from ${source} are not valid:\n  ${problems.join("\n  ")}`);
    this.problems = problems;
  }
}

const rateLimitSchema = {
  oneOf: [
    { const: false },
    {
      type: "object",
      required: ["limit", "windowMs"],
      additionalProperties: false,
      properties: { limit: { type: "integer", minimum: 1 }, windowMs: { type: "integer", minimum: 1 } },
    },
  ],
};

// Visible ASCII only: anything else could not travel in an Authorization header or a cookie.
const visible = { type: "string", pattern: "^[\\x21-\\x7E]+$" };

const credential = (keys: Record<string, object>) => ({
  type: "object",
  required: [...Object.keys(keys), "scopes"],
  additionalProperties: false,
  properties: {
    ...keys,
    // A spec that asks for no scope admits none.
    scopes: { type: "array", items: scopes.length > 0 ? { enum: scopes } : false, uniqueItems: true },
    rateLimit: rateLimitSchema,
    note: { type: "string" },
  },
});

/**
 * The spec's own schemas for the HostUp parts of the fixtures; a spec without them (the mock
 * serving another API) checks those parts only loosely, as nothing of that spec reads them.
 */
const components = ((spec as { components?: unknown }).components ?? {}) as {
  parameters?: Record<string, { schema?: object } | undefined>;
  schemas?: Record<string, { properties?: Record<string, object | undefined> } | undefined>;
};

// A user name holds no colon (RFC 7617 §2); either may be any other text without controls, which basic credentials carry in base64.
const login = credential({
  username: { type: "string", pattern: "^[^:\\x00-\\x1F\\x7F]+$" },
  password: { type: "string", pattern: "^[^\\x00-\\x1F\\x7F]*$" },
});

const fixturesSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    tokens: { type: "array", items: credential({ token: visible }) },
    sessions: { type: "array", items: credential({ session: visible }) },
    logins: { type: "array", items: login },
    invoices: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "email"],
        additionalProperties: false,
        properties: {
          id: components.parameters?.InvoiceId?.schema ?? { type: "string" },
          email: components.schemas?.InvoiceEmailResend?.properties?.email ?? { type: "string" },
        },
      },
    },
    recipients: { type: "array", items: components.schemas?.AddInvoiceCcRecipientRequest ?? { type: "object" } },
  },
};

// Strict also means strict numbers: Infinity and NaN are refused where a number is expected, as
// JSON, which cannot hold them, would; without it `limit: Infinity` passed for an integer.
const ajv = new Ajv2020({ allErrors: true, strict: true });
addMockFormats(ajv);
const check = ajv.compile(fixturesSchema);

/** Validates fixtures and fills absent members from the defaults. Throws FixtureError listing every problem. */
export function resolveFixtures(fixtures: BillingMockFixtures | undefined, source = "the `fixtures` option"): ResolvedFixtures {
  if (fixtures === undefined) return defaultFixtures;
  // Stryker disable next-line ArrayDeclaration: Ajv always sets `errors` when a check fails; `?? []` only satisfies its type.
  if (!check(fixtures)) throw new FixtureError(source, (check.errors ?? []).map(describe));
  const resolved: ResolvedFixtures = { ...defaultFixtures, ...fixtures };
  const problems = [
    ...duplicates(
      resolved.tokens.map((t) => t.token),
      "/tokens",
      "token",
    ),
    ...duplicates(
      resolved.sessions.map((s) => s.session),
      "/sessions",
      "session",
    ),
    ...duplicates(
      resolved.logins.map((l) => l.username),
      "/logins",
      "username",
    ),
    ...duplicates(
      resolved.invoices.map((i) => i.id),
      "/invoices",
      "id",
    ),
    ...duplicates(
      resolved.recipients.map((r) => r.email.toLowerCase()),
      "/recipients",
      "email",
    ),
  ];
  if (problems.length > 0) throw new FixtureError(source, problems);
  return resolved;
}

function duplicates(values: string[], at: string, member: string): string[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (!seen.has(value)) {
      seen.add(value);
      return [];
    }
    return [`${at}/${index}/${member} repeats ${JSON.stringify(value)}`];
  });
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || "(root)";
  if (error.keyword === "additionalProperties") return `${where} has an unknown member ${JSON.stringify(error.params.additionalProperty)}`;
  return `${where} ${error.message ?? "is invalid"}`;
}
