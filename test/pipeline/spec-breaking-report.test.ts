/**
 * The spec:breaking report as text, markdown, json and GitHub annotations, built in this
 * process from located changes: the sections, the grouping and folding of places, the
 * escaping each format needs, the verdict's summary and the version line.
 */
import { describe, expect, test } from "vitest";
import { formatReport, type Located, type Report } from "../../pipeline/breaking/report.ts";
import { checkVersion } from "../../pipeline/breaking/version.ts";

const located = (change: Partial<Located> & Pick<Located, "rule" | "kind" | "where" | "message">): Located => ({
  pointer: "/paths/~1a/post",
  side: "revision",
  source: { file: "spec/paths/a.yaml", line: 3 },
  ...change,
});

/** A break, an accepted break, a component edit shown at two operations, and an edit with characters each format escapes. */
const changes: Located[] = [
  located({
    kind: "breaking",
    rule: "request-type-narrowed",
    where: "POST /a body",
    message: "no longer accepts integer (now string)",
    source: { file: "spec/paths/a.yaml", line: 12 },
  }),
  located({
    kind: "breaking",
    rule: "response-header-removed",
    where: "GET /b",
    message: "response header X-A was removed",
    accepted: "no client reads it |\nsee 1.4.0",
    source: { file: "spec/paths/b.yaml", line: 5 },
  }),
  located({
    kind: "changelog",
    rule: "description-changed",
    where: "POST /a response 400",
    message: "description changed",
    source: { file: "spec/components/schemas/Problem.yaml", line: 2 },
  }),
  located({
    kind: "changelog",
    rule: "description-changed",
    where: "GET /b response 404",
    message: "description changed",
    source: { file: "spec/components/schemas/Problem.yaml", line: 2 },
  }),
  located({
    kind: "changelog",
    rule: "description-changed",
    where: "POST /a response 401",
    message: "description changed",
    source: { file: "spec/components/schemas/Problem.yaml", line: 2 },
  }),
  located({
    kind: "changelog",
    rule: "example-added",
    where: "GET /b response 200",
    message: 'a|b 100% done,\nnext: "x"',
    source: { file: "spec/paths/b.yaml", line: 9 },
  }),
];

function report(verdict: Report["verdict"], revision = "1.1.0", list = changes): Report {
  return {
    base: "generated/openapi.json at main",
    versions: { base: "1.0.0", revision },
    changes: list,
    stale: [{ rule: "response-property-removed", where: "GET /c", reason: "gone" }],
    verdict,
    version: checkVersion("1.0.0", revision, list),
    versionSource: { file: "spec/openapi.yaml", line: 4 },
  };
}

describe("text", () => {
  test("breaks, accepted breaks, stale acceptances and the changelog, grouped by operation, then the verdict", () => {
    expect(formatReport(report("breaking"), "text")).toMatchInlineSnapshot(`
      "spec:breaking: spec/ compared with generated/openapi.json at main
      Breaking changes:
        POST /a
          request-type-narrowed                POST /a body: no longer accepts integer (now string)  (spec/paths/a.yaml:12)
      Accepted breaking changes:
        GET /b
          accepted response-header-removed GET /b: response header X-A was removed  (spec/paths/b.yaml:5); reason: no client reads it |
      see 1.4.0
        stale acceptance (matches nothing): response-property-removed GET /c
      Changelog (not breaking):
        POST /a, GET /b
          description-changed                  POST /a response 400, 401; GET /b response 404: description changed  (spec/components/schemas/Problem.yaml:2)
        GET /b
          example-added                        GET /b response 200: a|b 100% done,
      next: "x"  (spec/paths/b.yaml:9)
      spec:breaking: 1 breaking change(s) for clients. Undo them, accept each in spec/breaking-accepted.yaml with a reason, or raise info.version's major in spec/openapi.yaml (1.0.0 → 2.0.0) if they are intended."
    `);
  });
  test("a verdict that is not breaking is followed by the version line", () => {
    expect(formatReport(report("allowed-by-major", "2.0.0"), "text").split("\n").slice(-2)).toMatchInlineSnapshot(`
      [
        "spec:breaking: 1 breaking change(s), allowed: info.version's major was raised (1.0.0 → 2.0.0)",
        "spec:breaking: info.version 1.0.0 → 2.0.0 fits the changes (major needed, major made)",
      ]
    `);
  });
  test("with nothing to list, only the heading, the verdict and the version", () => {
    expect(formatReport({ ...report("none", "1.0.0", []), stale: [] }, "text")).toMatchInlineSnapshot(`
      "spec:breaking: spec/ compared with generated/openapi.json at main
      spec:breaking: no breaking changes for clients
      spec:breaking: info.version 1.0.0: nothing changed"
    `);
  });
});

