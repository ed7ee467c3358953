/**
 * The report's entries and the version check, from hand-built changes: which findings fold
 * into one entry, how places are folded and ordered, how entries are grouped, and which
 * version each set of changes asks for.
 */
import { describe, expect, test } from "vitest";
import { entriesOf, groupsOf, type Located } from "../../pipeline/breaking/entries.ts";
import type { Change } from "../../pipeline/breaking/index.ts";
import { checkVersion, describeVersion, neededBump, raise } from "../../pipeline/breaking/version.ts";

const found = (where: string, extra: Partial<Located> = {}): Located => ({
  rule: "description-changed",
  kind: "changelog",
  where,
  message: "description changed",
  pointer: `/x/${where}`,
  side: "revision",
  source: { file: "spec/components/schemas/Problem.yaml", line: 2 },
  ...extra,
});

describe("entries", () => {
  test("one edit found at many places is one entry: places sorted and folded, the first place's pointer kept", () => {
    const entries = entriesOf([
      found("POST /b response 404", { pointer: "/z" }),
      found("GET /b response 400", { pointer: "/y" }),
      found("POST /b body"),
      found("GET /b response 400", { pointer: "/a" }),
      found("DELETE /a"),
    ]);
    expect(entries).toEqual([
      {
        rule: "description-changed",
        kind: "changelog",
        message: "description changed",
        pointer: "/x/DELETE /a",
        source: { file: "spec/components/schemas/Problem.yaml", line: 2 },
        places: ["DELETE /a", "GET /b response 400", "POST /b body", "POST /b response 404"],
        operations: ["DELETE /a", "GET /b", "POST /b"],
        where: "DELETE /a; GET /b response 400; POST /b body, response 404",
      },
    ]);
    // Within one place, the first pointer in order speaks for the entry.
    expect(entriesOf([found("GET /b", { pointer: "/y" }), found("GET /b", { pointer: "/a" })])[0]!.pointer).toBe("/a");
  });

  test("findings differing in kind, acceptance, rule, message or source line stay apart, and are sorted by each in turn", () => {
    const entries = entriesOf([
      found("GET /a", { message: "b" }),
      found("GET /a", { message: "a" }),
      found("GET /a", { rule: "a-rule" }),
      found("GET /a", { source: { file: "spec/components/schemas/Problem.yaml", line: 1 } }),
      found("GET /a", { source: { file: "spec/a.yaml", line: 9 } }),
      found("GET /a", { kind: "breaking", accepted: "why" }),
      found("GET /a", { kind: "breaking" }),
    ]);
    expect(entries).toHaveLength(7);
    expect(entries.map((e) => [e.source.file, e.source.line, e.rule, e.message])).toEqual([
      ["spec/a.yaml", 9, "description-changed", "description changed"],
      ["spec/components/schemas/Problem.yaml", 1, "description-changed", "description changed"],
      ["spec/components/schemas/Problem.yaml", 2, "a-rule", "description changed"],
      ["spec/components/schemas/Problem.yaml", 2, "description-changed", "a"],
      ["spec/components/schemas/Problem.yaml", 2, "description-changed", "b"],
      ["spec/components/schemas/Problem.yaml", 2, "description-changed", "description changed"],
      ["spec/components/schemas/Problem.yaml", 2, "description-changed", "description changed"],
    ]);
  });

  test("operations by path then method; then webhooks, security schemes and the rest; a group of several after its first operation", () => {
    const entries = entriesOf(
      ["info", "security scheme Bearer", "webhook paid", "POST /a", "GET /a", "DELETE /a", "PATCH /a", "GET /b"]
        .map((where, line) => found(where, { source: { file: "spec/openapi.yaml", line } }))
        .concat([found("GET /b response 400", { message: "shared" }), found("GET /a response 400", { message: "shared" })]),
    );
    expect(entries.map((e) => e.where)).toEqual([
      "GET /a",
      "GET /a response 400; GET /b response 400",
      "POST /a",
      "DELETE /a",
      "PATCH /a",
      "GET /b",
      "webhook paid",
      "security scheme Bearer",
      "info",
    ]);
    expect(groupsOf(entries).map((g) => [g.operations, g.entries.length])).toEqual([
      [["GET /a"], 1],
      [["GET /a", "GET /b"], 1],
      [["POST /a"], 1],
      [["DELETE /a"], 1],
      [["PATCH /a"], 1],
      [["GET /b"], 1],
      [["webhook paid"], 1],
      [["security scheme Bearer"], 1],
      [["info"], 1],
    ]);
  });

  test("entries touching the same operations are one group; labels that are not operations sort by name", () => {
    const entries = entriesOf([
      // Each its own edit (its own line), so that each is its own entry.
      ...["webhook b", "webhook a", "security scheme B", "security scheme A"].map((where, line) =>
        found(where, { source: { file: "spec/openapi.yaml", line } }),
      ),
      found("GET /a body", { rule: "r1" }),
      found("GET /a", { rule: "r2" }),
    ]);
    expect(groupsOf(entries).map((g) => [g.operations, g.entries.map((e) => e.rule)])).toEqual([
      [["GET /a"], ["r1", "r2"]],
      [["webhook a"], ["description-changed"]],
      [["webhook b"], ["description-changed"]],
      [["security scheme A"], ["description-changed"]],
      [["security scheme B"], ["description-changed"]],
    ]);
    expect(groupsOf([])).toEqual([]);
  });
});

