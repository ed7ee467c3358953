/**
 * `pnpm bench`: what @hostup/billing-client costs over raw openapi-fetch, per call and in
 * bytes. Every variant answers from the same stubbed fetch, so the figures compare client
 * code, not networks. Rounds interleave the variants and the ratios are medians of
 * same-round ratios, so a machine that speeds up or slows down mid-run skews nothing.
 */
import createClient from "openapi-fetch";
import openapiFetchPackage from "openapi-fetch/package.json" with { type: "json" };
import { createBillingClient } from "@hostup/billing-client";
import type { paths } from "@hostup/billing-openapi";
import clientPackage from "../packages/billing-client/package.json" with { type: "json" };
import { CLIENT_SIZE_BUDGET, clientBundleSize } from "../pipeline/bundle-size.ts";

const RATIO_TARGET = 0.9;
const ROUNDS = 15;
const SLICE_MS = 150;

const BASE = "https://cloud.hostup.se";
const TOKEN = "tok_bench";
const ID = "inv_01hxa3b4c5d6e7f8g9h0j1k2m3";
const RESEND = "/api/v2/billing/invoices/{id}/actions/resend-email" as const;
const CONTACTS = "/api/v2/billing/payment-methods/contacts" as const;
const BODY = { email: "ap@example.com", description: "Accounts payable" };
const answers: Record<string, [number, string]> = {
  [`${BASE}${RESEND.replace("{id}", ID)}`]: [200, JSON.stringify({ queuedAt: "2026-04-27T12:34:56.000Z", email: "billing@example.com" })],
  [`${BASE}${CONTACTS}`]: [201, JSON.stringify({ id: "42", email: "ap@example.com", description: "Accounts payable" })],
};

/** The one fetch every variant uses: a fresh JSON Response per call, as a network would give. */
const stub = (input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const [status, text] = answers[url] ?? [404, "{}"];
  return Promise.resolve(new Response(text, { status, headers: { "Content-Type": "application/json" } }));
};

const raw = createClient<paths>({ baseUrl: BASE, fetch: stub, headers: { Authorization: `Bearer ${TOKEN}` } });
const billing = createBillingClient({ baseUrl: BASE, token: TOKEN, fetch: stub });

type Variant = () => Promise<unknown>;
const operations: Record<string, { floor: Variant; raw: Variant; client: Variant }> = {
  resendInvoiceEmail: {
    floor: async () =>
      JSON.parse(
        await (
          await stub(`${BASE}${RESEND.replace("{id}", ID)}`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}` } })
        ).text(),
      ),
    raw: async () => (await raw.POST(RESEND, { params: { path: { id: ID } } })).data,
    client: () => billing.resendInvoiceEmail(ID),
  },
  addInvoiceCcRecipient: {
    floor: async () =>
      JSON.parse(
        await (
          await stub(`${BASE}${CONTACTS}`, {
            method: "POST",
            headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
            body: JSON.stringify(BODY),
          })
        ).text(),
      ),
    raw: async () => (await raw.POST(CONTACTS, { body: BODY })).data,
    client: () => billing.addInvoiceCcRecipient(BODY),
  },
};

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

const size = await clientBundleSize();
const own = await clientBundleSize(["openapi-fetch"]);
missed ||= size.gz > CLIENT_SIZE_BUDGET;
console.log(
  `\nbundle: ${thousands(size.gz)} B min+gz (${thousands(size.min)} B minified), package entry with openapi-fetch, esbuild + gzip -9` +
    `  (target <= ${thousands(CLIENT_SIZE_BUDGET)} B: ${verdict(size.gz <= CLIENT_SIZE_BUDGET)})`,
);
console.log(`        the client and its generated metadata alone, openapi-fetch left out: ${thousands(own.gz)} B min+gz`);
if (missed) console.log("bench: a target was missed (MISSED above).");
