/**
 * `pnpm bench`: what @hostup/billing-client costs over raw openapi-fetch, per call and in
 * bytes. Every variant answers from the same stubbed fetch, so the figures compare client
 * code, not networks. Rounds interleave the variants and the ratios are medians of
 * same-round ratios, so a machine that speeds up or slows down mid-run skews nothing.
 */
import type { Oas3_1Definition } from "@redocly/openapi-core";
import createClient from "openapi-fetch";
import openapiFetchPackage from "openapi-fetch/package.json" with { type: "json" };
import { createBillingClient } from "@hostup/billing-client";
import type { paths } from "@hostup/billing-openapi";
import bundledSpec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import clientPackage from "../packages/billing-client/package.json" with { type: "json" };
import { clientBundleSize, PER_OPERATION_BUDGET, sizeBudgetFor } from "../pipeline/bundle-size.ts";
import { dereference, operationsOf, type MediaType } from "../pipeline/openapi-model.ts";
import { withCopies, withWidgetOperations } from "../pipeline/synthetic-spec.ts";

const RATIO_TARGET = 0.9;
const ROUNDS = 15;
const SLICE_MS = 150;
const COPIES = 20;

const BASE = "https://cloud.hostup.se";
const TOKEN = "tok_bench";

const firstExample = (media: MediaType | undefined) => media?.example ?? Object.values(media?.examples ?? {})[0]?.value;

/** Every operation of the spec, called with its documented examples and answered with its first 2xx example. */
const spec = await dereference(bundledSpec);
const cases = operationsOf(spec).map(({ path, method, operation, parameters }) => {
  const pathParams: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const example = parameter.example ?? Object.values(parameter.examples ?? {})[0]?.value;
    if (parameter.in === "path") pathParams[parameter.name] = String(example);
    else if (parameter.in === "query" && example !== undefined) query[parameter.name] = example;
  }
  const body = firstExample(operation.requestBody?.content["application/json"]);
  const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith("2"))!;
  const answer = firstExample(response.content?.["application/json"]);
  const url = `${BASE}${path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name]!))}`;
  const hasQuery = parameters.some((parameter) => parameter.in === "query");
  const args = [...Object.values(pathParams), ...(operation.requestBody ? [body] : []), ...(hasQuery ? [query] : [])];
  return {
    operationId: operation.operationId!,
    method: method.toUpperCase(),
    path,
    url,
    pathParams,
    query,
    body,
    status: +status,
    answer,
    args,
  };
});

const answers = new Map(
  cases.map((c) => [`${c.method} ${c.url}`, [c.status, c.answer === undefined ? null : JSON.stringify(c.answer)] as const]),
);

/** The one fetch every variant uses: a fresh JSON Response per call, as a network would give. */
const stub = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = input instanceof Request ? input : undefined;
  const url = request ? request.url.split("?")[0]! : String(input);
  const [status, text] = answers.get(`${request?.method ?? init?.method ?? "GET"} ${url}`) ?? [404, "{}"];
  return Promise.resolve(new Response(text, { status, headers: { "Content-Type": "application/json" } }));
};

const raw = createClient<paths>({ baseUrl: BASE, fetch: stub, headers: { Authorization: `Bearer ${TOKEN}` } });
const billing = createBillingClient({ baseUrl: BASE, token: TOKEN, fetch: stub }) as unknown as Record<
  string,
  (...args: unknown[]) => Promise<unknown>
>;

