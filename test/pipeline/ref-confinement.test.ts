/**
 * spec/ is untrusted input: a `$ref` that leaves it is refused by every step, at its file and
 * line, before anything is read or fetched. A loopback server stands in for the network and
 * records every request it gets; a file outside spec/ holds a secret that must not leak.
 */
import { createServer, type Server } from "node:http";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getLineColLocation } from "@redocly/openapi-core";
import { dereference, LintError, loadSpec } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { watchSpec, type DevResult } from "../../pipeline/watch-spec.ts";
import { run } from "../support/process.ts";

const SCHEMA = "components/schemas/AddInvoiceCcRecipientRequest.yaml";
const SECRET = "secret-outside-spec";

let work: string;
let server: Server;
let requests: string[];
let url: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "ref-confinement-"));
  await writeFile(join(work, "outside.yaml"), `x: ${SECRET}\n`);
  requests = [];
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.end(`x: ${SECRET}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});

/** The four ways out of spec/, as written in a file two folders down. */
const FORMS = ["a relative path above spec/", "an absolute path", "a file: URL", "an http: URL"] as const;
const forms = (): Record<(typeof FORMS)[number], string> => ({
  "a relative path above spec/": "../../../outside.yaml",
  "an absolute path": join(work, "outside.yaml"),
  "a file: URL": pathToFileURL(join(work, "outside.yaml")).href,
  "an http: URL": `${url}/schema.yaml`,
});

/** A copy of spec/ whose request schema has `x-leak: { $ref: ref }` at its last line. */
async function specWith(ref: string, name: string): Promise<{ entry: string; line: number }> {
  const dir = join(work, name, "spec");
  await cp(join(root, "spec"), dir, { recursive: true });
  const file = join(dir, SCHEMA);
  const text = await readFile(file, "utf8");
  await writeFile(file, `${text}x-leak:\n  $ref: "${ref}"\n`);
  // the line of `$ref:`, the one after `x-leak:`
  return { entry: join(dir, "openapi.yaml"), line: text.split("\n").length + 1 };
}

describe("a $ref that leaves spec/", () => {
  for (const [index, form] of FORMS.entries()) {
    test(`is refused when it is ${form}, at its file and line, with nothing read or fetched`, async () => {
      const ref = forms()[form];
      const { entry, line } = await specWith(ref, `lib-${index}`);
      const error = await loadSpec(entry).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LintError);
      const problems = (error as LintError).problems;
      expect(problems.map((p) => p.message).join("\n")).not.toContain(SECRET);
      const refusal = problems.find((p) => p.message.includes("leaves spec/"));
      expect(refusal?.message).toContain(`Can't resolve $ref: "${ref}" leaves spec/`);
      const location = refusal!.location[0]!;
      expect(location.source.absoluteRef).toBe(join(entry, "..", SCHEMA));
      expect(getLineColLocation(location).start.line).toBe(line);
      expect(requests).toEqual([]);
    });
  }

  test("is refused in a bundled document (a base from git history, or generated/openapi.json)", async () => {
    for (const ref of Object.values(forms())) {
      const bundled = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, components: { schemas: { Leak: { $ref: ref } } } };
      const error = await dereference(bundled).catch((caught: unknown) => caught);
      expect(error, ref).toBeInstanceOf(LintError);
      expect((error as LintError).problems[0]?.message).toContain(`"${ref}" leaves the bundled document`);
    }
    expect(requests).toEqual([]);
  });

  test("is refused by the pnpm dev loop, which keeps watching", async () => {
    const { entry } = await specWith(`${url}/dev.yaml`, "dev");
    const results: DevResult[] = [];
    const watcher = watchSpec({
      specDir: join(entry, ".."),
      outDir: join(work, "dev", "generated"),
      onResult: (r) => void results.push(r),
    });
    await watcher.run("start");
    await watcher.close();
    expect(results[0]?.ok).toBe(false);
    expect(((results[0] as { error: LintError }).error.problems[0]?.message ?? "").includes("leaves spec/")).toBe(true);
    expect(requests).toEqual([]);
  });
});

describe("every pnpm step refuses an escaping $ref", () => {
  /** A copy of the repository's pipeline around a tampered spec/, sharing node_modules. */
  let sandbox: string;
  let leakLine: number;
  beforeAll(async () => {
    sandbox = join(work, "sandbox");
    await mkdir(sandbox);
    for (const part of ["pipeline", "scripts", "spec", "redocly.yaml", "package.json"]) {
      await cp(join(root, part), join(sandbox, part), { recursive: true });
    }
    await cp(join(root, "generated"), join(sandbox, "generated"), {
      recursive: true,
      filter: (source) => !source.includes("node_modules"),
    });
    await symlink(join(root, "node_modules"), join(sandbox, "node_modules"));
    const file = join(sandbox, "spec", SCHEMA);
    const text = await readFile(file, "utf8");
    const refs = Object.values(forms()).map((ref, i) => `x-leak-${i}:\n  $ref: "${ref}"\n`);
    await writeFile(file, text + refs.join(""));
    leakLine = text.split("\n").length + 1;
    // the relative form, from sandbox/spec/components/schemas, names sandbox/outside.yaml
    await cp(join(work, "outside.yaml"), join(sandbox, "outside.yaml"));
  });

  const step = (script: string, ...args: string[]) => run(process.execPath, [join(sandbox, "scripts", script), ...args], { cwd: sandbox });

  for (const [name, script, args] of [
    ["lint:spec", "lint-spec.ts", []],
    ["generate", "generate.ts", []],
    ["check:generated", "check-generated.ts", []],
    ["spec:breaking", "spec-breaking.ts", ["--base-file", "generated/openapi.json"]],
  ] as const) {
    test(`pnpm ${name} fails naming the file, line and reference, and writes nothing`, async () => {
      const before = await readFile(join(sandbox, "generated", "openapi.json"), "utf8");
      const result = await step(script, ...args);
      const output = result.stdout + result.stderr;
      expect(result.code).not.toBe(0);
      expect(output).toContain(`spec/${SCHEMA}`);
      for (let i = 0; i < 4; i++)
        expect(output).toMatch(new RegExp(`${leakLine + 2 * i}:3 +error +no-unresolved-refs +Can't resolve \\$ref: ".*" leaves spec/`));
      expect(output).toContain(`"${url}/schema.yaml" leaves spec/`);
      expect(output).not.toContain(SECRET);
      expect(await readFile(join(sandbox, "generated", "openapi.json"), "utf8")).toBe(before);
      expect(requests).toEqual([]);
    });
  }

  test("pnpm run docs refuses a generated/openapi.json that refers outside itself", async () => {
    const file = join(sandbox, "generated", "openapi.json");
    const bundled = JSON.parse(await readFile(file, "utf8"));
    bundled.components.schemas.Leak = { $ref: `${url}/docs.yaml` };
    await writeFile(file, JSON.stringify(bundled, null, 2));
    const result = await step("docs.ts");
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(`"${url}/docs.yaml" leaves the bundled document`);
    expect(requests).toEqual([]);
  });
});
