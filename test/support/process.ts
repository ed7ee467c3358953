import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll } from "vitest";
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
