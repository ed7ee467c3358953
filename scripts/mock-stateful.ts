/**
 * `pnpm mock:stateful`: the stateful mock on MOCK_HOST:MOCK_PORT (127.0.0.1:4010), like
 * `pnpm mock`. MOCK_FIXTURES names a fixtures JSON file; MOCK_RATE_LIMIT is `<requests>/<seconds>`
 * (default 60/60) or `off`. The control API under /__mock/ answers loopback hosts and origins
 * only, plus the comma-separated MOCK_ALLOWED_HOSTS and MOCK_ALLOWED_ORIGINS; MOCK_CONTROL_TOKEN
 * makes it require `Authorization: Bearer <token>`.
 */
// First: it may re-execute the process with the memory settings a long-running server needs.
import "../pipeline/server-memory.ts";
import { DEFAULT_RATE_LIMIT, defaultFixtures, FixtureError, type BillingMockFixtures, type RateLimit } from "@hostup/billing-mock";
import { loadFixtures, startBillingMock } from "@hostup/billing-mock/node";
import { operationModel } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { fail, listOf, readAddress, startServer, stopOnSignals } from "../pipeline/server-cli.ts";
import { tryItCommands } from "../pipeline/try-it.ts";

const SCRIPT = "mock:stateful";
// Settings first, so a bad one is reported before anything starts.
const address = readAddress(SCRIPT);
const rateLimit = parseRateLimit(process.env.MOCK_RATE_LIMIT);
const allowedHosts = listOf(process.env.MOCK_ALLOWED_HOSTS);
const allowedOrigins = listOf(process.env.MOCK_ALLOWED_ORIGINS);
const controlToken = process.env.MOCK_CONTROL_TOKEN || undefined;

let fixtures: BillingMockFixtures | undefined;
if (process.env.MOCK_FIXTURES) {
  try {
    fixtures = await loadFixtures(process.env.MOCK_FIXTURES);
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    fail(SCRIPT, 2, `${error.message}\nFix the file, or unset MOCK_FIXTURES to use the defaults.`);
  }
}
const used = { ...defaultFixtures, ...fixtures };

const server = await startServer(SCRIPT, address, (address) =>
  startBillingMock({
    ...address,
    ...(fixtures ? { fixtures } : {}),
    rateLimit,
    allowedHosts,
    allowedOrigins,
    ...(controlToken ? { controlToken } : {}),
    log: (line) => console.log(line),
    // Loaded on the first visit: the renderer's imports (TypeScript among them) would otherwise
    // hold about 80 MB in every mock process, most of which never serves /docs.
    docs: async () => (await import("../pipeline/api-reference.ts")).renderReference(spec),
  }),
);
stopOnSignals(SCRIPT, () => server.close());

const limitText = (limit: RateLimit | false | undefined) =>
  limit === false ? "not rate limited" : limit ? `${limit.limit} requests per ${limit.windowMs / 1000} s` : "";
console.log(`mock:stateful: serving the stateful billing mock at ${server.url}`);
console.log(`mock:stateful: API reference at ${server.url}/docs`);
console.log(
  `mock:stateful: control API at ${server.url}/__mock/ (reset, state, scenarios, requests), described at ${server.url}/__mock/openapi.json`,
);
console.log(
  `mock:stateful: the control API answers loopback hosts and origins${allowedHosts.length > 0 ? `, hosts ${allowedHosts.join(", ")}` : ""}` +
    `${allowedOrigins.length > 0 ? `, origins ${allowedOrigins.join(", ")}` : ""}${controlToken ? ", with the MOCK_CONTROL_TOKEN bearer token" : ""}`,
);
console.log(
  server.answeredFromExamples.length === 0
    ? `mock:stateful: every operation of the spec (${Object.keys(operationModel.operations).length}) has behaviour`
    : `mock:stateful: no behaviour yet, answering their first success example (X-Mock-Source: example): ${server.answeredFromExamples.join(", ")}`,
);
console.log(
  `mock:stateful: fixtures from ${process.env.MOCK_FIXTURES ?? "the defaults (@hostup/billing-mock/fixtures.json)"}; rate limit ${limitText(rateLimit)} per credential`,
);
console.log("tokens (Authorization: Bearer <token>, or an API key in a header or the query):");
for (const t of used.tokens)
  console.log(
    `  ${t.token}  scopes: ${t.scopes.join(" ") || "(none)"}${t.rateLimit !== undefined ? `, ${limitText(t.rateLimit)}` : ""}${t.note ? `  (${t.note})` : ""}`,
  );
console.log("sessions (an API key in a cookie, such as hostup_session=<session>):");
for (const s of used.sessions) console.log(`  ${s.session}  scopes: ${s.scopes.join(" ") || "(none)"}${s.note ? `  (${s.note})` : ""}`);
if (used.logins.length > 0) {
  console.log("logins (Authorization: Basic <user:password>):");
  for (const l of used.logins) console.log(`  ${l.username}  scopes: ${l.scopes.join(" ") || "(none)"}${l.note ? `  (${l.note})` : ""}`);
}
console.log("invoices (id → primary recipient):");
for (const invoice of used.invoices) console.log(`  ${invoice.id} → ${invoice.email}`);
console.log(`CC recipients at start: ${server.state.recipients.map((r) => r.email).join(", ") || "(none)"}`);
const credentials = {
  token: used.tokens[0]?.token ?? "<token>",
  session: used.sessions[0]?.session ?? "<session>",
  login: used.logins[0] ? `${used.logins[0].username}:${used.logins[0].password}` : "<user>:<password>",
};
const [firstOperation] = Object.keys(operationModel.operations);
console.log("try it:");
for (const command of tryItCommands(operationModel, server.url, credentials)) console.log(`  ${command}`);
if (firstOperation) {
  console.log(
    `  curl -i -X POST ${server.url}/__mock/scenarios -H 'Content-Type: application/json'${controlToken ? " -H 'Authorization: Bearer $MOCK_CONTROL_TOKEN'" : ""} ` +
      `-d '${JSON.stringify({ operationId: firstOperation, code: 503, times: 2 })}'`,
  );
}

/** A comma-separated setting as a list, blanks dropped. */
function parseRateLimit(value: string | undefined): RateLimit | false {
  if (value === undefined || value === "") return DEFAULT_RATE_LIMIT;
  if (value === "off") return false;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    fail(SCRIPT, 2, `MOCK_RATE_LIMIT must be <requests>/<seconds> such as 60/60, or off; not ${JSON.stringify(value)}`);
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}
