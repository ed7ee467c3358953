/**
 * `pnpm soak:mock [seconds]`: a minute (by default) of hostile traffic against
 * `pnpm mock:stateful` in its own process, then its peak resident set against the 300 MB
 * target. The traffic keeps every bounded store of the mock at its cap at once: recipients
 * added with the longest addresses and bodies at the size limit, resends filling the outbox,
 * custom answers queued up to the scenario cap, the request journal full of 4 KiB bodies,
 * bodies over the limit, malformed and BOM-prefixed JSON, and the two growing answers (state
 * and list) read all the while. Loopback only; every loop stops at the deadline.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { MAX_BODY_BYTES } from "@hostup/billing-mock";
import { operationMetadata } from "@hostup/billing-openapi";
import bundled from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { dereference } from "../pipeline/openapi-model.ts";
import { root } from "../pipeline/paths.ts";
import { examplePath } from "../pipeline/spec-examples.ts";

const TARGET_BYTES = 300 * 1024 * 1024;
const seconds = Number(process.argv[2] ?? 60);
if (!(seconds > 0 && seconds <= 600)) {
  console.error("usage: pnpm soak:mock [seconds]   (1 to 600, default 60)");
  process.exit(2);
}

const spec = await dereference(bundled);
const AUTH = { Authorization: "Bearer test-token" };
const JSON_TYPE = { "Content-Type": "application/json" };
// The operations by what the traffic needs of them, from the spec rather than by name.
const operations = Object.entries(operationMetadata);
const withBody = operations.filter(([, meta]) => meta.requestBody).map(([id]) => id);
const safe = operations.filter(([, meta]) => meta.safe).map(([id]) => id);
const unsafeWithoutBody = operations.filter(([, meta]) => !meta.safe && !meta.requestBody).map(([id]) => id);

/** The longest valid address, unique by `n`: 64 in the local part, labels of 63, 254 in all. */
function longestAddress(n: number): string {
  const local = `${String(n).padStart(10, "0")}${"a".repeat(54)}`;
  return `${local}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
}

/** A process's resident set in bytes: its peak so far (Linux's VmHWM), or now (VmRSS). */
async function rss(pid: number, which: "VmHWM" | "VmRSS" = "VmHWM"): Promise<number> {
  const kb = new RegExp(`^${which}:\\s+(\\d+) kB$`, "m").exec(await readFile(`/proc/${pid}/status`, "utf8"));
  if (!kb) throw new Error(`no ${which} in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

const child = spawn(process.execPath, ["scripts/mock-stateful.ts"], {
  cwd: root,
  env: { ...process.env, MOCK_PORT: "0", MOCK_RATE_LIMIT: "off" },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve, reject) => {
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    const found = /at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    if (found) resolve(found[1]!);
  });
  child.once("exit", (code) => reject(new Error(`pnpm mock:stateful exited with ${code} before listening`)));
});

const deadline = Date.now() + seconds * 1000;
const statuses = new Map<string, number>();
let counter = 0;

/** Sends requests from `next` until the deadline, `width` at a time, counting the answers. */
async function loop(name: string, width: number, next: () => [string, RequestInit]): Promise<void> {
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (Date.now() < deadline) {
        const [path, init] = next();
        const key = await fetch(`${url}${path}`, init).then(
          async (answer) => {
            // Read to the end, slowly or not, as a client would: the mock streams large answers.
            await answer.arrayBuffer();
            return `${name} ${answer.status}`;
          },
          () => `${name} no answer`,
        );
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }),
  );
}

const padding = (bytes: number) => "x".repeat(Math.max(0, bytes));
const addPath = (id: string) => examplePath(spec, id);
const started = performance.now();
await Promise.all([
  // Recipients up to recipientLimit, each body at the size limit (the description is cut to 255).
  ...withBody.map((id) =>
    loop(`${id} at the body limit`, 3, () => {
      const email = longestAddress(counter++);
      const body = JSON.stringify({ email, id: String(counter), description: "" });
      const description = padding(MAX_BODY_BYTES - Buffer.byteLength(body) - 2);
      return [
        addPath(id),
        {
          method: operationMetadata[id as keyof typeof operationMetadata].method,
          headers: { ...AUTH, ...JSON_TYPE },
          body: JSON.stringify({ email, id: String(counter), description }),
        },
      ];
    }),
  ),
  // Bodies over the limit, malformed JSON and a byte order mark.
  ...withBody.map((id) =>
    loop(`${id} hostile body`, 2, () => {
      const kind = counter++ % 3;
      const body =
        kind === 0 ? padding(MAX_BODY_BYTES + 1024) : kind === 1 ? `{"email":"${padding(4000)}` : `\ufeff{"email":"ap@example.com"}`;
      return [
        addPath(id),
        { method: operationMetadata[id as keyof typeof operationMetadata].method, headers: { ...AUTH, ...JSON_TYPE }, body },
      ];
    }),
  ),
  // Resends fill the outbox with the CC list of the moment.
  ...unsafeWithoutBody.map((id) =>
    loop(`${id}`, 2, () => [
      examplePath(spec, id),
      { method: operationMetadata[id as keyof typeof operationMetadata].method, headers: AUTH },
    ]),
  ),
  // Custom answers queued up to the cap (100 an operation), each as large as a body may be.
  ...safe.map((id) =>
    loop(`${id} scenarios`, 2, () => {
      const contacts = Array.from({ length: 100 }, (_, i) => ({ id: String(i), email: longestAddress(i), description: padding(255) }));
      const body = JSON.stringify({ operationId: id, code: 200, body: { contacts }, times: 1 });
      return ["/__mock/scenarios", { method: "POST", headers: JSON_TYPE, body }];
    }),
  ),
  // The two answers that grow with the state, read all the while (a list read also plays a queued answer).
  loop("state", 3, () => ["/__mock/state", {}]),
  ...safe.map((id) => loop(`${id} read`, 3, () => [addPath(id), { headers: AUTH }])),
  loop("journal", 1, () => ["/__mock/requests", {}]),
]);
const elapsed = (performance.now() - started) / 1000;
const peak = await rss(child.pid!);
// What the traffic leaves resident once it stops: the peak is the target, this says how much of it stays.
const left = await rss(child.pid!, "VmRSS");
child.kill("SIGTERM");
await once(child, "exit");

const total = [...statuses.values()].reduce((a, b) => a + b, 0);
console.log(`soak:mock: ${total.toLocaleString("en")} requests in ${elapsed.toFixed(1)} s against pnpm mock:stateful:`);
for (const [key, count] of [...statuses].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${String(count).padStart(7)}  ${key}`);
const met = peak <= TARGET_BYTES;
console.log(
  `soak:mock: peak RSS ${(peak / 1024 / 1024).toFixed(1)} MB (target ≤ ${TARGET_BYTES / 1024 / 1024} MB): ${met ? "met" : "MISSED"}; ` +
    `${(left / 1024 / 1024).toFixed(1)} MB resident when the traffic stopped`,
);
if (!met) process.exitCode = 1;