describe("markdown", () => {
  test("tables of breaks and accepted breaks, stale acceptances, and a changelog list per group; cells escape | and newlines", () => {
    expect(formatReport(report("accepted", "1.0.1"), "markdown")).toMatchInlineSnapshot(`
      "## API changes against generated/openapi.json at main

      **no breaking changes for clients beyond the 1 accepted in spec/breaking-accepted.yaml**

      ⚠️ Version: info.version needs a major bump for these changes: set it to 2.0.0 in spec/openapi.yaml (1.0.0 → 2.0.0; now 1.0.1)

      ### Breaking changes

      | Rule | Where | Change | Source |
      | --- | --- | --- | --- |
      | \`request-type-narrowed\` | \`POST /a body\` | no longer accepts integer (now string) | \`spec/paths/a.yaml:12\` |

      ### Accepted breaking changes

      | Rule | Where | Change | Source | Reason |
      | --- | --- | --- | --- | --- |
      | \`response-header-removed\` | \`GET /b\` | response header X-A was removed | \`spec/paths/b.yaml:5\` | no client reads it \\| see 1.4.0 |

      ### Stale acceptances

      - \`response-property-removed\` \`GET /c\` matches nothing

      ### Changelog

      #### POST /a, GET /b

      - \`POST /a response 400, 401; GET /b response 404\`: description changed (\`spec/components/schemas/Problem.yaml:2\`)

      #### GET /b

      - \`GET /b response 200\`: a|b 100% done,
      next: "x" (\`spec/paths/b.yaml:9\`)
      "
    `);
  });
});

describe("github", () => {
  test("one annotation per entry on its spec/ file and line, data and properties escaped, a version warning on info.version", () => {
    expect(formatReport(report("accepted", "1.0.0"), "github")).toMatchInlineSnapshot(`
      "::error file=spec/paths/a.yaml,line=12,title=Breaking%3A request-type-narrowed::POST /a body: no longer accepts integer (now string)
      ::notice file=spec/paths/b.yaml,line=5,title=Accepted break%3A response-header-removed::GET /b: response header X-A was removed. Reason: no client reads it |%0Asee 1.4.0
      ::notice file=spec/components/schemas/Problem.yaml,line=2,title=API change%3A description-changed::POST /a response 400, 401; GET /b response 404: description changed
      ::notice file=spec/paths/b.yaml,line=9,title=API change%3A example-added::GET /b response 200: a|b 100%25 done,%0Anext: "x"
      ::warning file=spec/openapi.yaml,line=4,title=Version::info.version needs a major bump for these changes: set it to 2.0.0 in spec/openapi.yaml (1.0.0 → 2.0.0; now 1.0.0)
      spec:breaking: no breaking changes for clients beyond the 1 accepted in spec/breaking-accepted.yaml"
    `);
  });
  test("a version warning without a known source points at spec/openapi.yaml line 1; a fitting version adds no annotation", () => {
    const { versionSource: _source, ...unsourced } = report("none", "1.0.0", [changes[2]!]);
    expect(formatReport(unsourced, "github")).toMatchInlineSnapshot(`
      "::notice file=spec/components/schemas/Problem.yaml,line=2,title=API change%3A description-changed::POST /a response 400: description changed
      ::warning file=spec/openapi.yaml,line=1,title=Version::info.version needs a patch bump for these changes: set it to 1.0.1 in spec/openapi.yaml (1.0.0 → 1.0.1; now 1.0.0)
      spec:breaking: no breaking changes for clients"
    `);
    expect(formatReport(report("none", "1.0.1", [changes[2]!]), "github")).toMatchInlineSnapshot(`
      "::notice file=spec/components/schemas/Problem.yaml,line=2,title=API change%3A description-changed::POST /a response 400: description changed
      spec:breaking: no breaking changes for clients"
    `);
  });
});

