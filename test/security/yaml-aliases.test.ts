/**
 * The two gates a spec file passes before Redocly walks it: no YAML anchor or alias in its
 * text (read from the `yaml` package's syntax tree), and nothing in what Redocly's own parser
 * (js-yaml) made of it that the text could not hold without one. Then the bounded reader, and
 * the bundle limit on a bundle that comes from elsewhere than spec/.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseYaml } from "@redocly/openapi-core";
import { expandedBeyondText, findYamlAlias } from "../../pipeline/yaml-aliases.ts";
import { dereference } from "../../pipeline/openapi-model.ts";
import { MAX_BUNDLE_BYTES, readBounded, SpecInputError } from "../../pipeline/spec-limits.ts";

describe("findYamlAlias", () => {
  test("finds the first anchor, at its line and column", () => {
    expect(findYamlAlias("a: 1\nb: &x [1]\nc: *x\n")).toEqual({ kind: "anchor", source: "&x", line: 2, col: 4 });
  });

  test("finds an alias whose anchor is in another document of the file", () => {
    expect(findYamlAlias("a: 1\n---\nb: *x\n")).toMatchObject({ kind: "alias", source: "*x", line: 3 });
  });

  test("finds anchors and aliases in flow collections, sequences, keys and merge keys", () => {
    expect(findYamlAlias("a: { b: &y 3 }\n")).toMatchObject({ source: "&y", line: 1 });
    expect(findYamlAlias("- q\n- &z r\n")).toMatchObject({ source: "&z", line: 2 });
    expect(findYamlAlias("? &k key\n: v\n")).toMatchObject({ source: "&k" });
    expect(findYamlAlias("a:\n  <<: *base\n")).toMatchObject({ kind: "alias", source: "*base", line: 2 });
  });

  test("ignores & and * inside strings, block scalars and comments (Markdown in descriptions)", () => {
    const text = [
      'title: "&notanchor *notalias"',
      "summary: 'a & b * c'",
      "plain: a &b *c",
      "description: |",
      "  **bold** and *emphasis*; &amp;",
      "  &x *x",
      "# &comment *comment",
      "list: ['*', '&']",
    ].join("\n");
    expect(findYamlAlias(text)).toBeUndefined();
  });

  test("reads a deeply nested file without overflowing the stack", () => {
    const depth = 50_000;
    expect(findYamlAlias(`${"[".repeat(depth)}1${"]".repeat(depth)}`)).toBeUndefined();
  });

  test("reads a 9-level alias bomb in linear time", () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(",")}]`,
      );
    const started = performance.now();
    expect(findYamlAlias(lines.join("\n"))).toMatchObject({ source: "&a0", line: 1 });
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("expandedBeyondText, on what js-yaml parsed", () => {
  test("accepts a plain document, number keys and escapes included", () => {
    const text = 'a: [1, 2, {b: "x\\ty"}]\n.inf: 1\n0x1: 2\nc: |\n  long text\n';
    expect(expandedBeyondText(parseYaml(text), text.length)).toBeUndefined();
  });

  test("accepts a long sequence of short scalars (its indexes are no text)", () => {
    const text = `a: [${Array(10_000).fill("1").join(",")}]\n`;
    expect(expandedBeyondText(parseYaml(text), text.length)).toBeUndefined();
  });

  test("refuses an object reached twice (an object alias)", () => {
    const text = "a: &x { b: 1 }\nc: *x\n";
    expect(expandedBeyondText(parseYaml(text), text.length)).toBe("a node is reached twice");
  });

  test("refuses scalar aliases that repeat a string past twice the text", () => {
    const text = `a: &s "${"x".repeat(1000)}"\nb: [${Array(100).fill("*s").join(",")}]\n`;
    expect(expandedBeyondText(parseYaml(text), text.length)).toMatch(/more than twice the/);
  });
});

describe("readBounded", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "read-bounded-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("reads a file at the limit, CRLF as LF", async () => {
    await writeFile(join(dir, "at.yaml"), "a: 1\r\nb: 2\r\n");
    expect(await readBounded(join(dir, "at.yaml"), 12)).toEqual({ text: "a: 1\nb: 2\n" });
  });

  test("refuses a file one byte over the limit, with its size", async () => {
    await writeFile(join(dir, "over.yaml"), "x".repeat(13));
    expect(await readBounded(join(dir, "over.yaml"), 12)).toEqual({ tooLarge: 13 });
  });

  test("reads an empty file", async () => {
    await writeFile(join(dir, "empty.yaml"), "");
    expect(await readBounded(join(dir, "empty.yaml"), 12)).toEqual({ text: "" });
  });

  test("refuses a folder", async () => {
    await expect(readBounded(dir, 12)).rejects.toThrow("Expected a file but received a folder");
  });
});

describe("a bundle over MAX_BUNDLE_BYTES", () => {
  test("is refused by dereference (a base from git history), naming the limit", async () => {
    const bundled = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {}, "x-pad": "x".repeat(MAX_BUNDLE_BYTES) };
    const error = await dereference(bundled).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecInputError);
    expect((error as SpecInputError).problems[0]).toMatchObject({ ruleId: "spec-input/bundle-size", severity: "error" });
    expect((error as SpecInputError).problems[0]?.message).toMatch(/over the 4 MiB limit \(MAX_BUNDLE_BYTES/);
  });
});
