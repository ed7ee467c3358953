/**
 * The reading behind `hostup/no-script-in-prose`: every spelling below runs script in some
 * parser on the way from a spec's Markdown to the browser (the first is the one Redocly's
 * `no-unsafe-markdown` lets through), and each must be found, named for what it is. Prose
 * that only talks about markup must pass.
 */
import { describe, expect, test } from "vitest";
import { decodeCharacterReferences, scriptInMarkup } from "../../pipeline/redocly/script-in-markup.ts";

const HANDLER = /event handler attribute `on[a-z]+`/;
const SCHEME = /`(javascript|vbscript):` URL|`data:text\/html` URL/;

/** [spelling, what must be named] */
const HOSTILE: [string, RegExp][] = [
  // a `>` inside a quoted value does not end the tag
  ['<img alt=">" src=x onerror="alert(1)">', /`onerror` on <img>/],
  ["<img alt='>' src=x onerror='alert(1)'>", /`onerror` on <img>/],
  [`<img alt=">" title='>' src=x onerror=alert(1)>`, /`onerror` on <img>/],
  ["<img src=x onerror=alert(1)>", /`onerror` on <img>/],
  ["<IMG SRC=x OnErRoR=alert(1)>", /`onerror` on <img>/],
  ["<img/src/onerror=alert(1)>", /`onerror` on <img>/],
  ["<img/src=x/onerror=alert(1)>", /`onerror=` inside a value on <img>/],
  ["<img\nsrc=x\tonerror\n=\nalert(1)>", /`onerror` on <img>/],
  ["<img src=x onerror  =  alert(1)>", /`onerror` on <img>/],
  // unclosed: a renderer's own `</p>` closes it
  ["See <img src=x onerror=alert(1)", /`onerror` on <img>/],
  ["<a href=x onclick=alert(1)>docs</a>", /`onclick` on <a>/],
  ['<div onpointerover="alert(1)">hover</div>', /`onpointerover` on <div>/],
  ["<details open ontoggle=alert(1)>", /`ontoggle` on <details>/],
  ["<body onload=alert(1)>", /`onload` on <body>/],
  ["<video><source onerror=alert(1)>", /`onerror` on <source>/],
  // character references, in every form a decoder accepts
  ["<img src=x &#111;nerror=alert(1)>", /`onerror` on <img> \(after decoding character references\)/],
  ["<img src=x &#x6F;nerror=alert(1)>", /`onerror` on <img>/],
  ["<img src=x &#0000111nerror=alert(1)>", /`onerror` on <img>/],
  ["&lt;img src=x onerror=alert(1)&gt;", /`onerror` on <img>/],
  ["&LT;img src=x onerror=alert(1)&GT;", /`onerror` on <img>/],
  ["&ltimg src=x onerror=alert(1)&gt", /`onerror` on <img>/],
  ["&amp;lt;img src=x onerror=alert(1)&amp;gt;", /`onerror` on <img>/],
  ["&#60;img src=x onerror=alert(1)&#62;", /`onerror` on <img>/],
  // a tag inside a value, or after a comment another parser ends elsewhere
  ['<a title="<img src=x onerror=alert(1)>">x</a>', /`onerror` on <img>/],
  ['<!--<a title="--><img src=x onerror=alert(1)>">', /`onerror` on <img>/],
  ["<textarea><a title='</textarea><img src=x onerror=alert(1)>'>", /`onerror` on <img>/],
  // elements that run, embed or reparse
  ["<script>alert(1)</script>", /<script> element/],
  ["<SCRIPT SRC=//x.invalid/a.js></SCRIPT>", /<script> element/],
  ["<script\n>alert(1)</script>", /<script> element/],
  ["&lt;script&gt;alert(1)&lt;/script&gt;", /<script> element \(after decoding character references\)/],
  ['<iframe src="about:blank"></iframe>', /<iframe> element/],
  ["<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'>", /`srcdoc` attribute on <iframe>/],
  ['<object data="x.swf"></object>', /<object> element/],
  ["<embed src=x.swf>", /<embed> element/],
  ["<svg onload=alert(1)>", /<svg> element/],
  ["<svg onload=alert(1)>", /`onload` on <svg>/],
  ["<svg><animate onbegin=alert(1) attributeName=x dur=1s>", /`onbegin` on <animate>/],
  ["<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", /<math> element/],
  ['<base href="https://evil.invalid/">', /<base> element/],
  ['<meta http-equiv="refresh" content="0;url=https://evil.invalid/">', /<meta> element/],
  ["<style>body{display:none}</style>", /<style> element/],
  ["<form><button formaction=x>go</button></form>", /`formaction` attribute on <button>/],
  // script URLs, in Markdown and in HTML
  ["[docs](javascript:alert(1))", /`javascript:` URL/],
  ["[docs](JaVaScRiPt:alert(1))", /`javascript:` URL/],
  ["[docs](java&#9;script:alert(1))", /`javascript:` URL/],
  ["[docs](java\tscript:alert(1))", /`javascript:` URL/],
  ["[docs](&#106;avascript:alert(1))", /`javascript:` URL/],
  ["[docs](javascript&colon;alert(1))", /`javascript:` URL/],
  ["[docs](javascript\\:alert(1))", /`javascript:` URL \(after undoing Markdown escapes\)/],
  ["<javascript:alert(1)>", /`javascript:` URL/],
  ["[docs]\n\n[docs]: javascript:alert(1)", /`javascript:` URL/],
  ['<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>', /`javascript:` URL/],
  ["[docs](vbscript:msgbox(1))", /`vbscript:` URL/],
  ['<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', /`data:text\/html` URL/],
];

