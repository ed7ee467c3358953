/**
 * YAML anchors and aliases in spec files. An alias repeats a node without repeating its text,
 * so a few kilobytes of nested aliases ("billion laughs") parse to a document of gigabytes
 * once Redocly walks, bundles or serializes it. spec/ never needs them (a `$ref` says the
 * same thing and stays one node), so any anchor or alias is refused before the file is parsed.
 */
import { Lexer } from "yaml";

export interface AliasFound {
  kind: "anchor" | "alias";
  /** As written: `&name` or `*name`. */
  source: string;
  line: number;
  col: number;
}

// The lexer's control tokens, which stand for no text: document start, flow error end, and
// "a scalar's text comes next".
const DOCUMENT = "\x02";
const FLOW_ERROR_END = "\x18";
const SCALAR = "\x1f";

/**
 * The first anchor or alias in `text`, from the `yaml` package's lexer: one linear pass over
 * the tokens, nothing parsed or resolved, so a bomb costs no more than its text. An anchor or
 * alias is a token of its own that starts with `&` or `*`; a scalar's text (quoted, plain or
 * a block, where Markdown's `*` lives) always follows the SCALAR marker and is skipped.
 */
export function findYamlAlias(text: string): AliasFound | undefined {
  let offset = 0;
  let scalar = false;
  for (const token of new Lexer().lex(text)) {
    if (token === SCALAR) {
      scalar = true;
      continue;
    }
    if (token === DOCUMENT || token === FLOW_ERROR_END) continue;
    if (!scalar && (token[0] === "&" || token[0] === "*")) {
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      return { kind: token[0] === "&" ? "anchor" : "alias", source: token, line, col: offset - before.lastIndexOf("\n") };
    }
    scalar = false;
    offset += token.length;
  }
  return undefined;
}

/**
 * Why a parsed document holds more than its text could without aliases; undefined when it
 * does not. A second gate over the parser Redocly really uses (js-yaml): an object reached
 * twice is an alias, and strings and keys longer in all than twice the text (a number key
 * such as `.inf` grows a little when it becomes a string) were repeated by one.
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
      if (Array.isArray(value)) for (const item of value) stack.push(item);
      else {
        for (const [key, child] of Object.entries(value)) {
          chars += key.length;
          stack.push(child);
        }
      }
    } else chars += 1; // a number, boolean or null: at least one character of text each
    if (chars > budget) return `its values hold more than twice the ${textLength.toLocaleString("en-US")} characters of its text`;
  }
  return undefined;
}
