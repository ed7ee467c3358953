/**
 * No regular expression the mocks run on what a client sends can be made to backtrack: each
 * is linear, or runs only on input whose length is capped first. The audit below lists every
 * pattern in the mocks' sources with the reason it is safe; a pattern added to a source fails
 * the first test until it is audited here. Then each is run through the real request path
 * on inputs built to backtrack, 100,000 characters where the path lets them through (64 KiB
 * bodies, and Node's 16 KiB of headers over HTTP), within a generous time bound: a
 * super-linear pattern takes seconds to hours on such inputs, these take milliseconds.
 *
 * Run on input, besides the sources' own: Ajv's `email` format (formats.ts checks its lengths
 * first, so ajv-formats' pattern sees at most 254 characters), the spec's `pattern`s (compiled
 * by Ajv with the `u` flag: `^inv_[0-9a-z]{26}$` on the invoice id, `^[0-9]+$` on the id to
 * remove, both anchored with no nested quantifier), Hono's RegExpRouter (one alternation of
 * the spec's path templates, `[^/]+` per parameter between literal slashes), and on Prism,
 * its Ajv and ajv-formats' `email` pattern (linear, probed below with 60,000-character addresses).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createBillingMock, MAX_BODY_BYTES } from "@hostup/billing-mock";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { serverUrl } from "@hostup/billing-openapi";
import { root } from "../../pipeline/paths.ts";
import { invoiceId, pathOf } from "../support/examples.ts";

/** Every regular expression in the mocks' sources, by file and text, and why it is safe. */
const AUDIT: Record<string, string> = {
  "packages/billing-mock/src/deprecation.ts /^\\d{4}-\\d{2}-\\d{2}$/":
    "anchored, fixed counts only: ten characters at most are read (the spec's x-sunset, not request input)",
  "packages/billing-mock/src/credentials.ts /^Bearer +([\\x21-\\x7E]+)$/i":
    "anchored; ` +` and the token's class share no character, so each character has one way to match (Authorization)",
  "packages/billing-mock/src/credentials.ts /^Basic +([A-Za-z0-9+/]+={0,2})$/i":
    "anchored; ` +`, the base64 class and `=` share no character, so each character has one way to match (Authorization)",
  "packages/billing-mock/src/parameter-styles.ts /%(?![0-9A-Fa-f]{2})/":
    "a literal then a fixed-length lookahead: linear (parameter values)",
  "packages/billing-mock/src/parameter-styles.ts /%20|\\+| /": "an alternation of literals, no quantifier (spaceDelimited query values)",
  "packages/billing-mock/src/parameter-styles.ts /%7C|\\|/i": "an alternation of literals, no quantifier (pipeDelimited query values)",
  'packages/billing-mock/src/parameter-styles.ts /^"(.*)"$/':
    "anchored at the start, one quantifier: at most one backward scan (cookie values)",
  "packages/billing-mock/src/replies.ts /^application\\/([\\w.-]+\\+)?json\\s*(;|$)/i": "the spec's media types, not request input",
  "pipeline/prism-request-rules.ts /^basic /i": "anchored literal, no quantifier (Authorization)",
  "pipeline/prism-request-rules.ts /^bearer /i": "anchored literal, no quantifier (Authorization)",
  "packages/billing-mock/src/prefer.ts /[,;]/": "a single character class, no quantifier (Prefer)",
  'packages/billing-mock/src/prefer.ts /^"(.*)"$/': "anchored at the start, one quantifier: at most one backward scan (Prefer values)",
  "packages/billing-mock/src/prefer.ts /^\\d{1,9}$/": "anchored, at most 9 repetitions (Prefer code, delay)",
  "packages/billing-mock/src/validation.ts /^\\/requestBody/": "anchored literal, on Ajv's instancePath",
  "packages/billing-mock/src/control-access.ts /[\\s@/\\\\?#]/": "a single character class, no quantifier (Host; allowedHosts)",
  "packages/billing-mock/src/control-access.ts /\\/$/": "the developer's allowedOrigins option, not request input",
  "packages/billing-mock/src/control-access.ts /^127(\\.\\d{1,3}){3}$/":
    "anchored, bounded repetitions, on a host name URL parsing has normalised (Host, Origin; probed in control-api.test.ts)",
  "packages/billing-mock/src/control-access.ts /^Bearer +(\\S+)$/i":
    "anchored; ` +` and `\\S+` share no character (control API Authorization; probed in control-api.test.ts)",
  "packages/billing-mock/src/control-access.ts /^[\\x21-\\x7E]+$/": "the developer's controlToken option, not request input",
  "packages/billing-mock/src/control-access.ts /^application\\/[\\w.-]+\\+json$/":
    "anchored; the class excludes `+`, so one way to match (control API Content-Type; probed in control-api.test.ts)",
  'packages/billing-mock/src/www-authenticate.ts /["\\\\]/g': "a single character class, on the spec's realm, not request input",
  "packages/billing-mock/src/www-authenticate.ts /^Bearer +\\S/i":
    "anchored, one quantifier followed by a class it does not share (Authorization)",
  "pipeline/prism-challenge.ts /\\{([^}]+)\\}/g": "the spec's path templates, not request input",
  "pipeline/prism-challenge.ts /\\berror=/": "a literal after a word boundary, on the WWW-Authenticate Prism answered",
  "packages/billing-mock/src/routes.ts /\\{([^}]+)\\}/g": "the spec's path templates, not request input",
  "packages/billing-mock/src/msw.ts /\\/+$/": "the developer's baseUrl option, not request input",
  "packages/billing-mock/src/msw.ts /\\{([^}]+)\\}/g": "the spec's path templates, not request input",
  "packages/billing-mock/src/negotiation.ts /^(0(\\.\\d{0,3})?|1(\\.0{0,3})?)$/":
    "anchored, alternation of literals with at most 3 repetitions each (an Accept range's q)",
  "packages/billing-mock/src/normalize-path.ts /%([0-9A-Fa-f]{2})/g": "a literal then exactly two characters: linear (the request path)",
  "packages/billing-mock/src/normalize-path.ts /^[A-Za-z0-9\\-._~]$/": "anchored, one character (a decoded escape)",
  "pipeline/prism-request-rules.ts /\\{([^}]+)\\}/g": "the spec's path templates, not request input",
  'pipeline/prism-front.ts /^"(.*)"$/': "anchored at the start, one quantifier (Prefer values, before Prism)",
  "pipeline/prism-front.ts /^\\d+$/": "anchored, one quantifier (Prefer delay)",
  "pipeline/prism-front.ts /\\{([^}]+)\\}/g": "the spec's path templates, not request input",
  "pipeline/prism-front.ts /^application\\/([\\w.+-]+\\+)?json\\b/i":
    "anchored, one quantifier inside an optional group: one backward scan (Content-Type)",
};

