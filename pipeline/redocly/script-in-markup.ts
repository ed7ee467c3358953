/**
 * What in a piece of a spec's prose could run script once the API reference renders it as
 * HTML. Redoc renders descriptions as Markdown, and Markdown passes raw HTML through; the
 * browser, a Markdown renderer and a sanitizer may each read the same text differently,
 * so the text is read several ways and anything any reading finds is reported:
 *
 * - as written, and again after decoding HTML character references (`&#111;nerror`,
 *   `&lt;img …&gt;`), and after undoing Markdown's backslash escapes (`javascript\:`);
 * - tags as the HTML tokenizer reads them: quote-aware (a `>` inside a quoted value does not
 *   end the tag), `/` between attributes, unclosed at the end of the text; and every
 *   attribute value read again as markup, for a parser that saw a tag where this one saw text.
 */

/** Elements that run script, embed or restyle a document, or change how the rest is parsed. */
const REFUSED_ELEMENTS = [
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "portal",
  "base",
  "link",
  "meta",
  "style",
  "form",
  // Foreign content (own parsing rules, <svg><script>, animate/set href) and the raw-text
  // elements: both are how mutation XSS slips markup past sanitizers.
  "svg",
  "math",
  "template",
  "noscript",
  "noembed",
  "noframes",
  "xmp",
  "plaintext",
  "textarea",
  "title",
];
const REFUSED_ELEMENT = new RegExp(`<\\/?(${REFUSED_ELEMENTS.join("|")})(?=[\\s/>]|$)`, "g");

/** Attributes that hold a document or a form target rather than a URL a scheme check covers. */
const REFUSED_ATTRIBUTES = new Set(["srcdoc", "formaction", "action"]);

const HANDLER_IN_VALUE = /(?:^|[\s/"'`])(on[a-z]+)\s*=/g;

/** URL schemes that run script, or load a document that can. */
const REFUSED_SCHEME = /(javascript|vbscript|livescript):|data:(text\/html|application\/xhtml|image\/svg)/g;

/**
 * Character references a trick needs (markup, quotes, URL punctuation and the whitespace the
 * URL parser drops), named as HTML names them. Numeric references cover everything else.
 */
const NAMED_REFERENCES: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  grave: "`",
  diacriticalgrave: "`",
  colon: ":",
  semi: ";",
  comma: ",",
  period: ".",
  sol: "/",
  bsol: "\\",
  equals: "=",
  excl: "!",
  quest: "?",
  num: "#",
  percnt: "%",
  plus: "+",
  lpar: "(",
  rpar: ")",
  lsqb: "[",
  rsqb: "]",
  lbrack: "[",
  rbrack: "]",
  lcub: "{",
  rcub: "}",
  lbrace: "{",
  rbrace: "}",
  tab: "\t",
  newline: "\n",
  nbsp: "\u00a0",
};
// Longest first: `&ltimg` is `<img` (a reference without `;` takes the longest name it starts with).
const NAMES = Object.keys(NAMED_REFERENCES).sort((a, b) => b.length - a.length);

function codePoint(digits: string, radix: number): string {
  const value = Number.parseInt(digits, radix);
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : "\ufffd";
}

/** Decodes numeric and the named references above, with or without `;`, names in any case. */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+);?|#([0-9]+);?|([a-z][a-z0-9]*);?)/gi, (whole, hex, decimal, name: string | undefined) => {
    if (hex !== undefined) return codePoint(hex, 16);
    if (decimal !== undefined) return codePoint(decimal, 10);
    const lower = name!.toLowerCase();
    const known = NAMES.find((candidate) => lower.startsWith(candidate));
    if (!known) return whole;
    return known.length === lower.length ? NAMED_REFERENCES[known]! : NAMED_REFERENCES[known]! + name!.slice(known.length);
  });
}

/** Markdown's backslash escapes undone, as a renderer does in link destinations and text. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/** Tab and line breaks removed, as the URL parser removes them anywhere in a URL (`java&#9;script:`). */
function withoutUrlWhitespace(text: string): string {
  return text.replace(/[\t\n\r]/g, "");
}

/** The text as written, and as each layer that may decode it before the browser parses it. */
function readings(text: string): Map<string, string> {
  const found = new Map<string, string>([[text, ""]]);
  let layer = [text];
  // Each pass decodes once more (`&amp;#60;` is `&#60;` is `<`); a few cover any real double encoding.
  for (let pass = 0; pass < 4 && layer.length > 0; pass++) {
    const next: string[] = [];
    for (const current of layer) {
      for (const [derived, how] of [
        [decodeCharacterReferences(current), "after decoding character references"],
        [unescapeMarkdown(current), "after undoing Markdown escapes"],
      ] as const) {
        if (found.has(derived)) continue;
        found.set(derived, found.get(current) || how);
        next.push(derived);
      }
    }
    layer = next;
  }
  return found;
}

