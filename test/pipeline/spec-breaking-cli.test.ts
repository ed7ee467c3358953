/** pnpm spec:breaking as a command: a base ref git cannot misread, distinct exit codes, the four report formats, the accept list. */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import { runScript } from "../support/process.ts";
import { spec } from "../support/spec.ts";

type Json = Record<string, any>;
const RESEND = operationMetadata.resendInvoiceEmail.path;
const dir = mkdtemp(join(tmpdir(), "spec-breaking-"));
afterAll(async () => rm(await dir, { recursive: true, force: true }));

async function file(name: string, content: unknown): Promise<string> {
  const path = join(await dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** A base whose resend response had one more required field, `sentTo`, than spec/ has now. */
async function baseWithSentTo(version = spec.info.version): Promise<string> {
  const older = structuredClone(spec) as Json;
  older.info.version = version;
  const schema = older.components.schemas.InvoiceEmailResend;
  schema.properties.sentTo = { type: "string" };
  schema.required.push("sentTo");
  return file(`base-${version}.json`, older);
}
const breaking = (...args: string[]) => runScript("scripts/spec-breaking.ts", args);

describe("pnpm spec:breaking: base and options", () => {
  test("refuses a base ref that starts with '-' before git runs (exit 2)", async () => {
    const target = join(await dir, "written-by-git");
    const result = await breaking("--", `--output=${target}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`"--output=${target}" is not a commit: a base ref cannot start with "-"`);
    expect(existsSync(target)).toBe(false);
  });

  test("refuses a base ref that names no commit (exit 2)", async () => {
    const result = await breaking("no-such-branch-anywhere");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"no-such-branch-anywhere" does not name a commit of this repository');
  });

  test("prints the usage for an unknown option (exit 2, no stack)", async () => {
    const result = await breaking("--bogus");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain("usage: pnpm spec:breaking");
    expect(result.stderr).not.toContain("ERR_PARSE_ARGS");
  });

  test("refuses a base that is not an OpenAPI document (exit 2)", async () => {
    const result = await breaking("--base-file", await file("garbage.json", { paths: "garbage" }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not an OpenAPI document: .*"paths" is not an object/);
  });

  test("exits 0 against HEAD's committed bundle when spec/ matches it", async () => {
    const result = await breaking("HEAD");
    expect(result.stdout).toContain("compared with generated/openapi.json at HEAD");
    expect(result.stdout).toContain("no breaking changes for clients");
    expect(result.code).toBe(0);
  });
});

describe("pnpm spec:breaking: verdicts and formats", () => {
  test("text: exits 1 and lists the break with its spec/ source line", async () => {
    const result = await breaking("--base-file", await baseWithSentTo());
    expect(result.stdout).toMatch(
      /response-required-property-removed +POST .*resend-email response 200: response field "sentTo" was removed  \(spec\/components\/schemas\/InvoiceEmailResend\.yaml:\d+\)/,
    );
    expect(result.stdout).toContain("raise info.version's major");
    expect(result.code).toBe(1);
  });

  test("exits 0 when the base's major is lower", async () => {
    const result = await breaking("--base-file", await baseWithSentTo("0.9.0"));
    expect(result.stdout).toContain(`allowed: info.version's major was raised (0.9.0 → ${spec.info.version})`);
    expect(result.code).toBe(0);
  });

  test("github: an error annotation on the spec/ file and line", async () => {
    const result = await breaking("--format", "github", "--base-file", await baseWithSentTo());
    expect(result.stdout).toMatch(
      /^::error file=spec\/components\/schemas\/InvoiceEmailResend\.yaml,line=\d+,title=Breaking%3A response-required-property-removed::POST .*resend-email response 200: response field "sentTo" was removed$/m,
    );
    expect(result.code).toBe(1);
  });

  test("markdown: a pull-request comment with a table of breaks", async () => {
    const result = await breaking("--format", "markdown", "--base-file", await baseWithSentTo());
    expect(result.stdout).toContain("### Breaking changes\n\n| Rule | Where | Change | Source |");
    expect(result.stdout).toContain(
      `| \`response-required-property-removed\` | \`POST ${RESEND} response 200\` | response field "sentTo" was removed | \`spec/components/schemas/InvoiceEmailResend.yaml:`,
    );
  });

  test("json: the verdict and each change with its source", async () => {
    const result = await breaking("--format", "json", "--base-file", await baseWithSentTo());
    const report = JSON.parse(result.stdout);
    expect(report.verdict).toBe("breaking");
    expect(report.breaking[0]).toMatchObject({
      rule: "response-required-property-removed",
      source: { file: "spec/components/schemas/InvoiceEmailResend.yaml" },
    });
  });

  test("the changelog lists non-breaking changes in the same report", async () => {
    const older = structuredClone(spec) as Json;
    delete older.components.schemas.InvoiceCcRecipient.properties.description.description;
    older.components.schemas.InvoiceCcRecipient.required = ["id", "email"];
    delete older.components.schemas.InvoiceCcRecipient.properties.description;
    const result = await breaking("--base-file", await file("older.json", older));
    expect(result.stdout).toContain("Changelog (not breaking):");
    // One entry for the one edit, listing both operations whose responses carry the recipient.
    expect(result.stdout.match(/response-property-added/g)).toHaveLength(1);
    expect(result.stdout).toMatch(
      /response-property-added +GET \S+\/contacts response 200; POST \S+\/contacts response 201: new response field "description"/,
    );
    expect(result.code).toBe(0);
  });

  test("an accept list entry with a reason turns a break into an accepted one (exit 0)", async () => {
    const accepted = await file(
      "accepted.yaml",
      `accepted:\n  - rule: response-required-property-removed\n    where: POST ${RESEND}\n    reason: sentTo was never sent by the server.\n`,
    );
    const result = await breaking("--accepted", accepted, "--base-file", await baseWithSentTo());
    expect(result.stdout).toContain("accepted response-required-property-removed POST");
    expect(result.stdout).toContain("reason: sentTo was never sent by the server.");
    expect(result.code).toBe(0);
    const noReason = await file("no-reason.yaml", `accepted:\n  - rule: x\n    where: y\n`);
    const refused = await breaking("--accepted", noReason, "--base-file", await baseWithSentTo());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('accepted[0] needs a non-empty "reason"');
  });
});
