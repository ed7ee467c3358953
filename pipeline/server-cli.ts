/**
 * What every server script (`pnpm mock`, `pnpm mock:stateful`, `pnpm dev`) does alike: it
 * listens where MOCK_HOST and MOCK_PORT say, says so plainly when that port is taken, and
 * stops cleanly on Ctrl-C or SIGTERM. `script` is the package.json script's name: each
 * message starts with it, and the hints repeat it as the command to run.
 */
import { isIP } from "node:net";

export interface Address {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export const DEFAULT_ADDRESS: Address = { host: "127.0.0.1", port: 4010 };

/** Prints `<script>: <message>` on stderr and exits with `code`: 2 for bad settings, 1 for anything else. */
export function fail(script: string, code: number, message: string): never {
  console.error(`${script}: ${message}`);
  process.exit(code);
}

/** MOCK_HOST and MOCK_PORT, or the defaults; throws a message naming the variable when one is not usable. */
export function parseAddress(env: NodeJS.ProcessEnv): Address {
  const host = env.MOCK_HOST ?? DEFAULT_ADDRESS.host;
  if (!isIP(host) && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host)) {
    throw new Error(`MOCK_HOST must be a host name or an IP address, not ${JSON.stringify(env.MOCK_HOST)}`);
  }
  const text = env.MOCK_PORT ?? String(DEFAULT_ADDRESS.port);
  // Number() alone would take "" as 0 (a random port) and "0x10" as 16.
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) throw new Error(`MOCK_PORT must be a port number (0-65535), not ${JSON.stringify(env.MOCK_PORT)}`);
  return { host, port };
}

/** parseAddress() of this process's environment; exits 2 with its message when a setting is not usable. */
export function readAddress(script: string, env: NodeJS.ProcessEnv = process.env): Address {
  try {
    return parseAddress(env);
  } catch (error) {
    fail(script, 2, (error as Error).message);
  }
}

/**
 * Starts a server at `address` (readAddress()). When it cannot listen, prints why (for a
 * taken port: how to pick another) and exits 1, after `cleanup` for whatever the script
 * started before.
 */
export async function startServer<T>(
  script: string,
  address: Address,
  start: (address: Address) => Promise<T>,
  cleanup: () => Promise<unknown> = async () => {},
): Promise<T> {
  try {
    return await start(address);
  } catch (error) {
    await cleanup();
    fail(script, 1, startFailure(script, address, error));
  }
}

/** The message for a server that could not listen at `address`. */
export function startFailure(script: string, { host, port }: Address, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") return `could not start on ${host}:${port}: ${String(error)}`;
  const other = port < 65535 ? port + 1 : port - 1;
  return `${host}:${port} is already in use. Stop the other server or set MOCK_PORT, e.g. MOCK_PORT=${other} pnpm ${script}`;
}

/** The items of a comma-separated environment variable, trimmed, empty ones left out. */
export function listOf(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** On the first SIGINT or SIGTERM: `close`, then exit 0 (1 if closing failed). */
export function stopOnSignals(script: string, close: () => Promise<unknown>): void {
  const stop = () =>
    void close().then(
      () => process.exit(0),
      (error: unknown) => fail(script, 1, `could not stop cleanly: ${String(error)}`),
    );
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
