/**
 * The stateful mock's cold start on a spec generated elsewhere: spawns this file as its own
 * process, with `@hostup/billing-openapi` resolved to that spec's generated/ directory, and
 * times it from spawn to its first answer (Node's start, loading the mock, compiling the
 * routes, one request to an operation that answers from its example). `pnpm bench:scale` prints it.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

interface FirstAnswer {
  operationId: string;
  status: number;
  source: string | null;
  fromExamples: number;
}

export async function mockColdStart(generatedDir: string): Promise<FirstAnswer & { ms: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["--import", fileURLToPath(new URL("./generated-elsewhere.ts", import.meta.url)), fileURLToPath(import.meta.url)],
    { env: { ...process.env, HOSTUP_GENERATED_DIR: generatedDir }, stdio: ["ignore", "pipe", "inherit"] },
  );
  for await (const line of createInterface({ input: child.stdout! })) {
    const ms = performance.now() - started;
    child.kill();
    const answer = JSON.parse(line) as FirstAnswer;
    if (answer.status !== 200 || answer.source !== "example") {
      throw new Error(`mock cold start: ${answer.operationId} answered ${answer.status} (${answer.source}), not its example`);
    }
    return { ...answer, ms };
  }
  throw new Error("mock cold start: the mock process ended without answering");
}

// The child: only what a user's `pnpm mock:stateful` loads, so nothing else counts in the time.
if (import.meta.main) {
  const { startBillingMock } = await import("@hostup/billing-mock/node");
  const { operationModel } = await import("@hostup/billing-openapi");
  const mock = await startBillingMock({ rateLimit: false });
  // The last GET that takes no required parameter and a bearer token (or nothing): a copy with no
  // behaviour, so it answers from its example.
  const bearer = (requirement: { scheme: string }[]) =>
    requirement.every(({ scheme }) => operationModel.securitySchemes[scheme]?.credential === "bearer");
  const { operationId, method, path } = Object.values(operationModel.operations)
    .filter(
      (op) => op.method === "GET" && op.parameters.every((p) => !p.required) && (op.security.length === 0 || op.security.some(bearer)),
    )
    .at(-1)!;
  const response = await fetch(`${mock.url}${path}`, { method, headers: { Authorization: "Bearer test-token" } });
  const answer: FirstAnswer = {
    operationId,
    status: response.status,
    source: response.headers.get("x-mock-source"),
    fromExamples: mock.answeredFromExamples.length,
  };
  console.log(JSON.stringify(answer));
  await mock.close();
}
