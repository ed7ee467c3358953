/**
 * Two mocks, one behaviour: the same requests, generated from the spec, go to `pnpm mock`
 * (Prism behind its front) and `pnpm mock:stateful`, each a real process on a free port, and
 * their answers are compared by status, Problem `code` and media type (and a documented
 * status's body, the spec's example, in full). A difference passes
 * only when packages/billing-mock/README.md lists it, with its reason, under "Differences
 * between the mocks"; a row no probe finds any more fails too. Every request goes over a raw
 * socket and must be answered within 2 s, so a mock that hangs fails instead of stalling.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exchange, type RawAnswer } from "../support/raw-http.ts";
import { scriptServer } from "../support/process.ts";
import { conformanceProbes, type Probe } from "./conformance-probes.ts";
import { documentedDifferences, matches, README, type Difference, type Outcome } from "./documented-differences.ts";

/** The answer time every request must stay under; a hung mock takes forever. */
const BOUND_MS = 2_000;
const SETTINGS = { MOCK_HOST: "127.0.0.1", MOCK_PORT: "0", MOCK_RATE_LIMIT: "off" };

const prism = scriptServer("scripts/mock.ts", /mock: Prism is serving \S+ at (http:\/\/\S+)/, SETTINGS);
const stateful = scriptServer("scripts/mock-stateful.ts", /mock:stateful: serving the stateful billing mock at (http:\/\/\S+)/, SETTINGS);

const probes = conformanceProbes();
const differences = documentedDifferences();
/** Which rows some probe matched. */
const found = new Set<Difference>();
const slowest = { prism: 0, stateful: 0 };
let identical = 0;

function outcomeOf(answer: Extract<RawAnswer, { answered: true }>): Outcome {
  const mediaType = answer.headers["content-type"]?.split(";")[0]!.trim().toLowerCase();
  let code: string | undefined;
  if (mediaType?.endsWith("json")) {
    try {
      const body = JSON.parse(answer.body) as { code?: unknown };
      if (typeof body?.code === "string") code = body.code;
    } catch {
      code = "(not JSON)";
    }
  }
  return { status: answer.status, ...(code ? { code } : {}), ...(mediaType ? { mediaType } : {}) };
}

/** The answer's body as the caller reads it: JSON parsed, anything else as its text. */
function bodyOf(answer: Extract<RawAnswer, { answered: true }>): unknown {
  return answer.headers["content-type"]?.includes("json") ? JSON.parse(answer.body) : answer.body;
}

function rowFor(probe: Probe): Difference | undefined {
  return differences.find((row) => (row.operation === "any" || row.operation === probe.operationId) && row.probe === probe.what);
}

beforeAll(async () => {
  // A first request warms each process up (Prism compiles its validators): not what the 2 s bound is about.
  const { method, target } = probes[0]!.request;
  await Promise.all([fetch(`${prism.url}${target}`, { method }), fetch(`${stateful.url}${target}`, { method })]);
});

afterAll(() => {
  const documented = probes.length - identical;
  // Only meaningful when every request passed: then the rest are the table's differences.
  console.log(
    `conformance: ${probes.length} requests to both mocks, ${identical} answered alike, ${documented} documented differences; ` +
      `slowest answer ${Math.round(slowest.prism)} ms (pnpm mock), ${Math.round(slowest.stateful)} ms (pnpm mock:stateful)`,
  );
});

for (const part of ["scenario", "hostile"] as const) {
  describe(part === "scenario" ? "every operation × documented status, through Prefer: code" : "malformed and hostile input", () => {
    for (const probe of probes.filter((p) => p.part === part)) {
      test(probe.name, async () => {
        // Each request meets the stateful mock's fixtures, whatever the requests before it did.
        expect(
          (await fetch(`${stateful.url}/__mock/reset`, { method: "POST", headers: { "Content-Type": "application/json" } })).status,
        ).toBe(204);
        const [fromPrism, fromStateful] = await Promise.all([
          exchange(prism.url, probe.request, BOUND_MS),
          exchange(stateful.url, probe.request, BOUND_MS),
        ]);
        if (!fromPrism.answered) expect.fail(`pnpm mock: ${fromPrism.reason}`);
        if (!fromStateful.answered) expect.fail(`pnpm mock:stateful: ${fromStateful.reason}`);
        slowest.prism = Math.max(slowest.prism, fromPrism.ms);
        slowest.stateful = Math.max(slowest.stateful, fromStateful.ms);
        const answers = { prism: outcomeOf(fromPrism), stateful: outcomeOf(fromStateful) };
        const row = rowFor(probe);
        if (!row) {
          expect(answers.prism, `pnpm mock (received) and pnpm mock:stateful (expected) differ; fix one, or list it in ${README}`).toEqual(
            answers.stateful,
          );
          // A documented status is answered with the spec's example by both: the same body, not only the same status.
          if (part === "scenario") expect(bodyOf(fromPrism), "the example each mock answered").toEqual(bodyOf(fromStateful));
          identical += 1;
          return;
        }
        found.add(row);
        expect(
          matches(row.prism, answers.prism),
          `pnpm mock answered ${JSON.stringify(answers.prism)}; the table says ${JSON.stringify(row.prism)}`,
        ).toBe(true);
        expect(
          matches(row.stateful, answers.stateful),
          `pnpm mock:stateful answered ${JSON.stringify(answers.stateful)}; the table says ${JSON.stringify(row.stateful)}`,
        ).toBe(true);
      });
    }
  });
}

test("every documented difference is one the requests still find", () => {
  const stale = differences.filter((row) => !found.has(row)).map((row) => `${row.operation}: ${row.probe}`);
  expect(stale, `rows of ${README} that no request found: remove them, or the probe that lost them`).toEqual([]);
});
