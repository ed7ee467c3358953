/** info.version follows the change: which bump a change set needs, the version to use, and how pnpm spec:breaking reports and exits. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Change } from "../../pipeline/breaking/index.ts";
import { checkVersion, describeVersion, neededBump, raise } from "../../pipeline/breaking/version.ts";
import { runScript } from "../support/process.ts";
import { spec } from "../support/spec.ts";

type Json = Record<string, any>;
const change = (kind: Change["kind"], rule: string, accepted?: string): Change => ({
  kind,
  rule,
  where: "POST /a",
  message: "m",
  pointer: "/paths/~1a/post",
  side: "revision",
  ...(accepted ? { accepted } : {}),
});
const breakingChange = change("breaking", "response-property-removed");
const addition = change("changelog", "response-property-added");
const wording = change("changelog", "description-changed");

describe("the bump a change set needs", () => {
  test("a break needs a major, an accepted break or an addition a minor, a documentation edit a patch, nothing none", () => {
    expect(neededBump([wording, addition, breakingChange])).toBe("major");
    expect(neededBump([wording, change("breaking", "response-property-removed", "never sent")])).toBe("minor");
    expect(neededBump([wording, addition])).toBe("minor");
    expect(neededBump([change("changelog", "operation-deprecated")])).toBe("minor");
    expect(neededBump([wording, change("changelog", "example-added")])).toBe("patch");
    expect(neededBump([])).toBe("none");
  });

  test("the version to use is raised from the base's, never the base's own", () => {
    expect(raise("1.2.3", "major")).toBe("2.0.0");
    expect(raise("1.2.3", "minor")).toBe("1.3.0");
    expect(raise("1.2.3", "patch")).toBe("1.2.4");
    for (const [changes, suggested] of [
      [[breakingChange], "2.0.0"],
      [[addition], "1.3.0"],
      [[wording], "1.2.1"],
    ] as const) {
      const check = checkVersion("1.2.0", "1.2.0", [...changes]);
      expect(check.suggested).toBe(suggested);
      expect(describeVersion(check).line).toContain(`1.2.0 → ${suggested}`);
      expect(describeVersion(check).line).not.toContain("1.2.0 → 1.2.0");
    }
  });

  test("a bump too small is short by the base, whatever the revision did", () => {
    expect(checkVersion("1.2.0", "1.2.5", [addition])).toMatchObject({ needed: "minor", made: "patch", suggested: "1.3.0" });
    expect(checkVersion("1.2.0", "1.9.0", [breakingChange])).toMatchObject({ needed: "major", made: "minor", suggested: "2.0.0" });
    expect(checkVersion("1.2.0", "1.1.0", [wording])).toMatchObject({ made: "lower", suggested: "1.2.1" });
  });

  test("a bump big enough, or no change and no bump, asks for nothing", () => {
    expect(checkVersion("1.2.0", "1.3.0", [addition]).suggested).toBeUndefined();
    expect(checkVersion("1.2.0", "2.0.0", [wording]).suggested).toBeUndefined();
    expect(checkVersion("1.2.0", "1.2.0", []).suggested).toBeUndefined();
    expect(describeVersion(checkVersion("1.2.0", "1.2.0", [])).warning).toBe(false);
    expect(describeVersion(checkVersion("1.2.0", "1.2.1", [wording]))).toEqual({
      line: "info.version 1.2.0 → 1.2.1 fits the changes (patch needed, patch made)",
      warning: false,
    });
  });

  test("a version that is not x.y.z is named, not guessed at", () => {
    const check = checkVersion("2024-01", "2024-02", [addition]);
    expect(check).toMatchObject({ made: "unknown" });
    expect(check.suggested).toBeUndefined();
    expect(describeVersion(check).line).toContain("is not x.y.z");
  });
});

describe("pnpm spec:breaking: the version check", () => {
  const dir = mkdtemp(join(tmpdir(), "spec-breaking-version-"));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));
  const current = String(spec.info.version);
  const [major, minor, patch] = current.split(".").map(Number) as [number, number, number];

  /** A base at `version` that differs from spec/ by `edit`. */
  async function base(name: string, version: string, edit: (doc: Json) => void = () => {}): Promise<string> {
    const older = structuredClone(spec) as Json;
    older.info.version = version;
    edit(older);
    const file = join(await dir, `${name}.json`);
    await writeFile(file, JSON.stringify(older));
    return file;
  }
  const breaking = (...args: string[]) => runScript("scripts/spec-breaking.ts", args);
  /** spec/ lacks `sentTo`, which this base's resend response required: a break. */
  const withSentTo = (doc: Json) => {
    doc.components.schemas.InvoiceEmailResend.properties.sentTo = { type: "string" };
    doc.components.schemas.InvoiceEmailResend.required.push("sentTo");
  };
  /** spec/ has the recipient's `description`, which this base lacks: an addition. */
  const withoutDescription = (doc: Json) => {
    const recipient = doc.components.schemas.InvoiceCcRecipient;
    delete recipient.properties.description;
    recipient.required = recipient.required.filter((name: string) => name !== "description");
  };

  test("a break without a new major exits 1 and names the next major, not the same version", async () => {
    const result = await breaking("--base-file", await base("break", current, withSentTo));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`raise info.version's major in spec/openapi.yaml (${current} → ${major + 1}.0.0)`);
    expect(result.stdout).not.toContain(`${current} → ${current}`);
  });

  test("an addition without a new minor is a warning that names the version, and exits 0", async () => {
    const result = await breaking("--base-file", await base("addition", current, withoutDescription));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `spec:breaking: warning: info.version needs a minor bump for these changes: set it to ${major}.${minor + 1}.0 in spec/openapi.yaml`,
    );
  });

  test("an addition against the previous minor fits", async () => {
    const previous = minor > 0 ? `${major}.${minor - 1}.${patch}` : `${major - 1}.9.0`;
    const result = await breaking("--base-file", await base("fits", previous, withoutDescription));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`info.version ${previous} → ${current} fits the changes (minor needed`);
    expect(result.stdout).not.toContain("warning");
  });

  test("a documentation edit needs a patch; json and github carry the same check", async () => {
    const file = await base("wording", current, (doc) => (doc.info.description = "Older wording."));
    const text = await breaking("--base-file", file);
    expect(text.stdout).toContain(`set it to ${major}.${minor}.${patch + 1} in spec/openapi.yaml`);
    const json = JSON.parse((await breaking("--format", "json", "--base-file", file)).stdout);
    expect(json.version).toMatchObject({ needed: "patch", made: "none", suggested: `${major}.${minor}.${patch + 1}`, warning: true });
    const github = await breaking("--format", "github", "--base-file", file);
    expect(github.stdout).toMatch(/^::warning file=spec\/openapi\.yaml,line=\d+,title=Version::info\.version needs a patch bump/m);
    expect(github.code).toBe(0);
  });

  test("no change and no bump: nothing to warn about", async () => {
    const result = await breaking("--base-file", await base("same", current));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`info.version ${current}: nothing changed`);
    expect(result.stdout).not.toContain("warning");
  });
});
