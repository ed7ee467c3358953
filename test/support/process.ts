import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { root } from "../../pipeline/paths.ts";

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and collects its output. */
export async function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  const child = spawn(command, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

/** Runs `node <script> ...args` from the repository root. */
export function runScript(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  return run(process.execPath, [script, ...args], { env });
}

/** Starts a long-running script and resolves once its output matches `ready`. */
export async function startScript(
  script: string,
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, [script], { cwd: root, env: { ...process.env, ...env } });
  let output = "";
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(ready);
      if (match) resolvePromise({ child, match, output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`)));
  });
}

export interface ScriptServer {
  child: ChildProcess;
  /** The URL the script printed. */
  url: string;
  output: () => string;
}

/**
 * Starts a server script before the suite (its printed URL is the first group of `ready`)
 * and stops it after, unless a test already did.
 */
export function scriptServer(script: string, ready: RegExp, env: NodeJS.ProcessEnv = {}): ScriptServer {
  const server = {} as ScriptServer;
  beforeAll(async () => {
    const started = await startScript(script, ready, env);
    Object.assign(server, { child: started.child, url: started.match[1]!, output: started.output });
  });
  afterAll(async () => {
    if (server.child && server.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await once(server.child, "exit");
    }
  });
  return server;
}

/** The last test of a scriptServer() suite: `signal` stops the script with exit code 0. */
export function testStopsCleanly(server: ScriptServer, signal: "SIGINT" | "SIGTERM"): void {
  test(`stops cleanly on ${signal}`, async () => {
    server.child.kill(signal);
    const [code] = (await once(server.child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
}

/**
 * The settings checks every server script (scripts/mock.ts, mock-stateful.ts, dev.ts) passes
 * alike, as `pnpm <name>`: a port another server holds is refused with exit code 1 and a hint
 * naming the command, and a MOCK_PORT that is no port number with exit code 2 (which values
 * are refused is test/pipeline/server-cli.test.ts's business).
 */
export function testServerSettings(script: string, name: string): void {
  test(`refuses a port in use with exit code 1, saying how to run pnpm ${name} on another`, async () => {
    const holder = createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    const { port } = holder.address() as { port: number };
    try {
      const result = await runScript(script, [], { MOCK_PORT: String(port) });
      expect(result.stderr).toContain(`${name}: 127.0.0.1:${port} is already in use.`);
      expect(result.stderr).toContain(`set MOCK_PORT, e.g. MOCK_PORT=${port + 1} pnpm ${name}`);
      expect(result.code).toBe(1);
    } finally {
      holder.close();
    }
  });

  test("refuses a MOCK_PORT that is not a port number with exit code 2", async () => {
    const result = await runScript(script, [], { MOCK_PORT: "abc" });
    expect(result.stderr).toContain(`${name}: MOCK_PORT must be a port number (0-65535), not "abc"`);
    expect(result.code).toBe(2);
  });
}
