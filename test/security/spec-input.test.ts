/**
 * spec/ is untrusted input that every step reads whole: a hostile spec must be refused within
 * seconds, naming the file and the limit or rule, as lint output (no stack trace), with nothing
 * written. Each case tampers with a copy of the repository's pipeline and spec/ in a temporary
 * folder and runs the real script on it, as `pnpm <step>` would.
 */
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LintError } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { MAX_SPEC_BYTES, MAX_SPEC_FILE_BYTES, SpecInputError } from "../../pipeline/spec-limits.ts";
import { watchSpec, type DevResult } from "../../pipeline/watch-spec.ts";
import { readDirFiles } from "../../pipeline/write-generated.ts";
import { run, type Finished } from "../support/process.ts";

/** What the bad behaviour took before these limits: 27 s to 84 s. Refusals take about 1 s. */
const WITHIN_MS = 10_000;
const SCHEMA = "components/schemas/AddInvoiceCcRecipientRequest.yaml";
const MiB = 1024 * 1024;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "spec-input-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** `levels` of YAML aliases, each ten times the one before: 10^levels strings once expanded. */
function aliasBomb(levels: number, indent = ""): string {
  const lines = [`${indent}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `${indent}a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\n`;
}

interface Sandbox {
  dir: string;
  /** Runs `node scripts/<script>` in the sandbox; `ms` is its wall-clock time. */
  step(script: string, ...args: string[]): Promise<Finished & { ms: number }>;
  /** Every file of the sandbox's generated/, by name. */
  generated(): Promise<Map<string, string>>;
}

/**
 * A copy of the pipeline, spec/ and generated/ (node_modules shared), with `tamper` applied
 * to the copy of spec/. The control API document comes along, so `lint:spec` runs as in the
 * repository: both documents.
 */
async function sandbox(name: string, tamper: (spec: string) => Promise<void>): Promise<Sandbox> {
  const dir = join(work, name);
  await mkdir(dir);
  for (const part of ["pipeline", "scripts", "spec", "generated", "redocly.yaml", "package.json", "packages/billing-mock/control-api"]) {
    await cp(join(root, part), join(dir, part), { recursive: true, filter: (source) => !source.includes("node_modules") });
  }
  await symlink(join(root, "node_modules"), join(dir, "node_modules"));
  await tamper(join(dir, "spec"));
  return {
    dir,
    async step(script, ...args) {
      const started = performance.now();
      const result = await run(process.execPath, [join(dir, "scripts", script), ...args], { cwd: dir });
      return { ...result, ms: performance.now() - started };
    },
    generated: () => readDirFiles(join(dir, "generated")),
  };
}

/** `text` as a regular expression that matches it literally. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

async function append(file: string, text: string): Promise<number> {
  const before = await readFile(file, "utf8");
  await writeFile(file, before + text);
  return before.split("\n").length;
}

/** The refusal as lint output: the file's name on its own line, then `line:col  error  rule  message`. */
function expectRefusal(result: Finished & { ms: number }, file: string, rule: string, message: RegExp | string, line = 1): void {
  const output = result.stdout + result.stderr;
  expect(result.code).toBe(1);
  expect(result.ms).toBeLessThan(WITHIN_MS);
  // The file's name, alone on its line; `file` may be the start of it.
  expect(
    output.split("\n").some((l) => l.startsWith(file) && l.endsWith(":")),
    `${file} in\n${output}`,
  ).toBe(true);
  const row = output.split("\n").find((l) => l.includes(rule)) ?? "";
  expect(row).toMatch(new RegExp(`^ +${line}:\\d+ +error +${rule.replace("/", "\\/")} `));
  expect(row).toMatch(message);
  // No stack trace: no `    at fn (file:line)` frame, no raw error name.
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/RangeError|Invalid string length/);
}

describe("pnpm lint:spec on a hostile spec/", () => {
  test("refuses a YAML alias bomb in a referenced file at its first anchor, before expanding it", async () => {
    let line = 0;
    const box = await sandbox("alias-bomb", async (spec) => {
      line = (await append(join(spec, SCHEMA), `x-bomb:\n${aliasBomb(9, "  ")}`)) + 1;
    });
    const result = await box.step("lint-spec.ts");
    expectRefusal(result, `spec/${SCHEMA}`, "spec-input/no-yaml-aliases", /a YAML anchor \(&a0\) is refused in spec\//, line);
  });

  test("refuses a YAML alias bomb in spec/openapi.yaml itself", async () => {
    let line = 0;
    const box = await sandbox("alias-bomb-root", async (spec) => {
      line = (await append(join(spec, "openapi.yaml"), `x-bomb:\n${aliasBomb(9, "  ")}`)) + 1;
    });
    const result = await box.step("lint-spec.ts");
    expectRefusal(result, "spec/openapi.yaml", "spec-input/no-yaml-aliases", /a YAML anchor \(&a0\)/, line);
  });

  test("refuses a single alias too: any anchor or alias is refused, not only deep ones", async () => {
    let line = 0;
    const box = await sandbox("one-alias", async (spec) => {
      line = await append(join(spec, SCHEMA), "x-one: &one { a: 1 }\nx-two: *one\n");
    });
    expectRefusal(await box.step("lint-spec.ts"), `spec/${SCHEMA}`, "spec-input/no-yaml-aliases", /a YAML anchor \(&one\)/, line);
  });

  test("refuses a 50 MB string by the file's size, without reading it", async () => {
    const box = await sandbox("50mb", async (spec) => {
      await append(join(spec, SCHEMA), `x-big: "${"x".repeat(50 * 1000 * 1000)}"\n`);
    });
    expectRefusal(
      await box.step("lint-spec.ts"),
      `spec/${SCHEMA}`,
      "spec-input/file-size",
      /over the 1 MiB limit per file \(MAX_SPEC_FILE_BYTES/,
    );
  });

  test("refuses a file one byte over the per-file limit", async () => {
    const box = await sandbox("file-limit", async (spec) => {
      const file = join(spec, SCHEMA);
      const text = await readFile(file, "utf8");
      const padding = MAX_SPEC_FILE_BYTES + 1 - Buffer.byteLength(text) - 'x-pad: ""\n'.length;
      await writeFile(file, `${text}x-pad: "${"x".repeat(padding)}"\n`);
    });
    const result = await box.step("lint-spec.ts");
    expectRefusal(
      result,
      `spec/${SCHEMA}`,
      "spec-input/file-size",
      `the file is ${(MAX_SPEC_FILE_BYTES + 1).toLocaleString("en-US")} bytes`,
    );
  });

  test("refuses a spec whose files are each within the limit but over the whole-spec limit together", async () => {
    const box = await sandbox("spec-limit", async (spec) => {
      const files = Math.ceil(MAX_SPEC_BYTES / (MAX_SPEC_FILE_BYTES - 1024)) + 1;
      let refs = "";
      for (let i = 0; i < files; i++) {
        await writeFile(join(spec, `pad-${i}.yaml`), `x: "${"x".repeat(MAX_SPEC_FILE_BYTES - 1024)}"\n`);
        refs += `x-pad-${i}:\n  $ref: ../../pad-${i}.yaml\n`;
      }
      await append(join(spec, SCHEMA), refs);
    });
    const result = await box.step("lint-spec.ts");
    expectRefusal(result, "spec/pad-", "spec-input/spec-size", /over the 4 MiB limit for all its files together \(MAX_SPEC_BYTES/);
  });

  test("refuses a spec within both file limits whose bundle is over the bundle limit", async () => {
    const box = await sandbox("bundle-limit", async (spec) => {
      // 160 KB of text; 5.7 MB once written as generated/openapi.json, one number a line, 68 spaces in.
      const depth = 30;
      await append(join(spec, SCHEMA), `x-wide: ${"[".repeat(depth)}${Array(80_000).fill("1").join(",")}${"]".repeat(depth)}\n`);
    });
    const result = await box.step("lint-spec.ts");
    expectRefusal(result, "generated/openapi.json", "spec-input/bundle-size", /over the 4 MiB limit \(MAX_BUNDLE_BYTES/);
  });

  test("refuses path keys that traverse or hide characters, each at its key", async () => {
    const keys = [
      "/api/v2/billing/../../../admin/contacts",
      "/api/v2/billing/%2e%2e/admin/contacts",
      "/api/v2/billing/%2E%2e/admin/contacts",
      "/api/v2/billing/\u2024\u2024/admin/contacts",
      "/api/v2/billing/\uff0e\uff0e/admin/contacts",
      "/api/v2/billing//contacts",
      "/api/v2/billing/contacts/",
    ];
    const lines: number[] = [];
    const box = await sandbox("path-keys", async (spec) => {
      const file = join(spec, "openapi.yaml");
      const text = await readFile(file, "utf8");
      const at = text.split("\n").indexOf("paths:") + 2;
      const added = keys.map((key) => `  ${JSON.stringify(key)}:\n    $ref: paths/billing_payment-methods_contacts.yaml\n`);
      keys.forEach((_, i) => lines.push(at + 2 * i));
      await writeFile(file, text.replace("paths:\n", `paths:\n${added.join("")}`));
    });
    const result = await box.step("lint-spec.ts");
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(WITHIN_MS);
    expect(output).toContain("spec/openapi.yaml:\n");
    for (const [i, key] of keys.entries()) {
      expect(output, key).toMatch(new RegExp(`\\n +${lines[i]}:3 +error +hostup/plain-path-keys +Path \`${escape(key)}\` `));
    }
    expect(output).not.toMatch(/^\s+at /m);
  });

  test("refuses an exponential and a polynomial pattern, each at its value", async () => {
    const box = await sandbox("patterns", async (spec) => {
      const file = join(spec, "components/schemas/Exponential.yaml");
      await writeFile(file, "type: string\npattern: ^(a+)+$\n");
      await writeFile(join(spec, "components/schemas/Polynomial.yaml"), "type: string\npattern: ^a*a*b$\n");
      const entry = join(spec, "openapi.yaml");
      const text = await readFile(entry, "utf8");
      // Components, referenced from nowhere else: the rule reads every schema, used or not.
      await writeFile(
        entry,
        text.replace(
          /^components:\n/m,
          "components:\n  schemas:\n    Exponential:\n      $ref: components/schemas/Exponential.yaml\n    Polynomial:\n      $ref: components/schemas/Polynomial.yaml\n",
        ),
      );
    });
    const result = await box.step("lint-spec.ts");
    const output = result.stdout + result.stderr;
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(WITHIN_MS);
    for (const [file, pattern] of [
      ["Exponential", "^(a+)+$"],
      ["Polynomial", "^a*a*b$"],
    ]) {
      expect(output).toContain(`spec/components/schemas/${file}.yaml:\n`);
      expect(output).toMatch(
        new RegExp(` +2:10 +error +hostup/linear-patterns +Pattern ${escape(JSON.stringify(pattern))} can backtrack super-linearly`),
      );
    }
    expect(output).not.toMatch(/^\s+at /m);
  });
});