const WHITESPACE = /[\t\n\f\r ]/;

interface Tag {
  name: string;
  attributes: { name: string; value: string }[];
}

/** How deep tags inside attribute values are read; markup nested deeper is itself refused. */
const MAX_NESTING = 4;

/**
 * Start tags as the HTML tokenizer reads them; each attribute value holding a `<` is read
 * again for tags of its own, down to MAX_NESTING levels (the tag is then named `…`).
 */
function startTags(text: string, tags: Tag[] = [], depth = 0): Tag[] {
  if (depth > MAX_NESTING) {
    tags.push({ name: "…", attributes: [] });
    return tags;
  }
  let at = 0;
  while ((at = text.indexOf("<", at)) !== -1) {
    at++;
    if (!/[a-z]/.test(text[at] ?? "")) continue;
    const nameStart = at;
    while (at < text.length && !WHITESPACE.test(text[at]!) && text[at] !== "/" && text[at] !== ">") at++;
    const tag: Tag = { name: text.slice(nameStart, at), attributes: [] };
    tags.push(tag);
    for (;;) {
      while (at < text.length && (WHITESPACE.test(text[at]!) || text[at] === "/")) at++;
      if (at >= text.length || text[at] === ">") break;
      const attributeStart = at++;
      while (at < text.length && !WHITESPACE.test(text[at]!) && !"/>=".includes(text[at]!)) at++;
      const name = text.slice(attributeStart, at);
      while (at < text.length && WHITESPACE.test(text[at]!)) at++;
      let value = "";
      if (text[at] === "=") {
        at++;
        while (at < text.length && WHITESPACE.test(text[at]!)) at++;
        const quote = text[at];
        if (quote === '"' || quote === "'") {
          const end = text.indexOf(quote, at + 1);
          value = text.slice(at + 1, end === -1 ? text.length : end);
          at = end === -1 ? text.length : end + 1;
        } else {
          const valueStart = at;
          while (at < text.length && !WHITESPACE.test(text[at]!) && text[at] !== ">") at++;
          value = text.slice(valueStart, at);
        }
      }
      tag.attributes.push({ name, value });
      if (value.includes("<")) startTags(value, tags, depth + 1);
    }
  }
  return tags;
}

function findingsIn(text: string): string[] {
  const lower = text.toLowerCase();
  const findings: string[] = [];
  for (const match of lower.matchAll(REFUSED_ELEMENT)) findings.push(`a <${match[1]}> element`);
  for (const tag of startTags(lower)) {
    if (tag.name === "…") findings.push(`tags nested in attribute values more than ${MAX_NESTING} deep`);
    const element = `<${tag.name.slice(0, 24)}>`;
    for (const { name, value } of tag.attributes) {
      // `"onerror` or `/onerror` is no handler to a browser, but may be to another parser.
      const bare = name.replace(/^[^a-z]+/, "");
      if (/^on[a-z]/.test(bare)) findings.push(`an event handler attribute \`${bare.slice(0, 32)}\` on ${element}`);
      else if (REFUSED_ATTRIBUTES.has(bare)) findings.push(`a \`${bare}\` attribute on ${element}`);
      // `<img src=x/onerror=…>`: one unquoted value to a browser, two attributes to a parser that splits at `/`.
      for (const match of value.matchAll(HANDLER_IN_VALUE))
        findings.push(`an event handler \`${match[1]!.slice(0, 32)}=\` inside a value on ${element}`);
    }
  }
  for (const reading of [lower, withoutUrlWhitespace(lower)]) {
    for (const match of reading.matchAll(REFUSED_SCHEME)) findings.push(`a \`${match[0]}\` URL`);
  }
  return findings;
}

/**
 * One line per way `text` could run script once rendered: an event handler attribute in a
 * tag, a `srcdoc`, a refused element, a script URL. Empty when none was found.
 */
export function scriptInMarkup(text: string): string[] {
  const found = new Map<string, string>();
  for (const [reading, how] of readings(text)) {
    for (const finding of findingsIn(reading)) if (!found.has(finding)) found.set(finding, how);
  }
  return [...found].map(([finding, how]) => (how ? `${finding} (${how})` : finding));
}