type Variant = () => Promise<unknown>;
const operations: Record<string, { floor: Variant; raw: Variant; client: Variant }> = {};
for (const c of cases) {
  const json = c.body === undefined ? undefined : JSON.stringify(c.body);
  const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}`, ...(json ? { "Content-Type": "application/json" } : {}) };
  operations[c.operationId] = {
    floor: async () => {
      const text = await (await stub(c.url, { method: c.method, headers, body: json })).text();
      return text ? JSON.parse(text) : undefined;
    },
    raw: async () =>
      (await raw.request(c.method as "post", c.path as never, { params: { path: c.pathParams, query: c.query }, body: c.body } as never))
        .data,
    client: () => billing[c.operationId]!(...c.args),
  };
}

/** Calls one after another (no concurrency) for about `ms`; returns calls per second. */
async function opsPerSecond(variant: Variant, ms: number): Promise<number> {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) await variant();
    calls += 50;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const thousands = (n: number) => Math.round(n).toLocaleString("en-US");
const verdict = (met: boolean) => (met ? "met" : "MISSED");

if (clientPackage.dependencies["openapi-fetch"] !== openapiFetchPackage.version) {
  console.error(
    `bench: the baseline openapi-fetch is ${openapiFetchPackage.version} but the client uses ${clientPackage.dependencies["openapi-fetch"]}; ` +
      "pin the root devDependency to the client's version (pnpm add -w -D openapi-fetch@<version>) and run again.",
  );
  process.exit(1);
}

console.log(
  `bench: Node ${process.version}, openapi-fetch ${openapiFetchPackage.version}; ${ROUNDS} interleaved rounds of ${SLICE_MS} ms per variant, one stubbed fetch`,
);
// Every variant must work before its speed means anything.
for (const variants of Object.values(operations)) {
  for (const variant of Object.values(variants)) await variant();
}
for (const variants of Object.values(operations)) {
  for (const variant of Object.values(variants)) await opsPerSecond(variant, SLICE_MS);
}

const samples: Record<string, Record<"floor" | "raw" | "client", number[]>> = {};
const ratios: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, variants] of Object.entries(operations)) {
    const got = (samples[name] ??= { floor: [], raw: [], client: [] });
    // Alternate the order so neither raw nor the client always runs right after the other.
    const order = round % 2 ? (["client", "raw", "floor"] as const) : (["floor", "raw", "client"] as const);
    const now: Partial<Record<string, number>> = {};
    for (const key of order) got[key].push((now[key] = await opsPerSecond(variants[key], SLICE_MS)));
    (ratios[name] ??= []).push(now.client! / now.raw!);
  }
}

let missed = false;
for (const [name, got] of Object.entries(samples)) {
  const floor = median(got.floor);
  const rawOps = median(got.raw);
  const client = median(got.client);
  const ratio = median(ratios[name]!);
  missed ||= ratio < RATIO_TARGET;
  console.log(`\n${name}`);
  console.log(`  fetch + JSON.parse (floor)  ${thousands(floor).padStart(9)} ops/s`);
  console.log(`  raw openapi-fetch           ${thousands(rawOps).padStart(9)} ops/s  ${(rawOps / floor).toFixed(2)}x floor`);
  console.log(
    `  @hostup/billing-client      ${thousands(client).padStart(9)} ops/s  ${(client / floor).toFixed(2)}x floor, ` +
      `${ratio.toFixed(2)}x raw  (target >= ${RATIO_TARGET.toFixed(2)}x raw: ${verdict(ratio >= RATIO_TARGET)})`,
  );
}

const bundled = bundledSpec as unknown as Oas3_1Definition;
const size = await clientBundleSize();
const rawSize = await clientBundleSize({ subpath: "raw" });
const withTwo = await clientBundleSize({ spec: await dereference(withWidgetOperations(bundled)) });
const withCopiesSize = await clientBundleSize({ spec: await dereference(withCopies(bundled, cases.length + COPIES)) });
const perOperation = (withCopiesSize.gz - size.gz) / COPIES;
// Each operation beyond the four the budget was set for adds its own budget on top.
const budget = sizeBudgetFor(cases.length);
const withTwoBudget = sizeBudgetFor(cases.length + 2);
missed ||= size.gz > budget || withTwo.gz > withTwoBudget || perOperation > PER_OPERATION_BUDGET;
console.log(
  `\nbundle: ${thousands(size.gz)} B min+gz (${thousands(size.min)} B minified) with the spec's ${cases.length} operations, package entry with its dependencies, esbuild + gzip -9` +
    `  (target <= ${thousands(budget)} B: ${verdict(size.gz <= budget)})`,
);
console.log(
  `        with 2 more operations (a GET with path and query parameters, a DELETE with a JSON body): ${thousands(withTwo.gz)} B` +
    `  (target <= ${thousands(withTwoBudget)} B: ${verdict(withTwo.gz <= withTwoBudget)})`,
);
console.log(
  `        per further operation (${COPIES} copies of the spec's): ${perOperation.toFixed(1)} B` +
    `  (target <= ${PER_OPERATION_BUDGET} B: ${verdict(perOperation <= PER_OPERATION_BUDGET)})`,
);
console.log(
  `        @hostup/billing-client/raw (the typed openapi-fetch client, not in the entry above): ${thousands(rawSize.gz)} B min+gz`,
);
if (missed) console.log("bench: a target was missed (MISSED above).");
