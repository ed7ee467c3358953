/** The `pnpm dev` loop on a copy of spec/: saves regenerate, lint errors keep the last good output, the mock reloads. */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { watchSpec, type DevResult, type SpecWatcher } from "../../pipeline/watch-spec.ts";
import { LintError } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { readDirFiles } from "../../pipeline/write-generated.ts";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { testServerSettings } from "../support/process.ts";
import { pathOf, responseExample } from "../support/examples.ts";

let work: string;
let specDir: string;
let outDir: string;
let watcher: SpecWatcher;
let results: DevResult[];
let waiters: ((result: DevResult) => void)[];
const SCHEMA = "components/schemas/InvoiceEmailResend.yaml";

function nextResult(): Promise<DevResult> {
  return new Promise((resolve) => waiters.push(resolve));
}

async function edit(path: string, change: (text: string) => string) {
  const file = join(specDir, path);
  await writeFile(file, change(await readFile(file, "utf8")));
}

describe("pnpm dev", () => {
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), "dev-loop-"));
    specDir = join(work, "spec");
    outDir = join(work, "generated");
    await cp(join(root, "spec"), specDir, { recursive: true });
    results = [];
    waiters = [];
    watcher = watchSpec({
      specDir,
      outDir,
      onResult: (result) => {
        results.push(result);
        waiters.shift()?.(result);
      },
    });
    await watcher.run("start");
    await watcher.ready;
  });

  afterEach(async () => {
    await watcher.close();
    await rm(work, { recursive: true, force: true });
  });

  test("regenerates the types when a spec file is saved", async () => {
    const next = nextResult();
    await edit(SCHEMA, (text) => text.replace("When the email was queued.", "When the resend was queued."));
    const result = await next;
    expect(result.ok).toBe(true);
    expect(result.trigger).toContain("InvoiceEmailResend.yaml");
    expect(await readFile(join(outDir, "openapi.d.ts"), "utf8")).toContain("When the resend was queued.");
  });

  test("reports a lint error with file and line, keeps the last good generated/, and recovers", async () => {
    const before = await readDirFiles(outDir);
    let next = nextResult();
    await edit(SCHEMA, (text) => text.replace("type: string\n    format: date-time", "type: strin\n    format: date-time"));
    const failed = await next;
    expect(failed.ok).toBe(false);
    const problems = (failed as { error: LintError }).error.problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.location[0]!.source.absoluteRef).toContain("InvoiceEmailResend.yaml");
    expect(await readDirFiles(outDir)).toEqual(before);

    next = nextResult();
    await edit(SCHEMA, (text) => text.replace("type: strin\n", "type: string\n").replace("When the email was queued.", "Fixed."));
    expect((await next).ok).toBe(true);
    expect(await readFile(join(outDir, "openapi.d.ts"), "utf8")).toContain("Fixed.");
  });

  test("reloads the mock so it serves the new spec", async () => {
    const mock = await startPrismMock({ port: 0, spec: join(outDir, "openapi.json") });
    try {
      const resend = () =>
        fetch(`${mock.url}${pathOf("resendInvoiceEmail")}`, {
          method: "POST",
          headers: { Authorization: "Bearer t" },
        }).then((response) => response.json());
      const { email } = responseExample("resendInvoiceEmail");
      expect((await resend()).email).toBe(email);

      const next = nextResult();
      await edit("paths/billing_invoices_{id}_actions_resend-email.yaml", (text) =>
        text.replace(`email: ${email}`, "email: changed@example.com"),
      );
      const result = await next;
      if (!result.ok) throw result.error;
      await mock.reload(result.bundled);
      expect((await resend()).email).toBe("changed@example.com");
    } finally {
      await mock.close();
    }
  });
});

describe("pnpm dev settings", () => {
  testServerSettings("scripts/dev.ts", "dev");
});