const SOURCES = [
  ...readdirSync(join(root, "packages/billing-mock/src"))
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(root, "packages/billing-mock/src", name)),
  join(root, "pipeline/prism-front.ts"),
  join(root, "pipeline/prism-request-rules.ts"),
  join(root, "pipeline/prism-challenge.ts"),
];

/** `file /pattern/flags` for every regular expression literal, and `file RegExp(...)` for every constructed one. */
function patternsIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const at = relative(root, file);
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.push(`${at} ${node.getText()}`);
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp")
      found.push(`${at} ${node.getText()}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Generous: every probe below takes milliseconds; a backtracking pattern on these inputs takes seconds to hours. */
const BOUND_MS = 1000;
/** Prism is slower per request (about 2 ms against the stateful mock's 0.03 ms), so its bound is twice as generous. */
const PRISM_BOUND_MS = 2000;
const N = 100_000;
/** Over HTTP a header line must fit Node's 16 KiB limit: the longest probes that reach the mocks' code. */
const H = 15_000;
/** Within MAX_BODY_BYTES with the JSON around it. */
const B = MAX_BODY_BYTES - 1000;

const AUTH = { Authorization: "Bearer test-token" };
const JSON_AUTH = { ...AUTH, "Content-Type": "application/json" };

/** Header values built to backtrack the header patterns, at `length` characters. */
function hostileHeaders(length: number): [string, Record<string, string>, number][] {
  return [
    ["Authorization: spaces, a token, a space", { Authorization: `Bearer ${" ".repeat(length)}a b` }, 401],
    ["Authorization: token characters then a space", { Authorization: `Bearer ${"!".repeat(length)} ` }, 401],
    ["Authorization: spaces only", { Authorization: `Bearer${" ".repeat(length)}` }, 401],
    ["Authorization: alternating token and space", { Authorization: `Bearer ${"a ".repeat(length / 2)}` }, 401],
    ["Prefer: quotes without an end", { ...AUTH, Prefer: `example=${'"'.repeat(length)}x` }, 400],
    ["Prefer: a quoted code of digits", { ...AUTH, Prefer: `code="${"1".repeat(length)}` }, 400],
    ["Prefer: separators only", { ...AUTH, Prefer: ",;".repeat(length / 2) }, 200],
    ["Prefer: equals signs", { ...AUTH, Prefer: `delay=${"=".repeat(length)}` }, 400],
    ["Cookie: a session of pairs", { Cookie: `hostup_session=${"a=;".repeat(length / 3)}` }, 401],
  ];
}

