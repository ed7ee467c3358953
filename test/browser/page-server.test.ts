/**
 * The settings page's server (examples/cc-recipients-page/serve.ts) as a developer meets it:
 * started as a process, it prints where it serves, says in one line that a port is taken, and
 * rebuilds when a file under src/ is saved.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { root } from "../../pipeline/paths.ts";

const pageDir = join(root, "examples/cc-recipients-page");
const children: ChildProcess[] = [];
/** Each test starts the server, which builds the page first: seconds on a loaded machine. */
const SLOW = { timeout: 60_000 };

afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Starts serve.ts with PORT; `output()` is everything it wrote so far, stdout and stderr. */
function serve(port: number | string) {
  const child = spawn(process.execPath, ["serve.ts"], { cwd: pageDir, env: { ...process.env, PORT: String(port) } });
  children.push(child);
  let text = "";
  child.stdout.on("data", (chunk) => (text += chunk));
  child.stderr.on("data", (chunk) => (text += chunk));
  return { child, output: () => text };
}

describe("examples/cc-recipients-page/serve.ts", () => {
  test("prints the address it serves on, taking PORT, and serves the page there", SLOW, async () => {
    const { output } = serve(0);
    await expect.poll(output, { timeout: 15_000 }).toMatch(/serving on http:\/\/127\.0\.0\.1:\d+\//);
    const url = /serving on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output())![1]!;
    expect(output()).toMatch(/PORT=\d+/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<meta name="viewport"');
  });

  test("a port in use is one clear line naming it and what to do, and exit code 1, not a stack trace", SLOW, async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const { port } = blocker.address() as { port: number };
    try {
      const { child, output } = serve(port);
      const [code] = (await once(child, "exit")) as [number];
      expect(code).toBe(1);
      expect(output().trim()).toBe(`page: port ${port} is in use; start on another with PORT=${port + 1} pnpm start`);
    } finally {
      blocker.close();
    }
  });

  test("a PORT that is no port number is refused in one line", SLOW, async () => {
    const { child, output } = serve("http");
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(1);
    expect(output().trim().split("\n")).toHaveLength(1);
    expect(output()).toContain("PORT=http is not a port number");
  });

  test("saving a file under src/ rebuilds the page", SLOW, async () => {
    const { output } = serve(0);
    await expect.poll(output, { timeout: 15_000 }).toMatch(/serving on/);
    // A file no module imports: saving it exercises the watcher without changing the page.
    const probe = join(pageDir, "src", `.watch-probe-${process.pid}.ts`);
    try {
      await writeFile(probe, "export {};\n");
      await expect.poll(output, { timeout: 10_000 }).toMatch(/page: rebuilt in \d+ ms/);
    } finally {
      await rm(probe, { force: true });
    }
  });
});