describe("json", () => {
  test("the verdict, the version check with its line, each section, and groups with their entries by kind", () => {
    expect(JSON.parse(formatReport(report("breaking"), "json"))).toMatchInlineSnapshot(`
      {
        "accepted": [
          {
            "accepted": "no client reads it |
      see 1.4.0",
            "kind": "breaking",
            "message": "response header X-A was removed",
            "operations": [
              "GET /b",
            ],
            "places": [
              "GET /b",
            ],
            "pointer": "/paths/~1a/post",
            "rule": "response-header-removed",
            "source": {
              "file": "spec/paths/b.yaml",
              "line": 5,
            },
            "where": "GET /b",
          },
        ],
        "base": "generated/openapi.json at main",
        "breaking": [
          {
            "kind": "breaking",
            "message": "no longer accepts integer (now string)",
            "operations": [
              "POST /a",
            ],
            "places": [
              "POST /a body",
            ],
            "pointer": "/paths/~1a/post",
            "rule": "request-type-narrowed",
            "source": {
              "file": "spec/paths/a.yaml",
              "line": 12,
            },
            "where": "POST /a body",
          },
        ],
        "changelog": [
          {
            "kind": "changelog",
            "message": "description changed",
            "operations": [
              "POST /a",
              "GET /b",
            ],
            "places": [
              "POST /a response 400",
              "POST /a response 401",
              "GET /b response 404",
            ],
            "pointer": "/paths/~1a/post",
            "rule": "description-changed",
            "source": {
              "file": "spec/components/schemas/Problem.yaml",
              "line": 2,
            },
            "where": "POST /a response 400, 401; GET /b response 404",
          },
          {
            "kind": "changelog",
            "message": "a|b 100% done,
      next: "x"",
            "operations": [
              "GET /b",
            ],
            "places": [
              "GET /b response 200",
            ],
            "pointer": "/paths/~1a/post",
            "rule": "example-added",
            "source": {
              "file": "spec/paths/b.yaml",
              "line": 9,
            },
            "where": "GET /b response 200",
          },
        ],
        "groups": [
          {
            "accepted": [],
            "breaking": [
              {
                "kind": "breaking",
                "message": "no longer accepts integer (now string)",
                "operations": [
                  "POST /a",
                ],
                "places": [
                  "POST /a body",
                ],
                "pointer": "/paths/~1a/post",
                "rule": "request-type-narrowed",
                "source": {
                  "file": "spec/paths/a.yaml",
                  "line": 12,
                },
                "where": "POST /a body",
              },
            ],
            "changelog": [],
            "operations": [
              "POST /a",
            ],
          },
          {
            "accepted": [],
            "breaking": [],
            "changelog": [
              {
                "kind": "changelog",
                "message": "description changed",
                "operations": [
                  "POST /a",
                  "GET /b",
                ],
                "places": [
                  "POST /a response 400",
                  "POST /a response 401",
                  "GET /b response 404",
                ],
                "pointer": "/paths/~1a/post",
                "rule": "description-changed",
                "source": {
                  "file": "spec/components/schemas/Problem.yaml",
                  "line": 2,
                },
                "where": "POST /a response 400, 401; GET /b response 404",
              },
            ],
            "operations": [
              "POST /a",
              "GET /b",
            ],
          },
          {
            "accepted": [
              {
                "accepted": "no client reads it |
      see 1.4.0",
                "kind": "breaking",
                "message": "response header X-A was removed",
                "operations": [
                  "GET /b",
                ],
                "places": [
                  "GET /b",
                ],
                "pointer": "/paths/~1a/post",
                "rule": "response-header-removed",
                "source": {
                  "file": "spec/paths/b.yaml",
                  "line": 5,
                },
                "where": "GET /b",
              },
            ],
            "breaking": [],
            "changelog": [
              {
                "kind": "changelog",
                "message": "a|b 100% done,
      next: "x"",
                "operations": [
                  "GET /b",
                ],
                "places": [
                  "GET /b response 200",
                ],
                "pointer": "/paths/~1a/post",
                "rule": "example-added",
                "source": {
                  "file": "spec/paths/b.yaml",
                  "line": 9,
                },
                "where": "GET /b response 200",
              },
            ],
            "operations": [
              "GET /b",
            ],
          },
        ],
        "stale": [
          {
            "reason": "gone",
            "rule": "response-property-removed",
            "where": "GET /c",
          },
        ],
        "verdict": "breaking",
        "version": {
          "base": "1.0.0",
          "made": "minor",
          "needed": "major",
          "revision": "1.1.0",
          "suggested": "2.0.0",
        },
        "versions": {
          "base": "1.0.0",
          "revision": "1.1.0",
        },
      }
    `);
  });
  test("the version line is there when the verdict does not already ask for a major", () => {
    expect(JSON.parse(formatReport(report("accepted", "1.0.0"), "json")).version).toMatchInlineSnapshot(`
      {
        "base": "1.0.0",
        "line": "info.version needs a major bump for these changes: set it to 2.0.0 in spec/openapi.yaml (1.0.0 → 2.0.0; now 1.0.0)",
        "made": "none",
        "needed": "major",
        "revision": "1.0.0",
        "suggested": "2.0.0",
        "warning": true,
      }
    `);
  });
});