/** Request bodies built to backtrack the email format's and the spec's patterns, within the body limit. */
const HOSTILE_BODIES: [string, string, "POST" | "DELETE", unknown][] = [
  ["email: a domain of dashes ending badly", "addInvoiceCcRecipient", "POST", { email: `a@a${"-".repeat(B)}!` }],
  ["email: labels of one character, no end", "addInvoiceCcRecipient", "POST", { email: `a@${"a.".repeat(B / 2)}-` }],
  ["email: a local part of dotted atoms, no @", "addInvoiceCcRecipient", "POST", { email: `${"a.".repeat(B / 2)}!` }],
  ["email: one 65,000-character label", "addInvoiceCcRecipient", "POST", { email: `a@${"a".repeat(B)}` }],
  ["email: alternating label characters and dashes", "addInvoiceCcRecipient", "POST", { email: `a@${"a-".repeat(B / 2)}.` }],
  ["email: @ signs only", "addInvoiceCcRecipient", "POST", { email: "@".repeat(B) }],
  ["id to remove: digits then a letter", "removeInvoiceCcRecipient", "DELETE", { id: `${"1".repeat(B)}x` }],
];

/** Paths built to backtrack the router and the invoice id's pattern. */
function hostilePaths(length: number): [string, string][] {
  const resend = (id: string) => pathOf("resendInvoiceEmail", { id });
  return [
    ["an invoice id of letters", resend("a".repeat(length))],
    ["an invoice id with the pattern's prefix, then too long", resend(`inv_${"0".repeat(length)}`)],
    ["an invoice id of repeated prefixes", resend("inv_".repeat(length / 4))],
    ["slashes only", "/".repeat(length)],
    ["slashes, then an operation's path", `${"/".repeat(length)}${pathOf("addInvoiceCcRecipient")}`],
    ["the operation's path repeated", pathOf("addInvoiceCcRecipient").repeat(length / 40)],
  ];
}

