/**
 * Hostile parameter values against the wire serializers: nothing a caller passes may split a
 * header, add a cookie, or walk the URL path; such values are refused before anything is sent.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { InvalidArgumentError } from "../../packages/billing-client/src/errors.ts";
import { cookieForm, headerSimple } from "../../packages/billing-client/src/wire/header-cookie.ts";
import { pathLabel, pathMatrix, pathSimple } from "../../packages/billing-client/src/wire/path-styles.ts";

describe("header and cookie parameters", () => {
  const hostile: [string, unknown][] = [
    ["CR LF and a second header", "a\r\nX-Admin: 1"],
    ["a bare LF", "a\nb"],
    ["a bare CR", "a\rb"],
    ["NUL", "a\u0000b"],
    ["DEL", "a\u007Fb"],
    ["a tab", "a\tb"],
    ["a semicolon", "a; admin=1"],
    ["non-ASCII", "é"],
    ["CR LF in an array item", ["a", "b\r\nX-Admin: 1"]],
    ["a semicolon in an object key", { "a; admin": "1" }],
    ["LF in an object value", { a: "1\n" }],
  ];
  for (const [name, value] of hostile) {
    test(`${name} is refused, exploded or not, naming the parameter`, () => {
      for (const serialize of [headerSimple, cookieForm]) {
        for (const explode of [false, true]) {
          expect(() => serialize("X-Color", value, explode)).toThrow(InvalidArgumentError);
          expect(() => serialize("X-Color", value, explode)).toThrow(/^X-Color: must be printable ASCII without ;/);
        }
      }
    });
  }

  test("printable ASCII but ; is sent as it is, not percent-encoded: a header is not a URL", () => {
    expect(headerSimple("X-Note", 'a b,c=d/e?f%20"g"', false)).toBe('a b,c=d/e?f%20"g"');
    expect(cookieForm("note", "x=y/z", false)).toBe("note=x=y/z");
  });

  test("an exploded cookie object gives one cookie per property, joined as RFC 6265 joins them", () => {
    expect(cookieForm("ignored", { theme: "dark", lang: "sv" }, true)).toBe("theme=dark; lang=sv");
  });

  test("for any string, the header value is either refused or exactly the string, which Headers accepts unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        let sent: string;
        try {
          sent = headerSimple("X-Any", text, false);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          expect(text).toMatch(/[^ -~]|;/);
          return;
        }
        expect(sent).toBe(text);
        expect(new Headers({ "X-Any": sent }).get("X-Any")).toBe(text.trim());
      }),
    );
  });
});

describe("path parameters never walk the URL", () => {
  const walking: [string, unknown, typeof pathSimple][] = [
    ['simple ""', "", pathSimple],
    ["simple .", ".", pathSimple],
    ["simple ..", "..", pathSimple],
    ['simple [".."]', [".."], pathSimple],
    ['label "" (expands to ".")', "", pathLabel],
    ['label "." (expands to "..")', ".", pathLabel],
    ['label exploded ["."] (expands to "..")', ["."], pathLabel],
    ["simple undefined", undefined, pathSimple],
    ["matrix undefined", undefined, pathMatrix],
  ];
  for (const [name, value, serialize] of walking) {
    test(`${name} is refused`, () => {
      expect(() => serialize("id", value, true)).toThrow(InvalidArgumentError);
      expect(() => serialize("id", value, false)).toThrow(/^id: must not expand to empty, \. or \.\./);
    });
  }

  test("encoded dots stay encoded text: %2e%2e is not a dot segment", () => {
    expect(pathSimple("id", "%2e%2e", false)).toBe("%252e%252e");
  });

  test("for any string, the serialized value resolves to exactly one segment under the template's parent", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom(".", "..", "", "./..", "%2e", "/")), (text) => {
        let segment: string;
        try {
          segment = pathSimple("id", text, false);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          expect(["", ".", ".."]).toContain(text);
          return;
        }
        const url = new URL(`https://api.example/items/${segment}/actions`);
        expect(url.pathname.split("/").slice(0, 2)).toEqual(["", "items"]);
        expect(url.pathname.split("/")).toHaveLength(4);
        expect(url.search + url.hash).toBe("");
        expect(decodeURIComponent(url.pathname.split("/")[2]!)).toBe(text.toWellFormed());
      }),
    );
  });
});