describe("sections with nothing to show are left out", () => {
  const only = (list: Located[], verdict: Report["verdict"], revision = "1.0.0"): Report => ({
    ...report(verdict, revision, list),
    stale: [],
  });

  test("markdown: a breaking verdict, one break, no version line and no other section", () => {
    expect(formatReport(only([changes[0]!], "breaking"), "markdown").split("\n")).toEqual([
      "## API changes against generated/openapi.json at main",
      "",
      "**1 breaking change(s) for clients. Undo them, accept each in spec/breaking-accepted.yaml with a reason, or raise info.version's major in spec/openapi.yaml (1.0.0 → 2.0.0) if they are intended.**",
      "",
      "### Breaking changes",
      "",
      "| Rule | Where | Change | Source |",
      "| --- | --- | --- | --- |",
      "| `request-type-narrowed` | `POST /a body` | no longer accepts integer (now string) | `spec/paths/a.yaml:12` |",
      "",
    ]);
  });

  test("markdown: only a changelog, and a version that fits, without a warning sign", () => {
    expect(formatReport(only([changes[2]!], "none", "1.0.1"), "markdown").split("\n")).toEqual([
      "## API changes against generated/openapi.json at main",
      "",
      "**no breaking changes for clients**",
      "",
      "Version: info.version 1.0.0 → 1.0.1 fits the changes (patch needed, patch made)",
      "",
      "### Changelog",
      "",
      "#### POST /a",
      "",
      "- `POST /a response 400`: description changed (`spec/components/schemas/Problem.yaml:2`)",
      "",
    ]);
  });

  test("text: a version warning is said to be one", () => {
    expect(
      formatReport(only([changes[2]!], "none"), "text")
        .split("\n")
        .at(-1),
    ).toBe(
      "spec:breaking: warning: info.version needs a patch bump for these changes: set it to 1.0.1 in spec/openapi.yaml (1.0.0 → 1.0.1; now 1.0.0)",
    );
  });

  test("github: a breaking verdict adds no version annotation; CR and commas are escaped", () => {
    const odd = located({
      kind: "breaking",
      rule: "request-type-narrowed",
      where: "POST /a",
      message: "a\r\nb",
      source: { file: "spec/a,b.yaml", line: 1 },
    });
    expect(formatReport(only([odd], "breaking"), "github").split("\n")).toEqual([
      "::error file=spec/a%2Cb.yaml,line=1,title=Breaking%3A request-type-narrowed::POST /a: a%0D%0Ab",
      "spec:breaking: 1 breaking change(s) for clients. Undo them, accept each in spec/breaking-accepted.yaml with a reason, or raise info.version's major in spec/openapi.yaml (1.0.0 → 2.0.0) if they are intended.",
    ]);
  });
});
