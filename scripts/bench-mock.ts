/**
 * `pnpm bench:mock`: the resend operation under load, on loopback, in one run.
 *
 * Each server runs in its own child process (this file with `--serve <name>`), so the
 * load generator and the server under test never share an event loop. Compared:
 * - bare:     node:http answering a fixed JSON body, the ceiling for any Node server here;
 * - adapter:  the stateful host's HTTP layer (@hono/node-server) answering a fixed JSON body
 *             from a fetch handler, the ceiling for any fetch-handler server here;
 * - prism:    `pnpm mock` (Prism from examples, behind its guard);
 * - stateful: the stateful mock's Node host (rate limiting off: one token would hit 429 at once),
 *             reset before each round: it records every resend, and half a million
 *             recorded emails would otherwise measure the garbage collector.
 * Then the in-process handler alone, without HTTP.
 *
 * Bare and stateful are measured in alternating rounds and each reported by its median
 * round, so a burst of other load on the machine cannot land on one of them only. Each
 * server also reports the CPU time it spent per request. Where `taskset` exists, the load
 * generator runs on CPU 0 and every server on CPU 1, so no run depends on where the
 * scheduler happened to put them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createBillingMock } from "@hostup/billing-mock";
import { startBillingMock } from "@hostup/billing-mock/node";
import { listen } from "@hostup/billing-mock/server";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { dereference } from "../pipeline/openapi-model.ts";
import { startPrismMock } from "../pipeline/prism-front.ts";
import { examplePath, namedExamples, operationById } from "../pipeline/spec-examples.ts";

const resolved = await dereference(spec);
const PATH = examplePath(resolved, "resendInvoiceEmail");
// The two ceilings answer with the spec's example of the resend's answer: as many bytes as the mocks send.
const resendAnswer = operationById(resolved, "resendInvoiceEmail").operation.responses?.["200"]?.content?.["application/json"];
const BODY = JSON.stringify(Object.values(namedExamples(resendAnswer))[0]);
const HEADERS = { authorization: "Bearer test-token" };
const CONNECTIONS = 20;
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 5;
const IN_PROCESS_MS = 3000;
const TARGETS = { nodeOverPrism: 10, nodeOverBare: 0.5, p99Ms: 10 };

type ServerName = "bare" | "adapter" | "prism" | "stateful";

// Inside the pinned re-run, this process sees one CPU; the decision was made by its parent.
const canPin = process.env.BENCH_PINNED === "1" || (availableParallelism() >= 2 && spawnSync("taskset", ["-c", "0", "true"]).status === 0);

if (process.argv[2] === "--serve") {
  await serve(process.argv[3] as ServerName);
} else if (canPin && !process.env.BENCH_PINNED) {
  // Run this load generator itself on CPU 0.
  const pinned = spawnSync("taskset", ["-c", "0", process.execPath, fileURLToPath(import.meta.url)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_PINNED: "1" },
  });
  process.exitCode = pinned.status ?? 1;
} else {
  await main();
}

/** Child mode: start one server on a free loopback port, print its URL, run until SIGTERM. */
async function serve(name: ServerName): Promise<void> {
  let url: string;
  let close: () => Promise<void>;
  let reset = () => {};
  if (name === "bare") {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
      response.end(BODY);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((done) => server.close(() => done()));
  } else if (name === "adapter") {
    ({ url, close } = await listen(() => new Response(BODY, { headers: { "content-type": "application/json" } }), "127.0.0.1", 0));
  } else if (name === "prism") {
    ({ url, close } = await startPrismMock({ host: "127.0.0.1", port: 0 }));
  } else {
    ({ url, close, reset } = await startBillingMock({ host: "127.0.0.1", port: 0, rateLimit: false }));
  }
  console.log(`listening ${url}`);
  // The parent asks for this process's CPU time around each measurement, and resets the mock before it.
  process.on("message", (message) => {
    if (message === "reset") reset();
    process.send?.(process.cpuUsage());
  });
  process.once("SIGTERM", () => void close().then(() => process.exit(0)));
}