test("pnpm spec:breaking refuses an alias bomb in spec/breaking-accepted.yaml, read outside Redocly, at its line", async () => {
  const box = await sandbox("accept-list-bomb", async (spec) => {
    await writeFile(join(spec, "breaking-accepted.yaml"), `${aliasBomb(9)}accepted: []\n`);
  });
  const result = await box.step("spec-breaking.ts", "--base-file", "generated/openapi.json");
  const output = result.stdout + result.stderr;
  expect(result.code).toBe(2);
  expect(result.ms).toBeLessThan(WITHIN_MS);
  expect(output).toContain("spec/breaking-accepted.yaml:1:5: a YAML anchor (&a0) is refused in spec/");
  expect(output).not.toMatch(/^\s+at /m);
});

test("pnpm generate refuses $refs that double per level (24 levels, 1.5 KB of text)", async () => {
  const dag = await sandbox("ref-dag", async (spec) => {
    const levels = 24;
    const schemas = Array.from({ length: levels + 1 }, (_, i) =>
      i === levels
        ? `    L${i}:\n      type: string\n`
        : `    L${i}:\n      type: object\n      properties:\n        a: { $ref: "#/components/schemas/L${i + 1}" }\n        b: { $ref: "#/components/schemas/L${i + 1}" }\n`,
    );
    const entry = join(spec, "openapi.yaml");
    await writeFile(entry, (await readFile(entry, "utf8")).replace(/^components:\n/m, `components:\n  schemas:\n${schemas.join("")}`));
    // In a response schema: a request body's properties must be ones the client can check
    // (hostup/client-supported), and this test is about the size, not the shape.
    const file = join(spec, "components/schemas/InvoiceEmailResend.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace(
        /^properties:\n/m,
        "properties:\n  nested:\n    $ref: ../../openapi.yaml#/components/schemas/L0\n",
      ),
    );
  });
  const before = await dag.generated();
  const result = await dag.step("generate.ts");
  expectRefusal(result, "spec/openapi.yaml", "spec-input/resolved-size", /over the 32 MiB limit \(MAX_RESOLVED_BYTES/);
  expect(await dag.generated()).toEqual(before);
});