async function timed(send: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await send();
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

test("every regular expression in the mocks' sources is in the audit", () => {
  const found = SOURCES.flatMap(patternsIn).sort();
  expect(found).toEqual(Object.keys(AUDIT).sort());
});

describe("the stateful mock in-process, with no header limit: 100,000-character inputs", () => {
  const mock = createBillingMock({ rateLimit: false });
  const resend = `${serverUrl}${pathOf("resendInvoiceEmail", { id: invoiceId })}`;

  test.each(hostileHeaders(N))("%s", async (_, headers, status) => {
    const answer = await timed(() => mock.fetch(resend, { method: "POST", headers }));
    expect(answer.status).toBe(status);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test.each(HOSTILE_BODIES)("%s", async (_, operationId, method, body) => {
    const answer = await timed(() =>
      mock.fetch(`${serverUrl}${pathOf(operationId as "addInvoiceCcRecipient")}`, {
        method,
        headers: JSON_AUTH,
        body: JSON.stringify(body),
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test.each(hostilePaths(N))("a path: %s", async (_, path) => {
    const answer = await timed(() => mock.fetch(`${serverUrl}${path}`, { method: "POST", headers: AUTH }));
    expect([400, 404, 405]).toContain(answer.status);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });
});

describe("the stateful mock's Node host: the longest inputs HTTP lets through, and the control API", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false });
  });
  afterAll(() => server.close());

  test.each(hostileHeaders(H))("%s", async (_, headers, status) => {
    const answer = await timed(() => fetch(`${server.url}${pathOf("resendInvoiceEmail", { id: invoiceId })}`, { method: "POST", headers }));
    expect(answer.status).toBe(status);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test("a header past Node's limit is refused before any pattern sees it", async () => {
    const answer = await timed(() =>
      fetch(`${server.url}${pathOf("resendInvoiceEmail", { id: invoiceId })}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${" ".repeat(N)}a b` },
      }),
    );
    expect([400, 431]).toContain(answer.status);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test.each(HOSTILE_BODIES)("%s", async (_, operationId, method, body) => {
    const answer = await timed(() =>
      fetch(`${server.url}${pathOf(operationId as "addInvoiceCcRecipient")}`, { method, headers: JSON_AUTH, body: JSON.stringify(body) }),
    );
    expect(answer.status).toBe(400);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test.each(hostilePaths(H))("a path: %s", async (_, path) => {
    const answer = await timed(() => fetch(`${server.url}${path}`, { method: "POST", headers: AUTH }));
    expect([400, 404, 405]).toContain(answer.status);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test.each([
    ["a scenario whose operationId is 60,000 characters", { operationId: "x".repeat(B) }],
    ["a scenario whose example is 60,000 characters", { operationId: "resendInvoiceEmail", code: 404, example: "x".repeat(B) }],
  ])("control API: %s", async (_, body) => {
    const answer = await timed(() =>
      fetch(`${server.url}/__mock/scenarios`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });

  test.each([
    ["a query of 3,000 parameters", `/__mock/state?${"a=1&".repeat(H / 5)}`],
    ["a path of slashes under the prefix", `/__mock/${"/".repeat(H)}`],
    ["a path of trailing slashes", `/__mock/state${"/".repeat(H)}x`],
  ])("control API: %s", async (_, path) => {
    const answer = await timed(() => fetch(`${server.url}${path}`));
    expect(answer.status).toBeLessThan(500);
    expect(answer.ms).toBeLessThan(BOUND_MS);
  });
});

describe("Prism (pnpm mock): its guard's patterns and its own validation", () => {
  const prism = () => inject("prismUrl");

  test.each([
    ["Prefer: quotes without an end", { Prefer: `delay=${'"'.repeat(H)}x` }],
    ["Prefer: a quoted delay of digits", { Prefer: `delay="${"1".repeat(H)}` }],
    ["Prefer: separators and equals signs", { Prefer: ",;=".repeat(H / 3) }],
  ])("%s", async (_, headers) => {
    const answer = await timed(() =>
      fetch(`${prism()}${pathOf("resendInvoiceEmail", { id: invoiceId })}`, { method: "POST", headers: { ...AUTH, ...headers } }),
    );
    expect(answer.status).toBeLessThan(500);
    expect(answer.ms).toBeLessThan(PRISM_BOUND_MS);
  });

  test.each([
    ["plus signs without json", `application/${"+".repeat(H)}x`],
    ["suffix-like parts without json", `application/${"a+".repeat(H / 2)}`],
  ])("Content-Type: %s", async (_, contentType) => {
    const answer = await timed(() =>
      fetch(`${prism()}${pathOf("addInvoiceCcRecipient")}`, {
        method: "POST",
        headers: { ...AUTH, "Content-Type": contentType },
        body: JSON.stringify({ email: "ap@example.com" }),
      }),
    );
    expect(answer.status).toBeLessThan(500);
    expect(answer.ms).toBeLessThan(PRISM_BOUND_MS);
  });

  test.each(HOSTILE_BODIES)("%s", async (_, operationId, method, body) => {
    const answer = await timed(() =>
      fetch(`${prism()}${pathOf(operationId as "addInvoiceCcRecipient")}`, { method, headers: JSON_AUTH, body: JSON.stringify(body) }),
    );
    expect(answer.status).toBe(400);
    expect(answer.ms).toBeLessThan(PRISM_BOUND_MS);
  });

  test.each(hostilePaths(H))("a path: %s", async (_, path) => {
    const answer = await timed(() => fetch(`${prism()}${path}`, { method: "POST", headers: AUTH }));
    expect([400, 404, 405]).toContain(answer.status);
    expect(answer.ms).toBeLessThan(PRISM_BOUND_MS);
  });
});
