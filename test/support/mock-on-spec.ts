/**
 * Either mock server, as its own process, serving another spec: that spec's generated/ is
 * written to a temporary directory and `@hostup/billing-openapi` resolves to it
 * (pipeline/generated-elsewhere.ts), so the built mock packages, CORS's exposed headers
 * included, read that spec and nothing of spec/.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { dereference } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { renderGenerated } from "../../pipeline/render-generated.ts";

export type MockKind = "stateful" | "prism";

export interface MockOnSpec {
  url: string;
  /** The operations the stateful mock has no behaviour for and answers from the spec's examples; empty for Prism. */
  answeredFromExamples: string[];
  close(): Promise<void>;
}

/** `fixtures` go to the stateful mock (the defaults when absent); Prism has none. */
export async function startMockOn(kind: MockKind, bundled: Oas3_1Definition, fixtures?: object): Promise<MockOnSpec> {
  const dir = await mkdtemp(join(tmpdir(), "mock-on-spec-"));
  for (const [name, content] of await renderGenerated({ bundled, resolved: await dereference(bundled) }))
    await writeFile(join(dir, name), content);
  const child = spawn(process.execPath, ["--import", join(root, "pipeline/generated-elsewhere.ts"), fileURLToPath(import.meta.url), kind], {
    cwd: root,
    env: { ...process.env, HOSTUP_GENERATED_DIR: dir, ...(fixtures ? { MOCK_ON_SPEC_FIXTURES: JSON.stringify(fixtures) } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  // The child prints one JSON line once it listens (its URL, what it answers from examples), and nothing else.
  const timeout = setTimeout(() => child.kill(), 30_000);
  for await (const line of createInterface({ input: child.stdout! })) {
    clearTimeout(timeout);
    const { url, answeredFromExamples } = JSON.parse(line) as Omit<MockOnSpec, "close">;
    return { url, answeredFromExamples, close };
  }
  clearTimeout(timeout);
  await close();
  throw new Error(`the ${kind} mock ended before it listened`);
}

// The child: starts the mock on a free port of 127.0.0.1 and prints its URL and example-served operations.
if (import.meta.main) {
  const kind = process.argv[2] as MockKind;
  if (kind === "stateful") {
    const { startBillingMock } = await import("@hostup/billing-mock/node");
    const fixtures = process.env.MOCK_ON_SPEC_FIXTURES;
    const { url, answeredFromExamples } = await startBillingMock({
      rateLimit: false,
      ...(fixtures ? { fixtures: JSON.parse(fixtures) } : {}),
    });
    console.log(JSON.stringify({ url, answeredFromExamples }));
  } else {
    const { startPrismMock } = await import("../../pipeline/prism-front.ts");
    const { url } = await startPrismMock({ port: 0, spec: join(process.env.HOSTUP_GENERATED_DIR!, "openapi.json") });
    console.log(JSON.stringify({ url, answeredFromExamples: [] }));
  }
}