/** Markdown as the spec writes it, including markup that carries no script. */
const HARMLESS = [
  "API key sent as `Authorization: Bearer <token>`. Listing needs `read:billing`.",
  "**bold**, _emphasis_, <b>b</b>, <code>x</code>, line<br/>break, <kbd>Ctrl</kbd>",
  "If a < b and c > d, then the order is kept.",
  "See [the error catalog](https://developer.hostup.se/errors/not_found).",
  '<a href="https://developer.hostup.se/" title="x > y">developer docs</a>',
  '<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">',
  "Written for JavaScript and TypeScript callers; the `online` flag is one of many.",
  "<abbr title=\"one\">1</abbr> and <td colspan='2'>",
  "Tokens look like `hup_live_0123` &amp; never expire &mdash; rotate them.",
  "Decision: the docs say `onboarding` is done once; `onerror` is only a word here.",
];

describe("scriptInMarkup", () => {
  for (const [text, named] of HOSTILE) {
    test(`finds ${JSON.stringify(text)}`, () => {
      const findings = scriptInMarkup(text);
      expect(findings.join("\n")).toMatch(named);
    });
  }

  for (const text of HARMLESS) {
    test(`passes ${JSON.stringify(text)}`, () => {
      expect(scriptInMarkup(text)).toEqual([]);
    });
  }

  test("names each way once, handler and scheme alike", () => {
    const findings = scriptInMarkup('<img alt=">" src=x onerror="alert(1)"> [x](javascript:alert(1)) <img src=y onerror=z>');
    expect(findings.filter((f) => HANDLER.test(f))).toEqual(["an event handler attribute `onerror` on <img>"]);
    expect(findings.filter((f) => SCHEME.test(f))).toEqual(["a `javascript:` URL"]);
  });

  test("refuses tags nested in attribute values deeper than it reads", () => {
    expect(scriptInMarkup(`x=${"<a/x=".repeat(10)}`)).toContain("tags nested in attribute values more than 4 deep");
  });

  test("reads a long hostile string in linear time (under 2 s; quadratic reading takes minutes)", () => {
    for (const text of [
      `<a x="${'<a x="'.repeat(40_000)}`,
      "<".repeat(200_000),
      `x=${"<a/x=".repeat(40_000)}`,
      "&#60;img ".repeat(20_000),
    ]) {
      const started = performance.now();
      scriptInMarkup(text);
      expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(2_000);
    }
  });
});

describe("decodeCharacterReferences", () => {
  test("decodes numeric references with or without `;`, and names in any case, longest first", () => {
    expect(decodeCharacterReferences("&#60;&#x3c;&#X3C&#0060x")).toBe("<<<<x");
    expect(decodeCharacterReferences("&lt;&LT;&Lt&ltimg &colon;&Tab;&NewLine;")).toBe("<<<<img :\t\n");
    expect(decodeCharacterReferences("&#0;&#x110000;")).toBe("\ufffd\ufffd");
    expect(decodeCharacterReferences("&unknown; & &#;")).toBe("&unknown; & &#;");
  });
});
