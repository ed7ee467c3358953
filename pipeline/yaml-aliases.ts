/**
 * YAML anchors and aliases in spec files. An alias repeats a node without repeating its text,
 * so a few kilobytes of nested aliases ("billion laughs") parse to a document of gigabytes
 * once Redocly walks, bundles or serializes it. spec/ never needs them (a `$ref` says the
 * same thing and stays one node), so any anchor or alias is refused before the file is parsed.
 */
import { LineCounter, Parser } from "yaml";

export interface AliasFound {
  kind: "anchor" | "alias";
  /** As written: `&name` or `*name`. */
  source: string;
  line: number;
  col: number;
}

interface Token {
  type?: unknown;
  offset?: unknown;
  source?: unknown;
}

/**
 * The first anchor or alias in `text`, read from the `yaml` package's concrete syntax tree:
 * one linear pass over the tokens, nothing resolved, so a bomb costs no more than its text.
 */
export function findYamlAlias(text: string): AliasFound | undefined {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  // Depth-first over the CST, iteratively: a deeply nested file must not overflow the stack.
  let first: { kind: AliasFound["kind"]; source: string; offset: number } | undefined;
  const stack: unknown[] = [];
  for (const token of parser.parse(text)) stack.push(token);
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      // One by one: spreading a long array into push() overflows the argument limit.
      for (const item of node) stack.push(item);
      continue;
    }
    const token = node as Token;
    if ((token.type === "anchor" || token.type === "alias") && typeof token.offset === "number") {
      // The walk is not in text order: keep the earliest, the one a reader meets first.
      if (!first || token.offset < first.offset) first = { kind: token.type, source: String(token.source), offset: token.offset };
      continue;
    }
    for (const value of Object.values(node)) if (value !== null && typeof value === "object") stack.push(value);
  }
  if (!first) return undefined;
  const { line, col } = lines.linePos(first.offset);
  return { kind: first.kind, source: first.source, line, col };
}

/**
 * Why a parsed document holds more than its text could without aliases; undefined when it
 * does not. A second gate over the parser Redocly really uses (js-yaml): an object reached
 * twice is an alias, and scalars longer in all than twice the text (a number key such as
 * `.inf` grows a little when it becomes a string) were repeated by one.
 */
export function expandedBeyondText(parsed: unknown, textLength: number): string | undefined {
  const budget = 2 * textLength + 1024;
  let chars = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") chars += value.length;
    else if (value !== null && typeof value === "object") {
      if (seen.has(value)) return "a node is reached twice";
      seen.add(value);
      for (const [key, child] of Object.entries(value)) {
        chars += key.length;
        stack.push(child);
      }
    } else chars += String(value).length;
    if (chars > budget) return `its values hold more than twice the ${textLength.toLocaleString("en-US")} characters of its text`;
  }
  return undefined;
}
