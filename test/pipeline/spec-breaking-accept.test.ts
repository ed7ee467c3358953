/**
 * spec/breaking-accepted.yaml read and applied in this process, and the report built from a
 * base and spec/'s bundle: which change an acceptance covers, what makes the file refused,
 * and the verdict, versions and sources the report carries.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { AcceptListError, applyAcceptList, readAcceptList, type Acceptance } from "../../pipeline/breaking/accept-list.ts";
import { buildBreakingReport } from "../../pipeline/breaking/build-report.ts";
import type { Change } from "../../pipeline/breaking/index.ts";
import { specDir } from "../../pipeline/paths.ts";
import { MAX_SPEC_FILE_BYTES, mib } from "../../pipeline/spec-limits.ts";
import type { Json } from "../support/breaking.ts";
import { resolved, spec } from "../support/spec.ts";

const dir = mkdtemp(join(tmpdir(), "spec-breaking-accept-"));
afterAll(async () => rm(await dir, { recursive: true, force: true }));

let files = 0;
async function file(text: string): Promise<string> {
  const path = join(await dir, `accepted-${files++}.yaml`);
  await writeFile(path, text);
  return path;
}

describe("reading the accept list", () => {
  test("no file, an empty file or an empty list accept nothing", async () => {
    expect(await readAcceptList(join(await dir, "missing.yaml"))).toEqual([]);
    expect(await readAcceptList(await file(""))).toEqual([]);
    expect(await readAcceptList(await file("accepted:\n"))).toEqual([]);
    expect(await readAcceptList(await file("# nothing yet\n"))).toEqual([]);
  });

  test("entries are returned as written", async () => {
    const path = await file("accepted:\n  - rule: r\n    where: POST /a\n    match: m\n    reason: because\n");
    expect(await readAcceptList(path)).toEqual([{ rule: "r", where: "POST /a", match: "m", reason: "because" }]);
  });

  test.each([
    ["a list that is not one", "accepted: { rule: r }\n", (path: string) => `${path}: "accepted" must be a list`],
    [
      "an entry without a rule",
      "accepted:\n  - rule: r\n    where: w\n    reason: x\n  - where: w\n    reason: x\n",
      (path: string) => `${path}: accepted[1] needs a non-empty "rule"`,
    ],
    [
      "a blank where",
      "accepted:\n  - rule: r\n    where: '  '\n    reason: x\n",
      (path: string) => `${path}: accepted[0] needs a non-empty "where"`,
    ],
    [
      "a reason that is not text",
      "accepted:\n  - rule: r\n    where: w\n    reason: 3\n",
      (path: string) => `${path}: accepted[0] needs a non-empty "reason"`,
    ],
    ["an entry that is not a mapping", "accepted:\n  - null\n", (path: string) => `${path}: accepted[0] needs a non-empty "rule"`],
    ["a YAML anchor", "accepted: &list\n  - rule: r\n", (path: string) => `${path}:1:11: a YAML anchor (&list) is refused in spec/`],
  ])("refuses %s, naming the file and the entry", async (_what, text, message) => {
    const path = await file(text);
    const error = await readAcceptList(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcceptListError);
    expect(error).toMatchObject({ name: "AcceptListError", message: message(path) });
  });

  test("refuses text that is not YAML, quoting the parser's first line only", async () => {
    const path = await file("accepted: [\n  - rule\n");
    const error = (await readAcceptList(path).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(AcceptListError);
    expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not YAML: \\S`));
    expect(error.message).not.toContain("\n");
  });

  test("refuses a file over the per-file limit before parsing it", async () => {
    const path = await file(`# ${"x".repeat(MAX_SPEC_FILE_BYTES)}\n`);
    await expect(readAcceptList(path)).rejects.toThrow(
      new AcceptListError(
        `${path} is ${MAX_SPEC_FILE_BYTES + 3} bytes, over the ${mib(MAX_SPEC_FILE_BYTES)} limit per spec file (MAX_SPEC_FILE_BYTES)`,
      ),
    );
  });
});

describe("applying the accept list", () => {
  const change = (where: string, message: string, kind: Change["kind"] = "breaking"): Change => ({
    rule: "request-max-length-tightened",
    kind,
    where,
    message,
    pointer: "/paths/~1a/post",
    side: "revision",
  });
  const acceptance = (where: string, extra: Partial<Acceptance> = {}): Acceptance => ({
    rule: "request-max-length-tightened",
    where,
    reason: "  an address is at most 254 characters \n",
    ...extra,
  });

  test("covers the change at its operation and what is reported under it, with the reason trimmed", () => {
    const changes = [change("POST /a", "maxLength changed from none to 254"), change("POST /a body", "maxLength changed from 9 to 8")];
    expect(applyAcceptList(changes, [acceptance("POST /a")])).toEqual([]);
    expect(changes.map((c) => c.accepted)).toEqual(["an address is at most 254 characters", "an address is at most 254 characters"]);
  });

  test("another operation whose path starts the same, another rule, a message without the match, or a changelog entry is not covered", () => {
    const changes = [
      change("POST /ab body", "maxLength changed from 9 to 8"),
      { ...change("POST /a body", "x"), rule: "request-type-narrowed" },
      change("POST /a body", "maxLength changed from 9 to 8"),
      change("POST /a body", "maxLength changed from 9 to 8", "changelog"),
    ];
    const list = [acceptance("POST /a", { match: "none to 254" })];
    expect(applyAcceptList(changes, list)).toEqual(list);
    expect(changes.map((c) => c.accepted)).toEqual([undefined, undefined, undefined, undefined]);
  });

  test("the first acceptance that matches speaks for the change; one that matched nothing is stale", () => {
    const changes = [change("POST /a body", "maxLength changed from none to 254")];
    const list = [
      acceptance("POST /a", { match: "to 254", reason: "first" }),
      acceptance("POST /a body", { reason: "second" }),
      acceptance("GET /b"),
    ];
    expect(applyAcceptList(changes, list)).toEqual([list[1], list[2]]);
    expect(changes[0]!.accepted).toBe("first");
  });
});

describe("the report of one comparison", () => {
  // A base with one operation more than spec/: the revision removed it.
  const EXTRA = "/extra/{id}";
  function base(version?: string): Json {
    const doc = structuredClone(spec) as Json;
    doc.paths[EXTRA] = { get: { operationId: "getExtra", responses: { "200": { description: "ok" } } } };
    if (version) doc.info.version = version;
    return doc;
  }
  const head = { bundled: spec as never, resolved };
  /** The line of spec/openapi.yaml that starts with `prefix`, where the report must locate what it names. */
  const lineOf = (prefix: RegExp) =>
    readFileSync(join(specDir, "openapi.yaml"), "utf8")
      .split("\n")
      .findIndex((l) => prefix.test(l)) + 1;
  const removed = {
    rule: "operation-removed",
    kind: "breaking",
    where: `GET ${EXTRA}`,
    message: "operation getExtra was removed",
    pointer: "/paths/~1extra~1{id}/get",
    side: "base",
    // Gone from spec/: the nearest node still there is `paths:`.
    source: { file: "spec/openapi.yaml", line: lineOf(/^paths:/) },
  };

  test("a break without a raised major: verdict breaking, the break located at the nearest node of spec/", async () => {
    const report = await buildBreakingReport({ doc: base(), label: "the base" }, head, await file(""));
    expect(report).toEqual({
      base: "the base",
      versions: { base: spec.info.version, revision: spec.info.version },
      changes: [removed],
      stale: [],
      verdict: "breaking",
      version: {
        base: spec.info.version,
        revision: spec.info.version,
        needed: "major",
        made: "none",
        suggested: expect.stringMatching(/^\d+\.0\.0$/),
      },
      versionSource: { file: "spec/openapi.yaml", line: lineOf(/^  version:/) },
    });
  });

  test("the same break against a base of a lower major is allowed", async () => {
    const report = await buildBreakingReport({ doc: base("0.9.0"), label: "the base" }, head, await file(""));
    expect(report.verdict).toBe("allowed-by-major");
    expect(report.versions).toEqual({ base: "0.9.0", revision: spec.info.version });
  });

  test("accepted in the list: verdict accepted, the reason on the change, and the list's other entry stale", async () => {
    const list = await file(
      `accepted:\n  - rule: operation-removed\n    where: GET ${EXTRA}\n    reason: never released\n  - rule: operation-removed\n    where: GET /nothing\n    reason: old\n`,
    );
    const report = await buildBreakingReport({ doc: base(), label: "the base" }, head, list);
    expect(report.verdict).toBe("accepted");
    expect(report.changes).toEqual([{ ...removed, accepted: "never released" }]);
    expect(report.stale).toEqual([{ rule: "operation-removed", where: "GET /nothing", reason: "old" }]);
  });

  test("spec/ against its own bundle: verdict none, nothing to bump", async () => {
    const report = await buildBreakingReport({ doc: structuredClone(spec) as Json, label: "itself" }, head, await file(""));
    expect(report).toMatchObject({ changes: [], stale: [], verdict: "none", version: { needed: "none", made: "none" } });
  });

  test("a changelog entry alone is no break: verdict none", async () => {
    const doc = structuredClone(spec) as Json;
    doc.info.description = `${doc.info.description} Older wording.`;
    const report = await buildBreakingReport({ doc, label: "the base" }, head, await file(""));
    expect(report.verdict).toBe("none");
    expect(report.changes.map((c) => [c.kind, c.rule, c.where])).toEqual([["changelog", "description-changed", "info"]]);
  });
});

test("an accept list that is not YAML is refused with the parser's whole first line", async () => {
  const text = "accepted: [\n  - rule\n";
  const firstLine = (() => {
    try {
      parse(text);
    } catch (error) {
      return (error as Error).message.split("\n")[0];
    }
    throw new Error("the text parsed");
  })();
  const path = await file(text);
  await expect(readAcceptList(path)).rejects.toThrow(new AcceptListError(`${path} is not YAML: ${firstLine}`));
  expect(firstLine!.length).toBeGreaterThan(1);
});