describe("the version a change set asks for", () => {
  const change = (kind: Change["kind"], rule = "r", accepted?: string): Change => ({
    kind,
    rule,
    where: "GET /a",
    message: "m",
    pointer: "/p",
    side: "revision",
    ...(accepted ? { accepted } : {}),
  });

  test("the highest bump any change needs, whatever the order", () => {
    expect(neededBump([change("breaking"), change("changelog", "description-changed")])).toBe("major");
    expect(neededBump([change("changelog"), change("changelog", "example-added")])).toBe("minor");
    expect(neededBump([change("breaking", "r", "why"), change("changelog", "description-changed")])).toBe("minor");
  });

  test("versions read as x.y.z with an optional v and pre-release or build suffix; the bump made compares from the major down", () => {
    expect(checkVersion("v1.2.3", " 2.0.0-rc.1 ", []).made).toBe("major");
    expect(checkVersion("1.2.3", "1.3.0+build.5", []).made).toBe("minor");
    expect(checkVersion("1.2.3", "1.2.4", []).made).toBe("patch");
    expect(checkVersion("1.2.3", "1.2.3", []).made).toBe("none");
    expect(checkVersion("2.0.0", "1.9.9", []).made).toBe("lower");
    expect(checkVersion("1.2.0", "1.1.9", []).made).toBe("lower");
    expect(checkVersion("1.2.3", "1.2.2", []).made).toBe("lower");
    expect(checkVersion("10.0.0", "9.99.99", []).made).toBe("lower");
    for (const odd of ["1.2", "1.2.3x", "x1.2.3", "1.2.3.4", "1..3"]) expect(checkVersion("1.2.3", odd, []).made).toBe("unknown");
    expect(checkVersion("1.2", "1.2.3", []).made).toBe("unknown");
  });

  test("a version that is not x.y.z is raised from 0.0.0", () => {
    expect(raise("latest", "major")).toBe("1.0.0");
    expect(raise("latest", "minor")).toBe("0.1.0");
    expect(raise("latest", "patch")).toBe("0.0.1");
  });

  test.each([
    ["no change and no bump", "1.2.0", "1.2.0", [], { line: "info.version 1.2.0: nothing changed", warning: false }],
    ["no change, raised anyway", "1.2.0", "1.3.0", [], { line: "info.version 1.3.0: nothing changed (raised from 1.2.0)", warning: false }],
    ["no change, lowered", "1.2.0", "1.1.0", [], { line: "info.version went down (1.2.0 → 1.1.0)", warning: true }],
    [
      "an addition, lowered",
      "1.2.0",
      "1.1.0",
      [change("changelog")],
      {
        line: "info.version needs a minor bump for these changes: set it to 1.3.0 in spec/openapi.yaml (1.2.0 → 1.3.0; now 1.1.0)",
        warning: true,
      },
    ],
    [
      "a break with a new major",
      "1.2.0",
      "2.0.0",
      [change("breaking")],
      { line: "info.version 1.2.0 → 2.0.0 fits the changes (major needed, major made)", warning: false },
    ],
    [
      "an addition with a new major",
      "1.2.0",
      "2.0.0",
      [change("changelog")],
      { line: "info.version 1.2.0 → 2.0.0 fits the changes (minor needed, major made)", warning: false },
    ],
    [
      "not x.y.z, with changes",
      "2024-01",
      "2024-02",
      [change("changelog")],
      { line: "info.version 2024-01 → 2024-02 is not x.y.z: the version bump (minor needed) is not checked", warning: true },
    ],
    [
      "not x.y.z, without changes",
      "2024-01",
      "2024-02",
      [],
      { line: "info.version 2024-01 → 2024-02 is not x.y.z: the version bump (none needed) is not checked", warning: false },
    ],
  ])("%s", (_what, base, revision, changes, expected) => {
    expect(describeVersion(checkVersion(base, revision, changes as Change[]))).toEqual(expected);
  });

  test("the check carries both versions, what was needed and made, and a suggestion only when short", () => {
    expect(checkVersion("1.2.0", "1.2.0", [change("changelog")])).toEqual({
      base: "1.2.0",
      revision: "1.2.0",
      needed: "minor",
      made: "none",
      suggested: "1.3.0",
    });
    expect(checkVersion("1.2.0", "1.3.0", [change("changelog")])).toEqual({
      base: "1.2.0",
      revision: "1.3.0",
      needed: "minor",
      made: "minor",
    });
    expect(checkVersion("1.2.0", "1.1.0", [])).toEqual({ base: "1.2.0", revision: "1.1.0", needed: "none", made: "lower" });
    expect(checkVersion("x", "1.1.0", [change("breaking")])).toEqual({ base: "x", revision: "1.1.0", needed: "major", made: "unknown" });
  });
});