describe("every step refuses the alias bomb before expanding it, and writes nothing", () => {
  let box: Sandbox;
  let line: number;
  beforeAll(async () => {
    box = await sandbox("steps", async (spec) => {
      line = (await append(join(spec, SCHEMA), `x-bomb:\n${aliasBomb(9, "  ")}`)) + 1;
    });
  });

  for (const [name, script, args] of [
    ["generate", "generate.ts", []],
    ["check:generated", "check-generated.ts", []],
    ["spec:breaking", "spec-breaking.ts", ["--base-file", "generated/openapi.json"]],
  ] as const) {
    test(`pnpm ${name}`, async () => {
      const before = await box.generated();
      const result = await box.step(script, ...args);
      expect(result.code).not.toBe(0);
      expect(result.ms).toBeLessThan(WITHIN_MS);
      expect(result.stdout + result.stderr).toContain(`spec/${SCHEMA}:\n`);
      expect(result.stdout + result.stderr).toMatch(
        new RegExp(`\\n +${line}:\\d+ +error +spec-input/no-yaml-aliases +a YAML anchor \\(&a0\\)`),
      );
      expect(result.stdout + result.stderr).not.toMatch(/^\s+at /m);
      expect(await box.generated()).toEqual(before);
    });
  }

  test("pnpm dev's loop reports it as a lint error and keeps the last good generated/", async () => {
    const results: DevResult[] = [];
    const outDir = join(box.dir, "dev-generated");
    const watcher = watchSpec({ specDir: join(box.dir, "spec"), outDir, onResult: (r) => void results.push(r) });
    try {
      await watcher.run("start");
    } finally {
      await watcher.close();
    }
    expect(results[0]?.ok).toBe(false);
    const error = (results[0] as { error: unknown }).error;
    expect(error).toBeInstanceOf(SpecInputError);
    expect(error).toBeInstanceOf(LintError);
    expect((error as LintError).problems[0]?.ruleId).toBe("spec-input/no-yaml-aliases");
    expect(await readDirFiles(outDir)).toEqual(new Map());
  });
});