interface Measured {
  name: string;
  rps: number;
  /** Server CPU time (user + system) per request, in microseconds. */
  cpuUs: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function main(): Promise<void> {
  console.log(
    `bench:mock: POST ${PATH}, ${CONNECTIONS} connections, loopback, node ${process.version}, ${cpus().length} cores; ` +
      `bare, adapter and stateful: median of ${ROUNDS} alternating rounds of ${SECONDS} s, prism: one run of ${SECONDS * 2} s, each after ${WARMUP_SECONDS} s of warm-up; ` +
      (canPin ? "load generator on CPU 0, servers on CPU 1" : "processes not pinned (no taskset)"),
  );
  const children = new Map<ServerName, ChildProcess>();
  const results = new Map<ServerName, Measured[]>();
  try {
    const urls = new Map<ServerName, string>();
    for (const name of ["bare", "adapter", "prism", "stateful"] as const) {
      const command = [process.execPath, fileURLToPath(import.meta.url), "--serve", name];
      const [file, ...args] = canPin ? ["taskset", "-c", "1", ...command] : command;
      const child = spawn(file!, args, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
      children.set(name, child);
      urls.set(name, await urlOf(child));
      await load(urls.get(name)!, WARMUP_SECONDS);
    }
    const measure = async (name: ServerName, seconds: number) => {
      const before = await cpuOf(children.get(name)!, "reset");
      const result = await load(urls.get(name)!, seconds);
      const after = await cpuOf(children.get(name)!);
      const measured: Measured = {
        name,
        rps: result.requests.average,
        cpuUs: (after.user + after.system - before.user - before.system) / result.requests.total,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      };
      results.set(name, [...(results.get(name) ?? []), measured]);
      console.log(
        `  ${name.padEnd(9)} ${fmt(measured.rps).padStart(8)} req/s   p50 ${measured.p50} ms   p99 ${measured.p99} ms   ${measured.cpuUs.toFixed(1)} µs CPU/request`,
      );
    };
    for (let round = 0; round < ROUNDS; round++) {
      await measure("bare", SECONDS);
      await measure("adapter", SECONDS);
      await measure("stateful", SECONDS);
    }
    await measure("prism", SECONDS * 2);
  } finally {
    for (const child of children.values()) {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    }
  }

  const inProcess = await inProcessOps();
  const median = (name: ServerName) => {
    const rounds = [...results.get(name)!].sort((a, b) => a.rps - b.rps);
    const middle = rounds[Math.floor(rounds.length / 2)]!;
    const cpu = rounds.map((r) => r.cpuUs).sort((a, b) => a - b);
    return {
      ...middle,
      cpuUs: cpu[Math.floor(cpu.length / 2)]!,
      non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
      errors: rounds.reduce((n, r) => n + r.errors, 0),
    };
  };
  const [bare, adapter, prism, stateful] = [median("bare"), median("adapter"), median("prism"), median("stateful")];
  console.log("\nresults (resend invoice email)");
  for (const m of [bare, adapter, prism, stateful]) {
    console.log(
      `  ${m.name.padEnd(9)} ${fmt(m.rps).padStart(8)} req/s   p50 ${m.p50} ms   p99 ${m.p99} ms   ${m.cpuUs.toFixed(1).padStart(6)} µs CPU/request   ` +
        `(${m.non2xx} non-2xx, ${m.errors} errors in all rounds)`,
    );
  }
  console.log(`  in-process handler ${fmt(inProcess)} ops/s (one caller awaiting each answer, no HTTP)`);

  const overPrism = stateful.rps / prism.rps;
  const overBare = stateful.rps / bare.rps;
  console.log("\nratios");
  console.log(
    `  req/s:            stateful / prism ${overPrism.toFixed(1)}x   stateful / bare ${overBare.toFixed(2)}x   ` +
      `stateful / adapter ${(stateful.rps / adapter.rps).toFixed(2)}x   adapter / bare ${(adapter.rps / bare.rps).toFixed(2)}x`,
  );
  console.log(
    `  CPU per request:  stateful ${(stateful.cpuUs / bare.cpuUs).toFixed(1)}x bare, ${(stateful.cpuUs / adapter.cpuUs).toFixed(1)}x adapter, ` +
      `prism ${(prism.cpuUs / stateful.cpuUs).toFixed(1)}x stateful`,
  );
  console.log("\ntargets");
  const checks = [
    [`stateful >= ${TARGETS.nodeOverPrism}x prism req/s`, overPrism >= TARGETS.nodeOverPrism, `${overPrism.toFixed(1)}x`],
    [`stateful >= ${TARGETS.nodeOverBare}x bare req/s`, overBare >= TARGETS.nodeOverBare, `${overBare.toFixed(2)}x`],
    [`stateful p99 <= ${TARGETS.p99Ms} ms`, stateful.p99 <= TARGETS.p99Ms, `${stateful.p99} ms`],
    [
      "stateful answered every request with 2xx",
      stateful.non2xx === 0 && stateful.errors === 0,
      `${stateful.non2xx} non-2xx, ${stateful.errors} errors`,
    ],
  ] as const;
  for (const [target, met, actual] of checks) console.log(`  ${met ? "met   " : "MISSED"} ${target} (${actual})`);
  if (checks.some(([, met]) => !met)) {
    console.log("\nbench:mock: a target was missed; profile with `node --cpu-prof scripts/bench-mock.ts --serve stateful` under load.");
  }
}

function cpuOf(child: ChildProcess, message: "cpu" | "reset" = "cpu"): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once("message", (usage) => resolve(usage as NodeJS.CpuUsage));
    child.send(message);
  });
}

function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url: `${url}${PATH}`, method: "POST", headers: HEADERS, connections: CONNECTIONS, duration: seconds });
}

async function urlOf(child: ChildProcess): Promise<string> {
  let output = "";
  for await (const chunk of child.stdout!) {
    output += chunk;
    const match = /listening (\S+)/.exec(output);
    if (match) return match[1]!;
  }
  throw new Error(`the server exited before it was ready:\n${output}`);
}

async function inProcessOps(): Promise<number> {
  const mock = createBillingMock({ rateLimit: false });
  const url = `http://localhost${PATH}`;
  const call = () => mock.fetch(new Request(url, { method: "POST", headers: HEADERS }));
  for (let i = 0; i < 2000; i++) await call();
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < IN_PROCESS_MS) {
    const response = await call();
    if (response.status !== 200) throw new Error(`in-process resend answered ${response.status}`);
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
