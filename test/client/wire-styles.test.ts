/**
 * The parameter serializers, with the OpenAPI Specification 3.1.1 "Style Examples" table as the
 * oracle: a parameter `color` that is "" (the table's empty column), "blue", an array or an
 * object, in every style the table defines, exploded or not.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { InvalidArgumentError } from "../../packages/billing-client/src/errors.ts";
import type { Style } from "../../packages/billing-client/src/wire/expand.ts";
import { cookieForm, headerSimple } from "../../packages/billing-client/src/wire/header-cookie.ts";
import { pathLabel, pathMatrix, pathSimple } from "../../packages/billing-client/src/wire/path-styles.ts";
import { percentEncode } from "../../packages/billing-client/src/wire/percent-encode.ts";
import {
  queryDeepObject,
  queryForm,
  queryPipeDelimited,
  querySpaceDelimited,
} from "../../packages/billing-client/src/wire/query-styles.ts";

const values = { empty: "", string: "blue", array: ["blue", "black", "brown"], object: { R: 100, G: 200, B: 150 } };
type Shape = keyof typeof values;
const shapes = Object.keys(values) as Shape[];
const na = undefined;

// The table as printed in the specification (n/a cells undefined), one row per style × explode.
const table: [style: string, explode: boolean, cells: (string | undefined)[]][] = [
  ["matrix", false, [";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"]],
  ["matrix", true, [";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"]],
  ["label", false, [".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"]],
  ["label", true, [".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"]],
  ["simple", false, ["", "blue", "blue,black,brown", "R,100,G,200,B,150"]],
  ["simple", true, ["", "blue", "blue,black,brown", "R=100,G=200,B=150"]],
  ["form", false, ["?color=", "?color=blue", "?color=blue,black,brown", "?color=R,100,G,200,B,150"]],
  ["form", true, ["?color=", "?color=blue", "?color=blue&color=black&color=brown", "?R=100&G=200&B=150"]],
  ["spaceDelimited", false, [na, na, "?color=blue%20black%20brown", "?color=R%20100%20G%20200%20B%20150"]],
  ["pipeDelimited", false, [na, na, "?color=blue%7Cblack%7Cbrown", "?color=R%7C100%7CG%7C200%7CB%7C150"]],
  ["deepObject", true, [na, na, na, "?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"]],
];

// Each serializer and how its output reads in the table: the query styles return their pairs
// without the "?" that the table shows "as if it were the only query parameter"; a cookie joins
// its pairs with "; ", where the table's form joins them with "&" (Appendix D: "&" is wrong for
// cookies).
const serializers: Record<string, [location: string, style: Style, asInTable: (text: string) => string][]> = {
  matrix: [["path", pathMatrix, (text) => text]],
  label: [["path", pathLabel, (text) => text]],
  simple: [
    ["path", pathSimple, (text) => text],
    ["header", headerSimple, (text) => text],
  ],
  form: [
    ["query", queryForm, (text) => `?${text}`],
    ["cookie", cookieForm, (text) => `?${text.replaceAll("; ", "&")}`],
  ],
  spaceDelimited: [["query", querySpaceDelimited, (text) => `?${text}`]],
  pipeDelimited: [["query", queryPipeDelimited, (text) => `?${text}`]],
  deepObject: [["query", queryDeepObject, (text) => `?${text}`]],
};

// The cells a path serializer refuses on purpose: as a whole path segment, "" would drop a
// level and "." would climb one (label turns "" into ".").
const refusedInPath = new Set(["simple/empty", "label/empty"]);

describe("OpenAPI 3.1.1 Style Examples", () => {
  for (const [style, explode, cells] of table) {
    for (const [location, serialize, asInTable] of serializers[style]!) {
      shapes.forEach((shape, column) => {
        const expected = cells[column];
        if (expected === undefined) return;
        if (location === "path" && refusedInPath.has(`${style}/${shape}`)) {
          test(`${location} ${style} explode=${explode} refuses the ${shape} value, which the table serializes as "${expected}"`, () => {
            expect(() => serialize("color", values[shape], explode)).toThrow(InvalidArgumentError);
          });
          return;
        }
        test(`${location} ${style} explode=${explode}, ${shape} value: ${expected}`, () => {
          expect(asInTable(serialize("color", values[shape], explode))).toBe(expected);
        });
      });
    }
  }
});

describe("undefined values send nothing (RFC 6570 §2.3: undefined, null, an empty array and an empty object)", () => {
  const absent = [undefined, null, [], {}, [undefined, null], { R: undefined }];
  const unsent: [string, Style][] = [
    ["query form", queryForm],
    ["query spaceDelimited", querySpaceDelimited],
    ["query pipeDelimited", queryPipeDelimited],
    ["query deepObject", queryDeepObject],
    ["header simple", headerSimple],
    ["cookie form", cookieForm],
  ];
  for (const [name, serialize] of unsent) {
    test(`${name} gives "" exploded or not`, () => {
      for (const value of absent) for (const explode of [false, true]) expect(serialize("color", value, explode)).toBe("");
    });
  }
  for (const [name, serialize] of [
    ["simple", pathSimple],
    ["label", pathLabel],
    ["matrix", pathMatrix],
  ] as const) {
    test(`path ${name} refuses them: a path parameter is required`, () => {
      for (const value of absent) expect(() => serialize("color", value, false)).toThrow(/color: must not expand to empty/);
    });
  }
  test("undefined and null members of an array or object are left out, as JSON leaves out undefined properties", () => {
    expect(queryForm("color", ["blue", undefined, null, "brown"], true)).toBe("color=blue&color=brown");
    expect(queryForm("color", { R: 100, G: undefined, B: null }, false)).toBe("color=R,100");
  });
});

describe("the n/a combinations are not refused: they follow form", () => {
  test("a primitive with a delimited style is sent as form sends it", () => {
    expect(querySpaceDelimited("color", "blue", false)).toBe("color=blue");
    expect(queryPipeDelimited("color", "blue", false)).toBe("color=blue");
  });
  test("an exploded delimited style is exploded form", () => {
    expect(querySpaceDelimited("color", values.array, true)).toBe("color=blue&color=black&color=brown");
    expect(queryPipeDelimited("color", values.object, true)).toBe("R=100&G=200&B=150");
  });
  test("deepObject is exploded whatever explode says (its default, false, is undefined)", () => {
    expect(queryDeepObject("color", values.object, false)).toBe(queryDeepObject("color", values.object, true));
  });
});

describe("percent-encoding (RFC 3986)", () => {
  test("every character but the unreserved ones is encoded, ! ' ( ) * included, and a space is %20", () => {
    expect(queryForm("q", "a b!'()*~-._", false)).toBe("q=a%20b%21%27%28%29%2A~-._");
    expect(queryForm("q", ":/?#[]@$&+,;=%", false)).toBe("q=%3A%2F%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%25");
  });
  test("Unicode is UTF-8 percent-encoded; a lone surrogate becomes U+FFFD instead of throwing", () => {
    expect(queryForm("q", "é€😀", false)).toBe("q=%C3%A9%E2%82%AC%F0%9F%98%80");
    expect(queryForm("q", "a\uD800", false)).toBe("q=a%EF%BF%BD");
  });
  test("names and object keys are encoded like values", () => {
    expect(queryForm("a b", "c", false)).toBe("a%20b=c");
    expect(queryForm("q", { "k&y": "v=1" }, true)).toBe("k%26y=v%3D1");
    expect(queryDeepObject("filter", { "a]b": 1 }, true)).toBe("filter%5Ba%5Db%5D=1");
  });
  test("path values cannot add a segment, a query or a fragment", () => {
    expect(pathSimple("id", "a/b?c#d", false)).toBe("a%2Fb%3Fc%23d");
    expect(pathLabel("id", ["x/y"], true)).toBe(".x%2Fy");
    expect(pathMatrix("id", "a;b=c", false)).toBe(";id=a%3Bb%3Dc");
  });
  test("numbers and booleans are sent as JSON writes them", () => {
    expect(queryForm("n", 0, false)).toBe("n=0");
    expect(queryForm("n", -1.5, false)).toBe("n=-1.5");
    expect(queryForm("n", 1e21, false)).toBe("n=1e%2B21");
    expect(queryForm("b", [true, false], true)).toBe("b=true&b=false");
    expect(pathSimple("n", 42, false)).toBe("42");
    expect(headerSimple("X-Flags", { on: true, n: 2 }, true)).toBe("on=true,n=2");
  });
  test("any string's encoding holds only unreserved characters and %XX triples, and decodes back to it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const encoded = percentEncode(text);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(text.toWellFormed());
      }),
    );
  });
  test("any array of strings, exploded form, reads back the same through URLSearchParams", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1 }), (items) => {
        expect(new URLSearchParams(queryForm("tag", items, true)).getAll("tag")).toEqual(items);
      }),
    );
  });
});

describe("allowReserved", () => {
  test("RFC 3986 reserved characters a query allows pass through unencoded", () => {
    expect(queryForm("q", ":/?@!$'()*,;", false, true)).toBe("q=:/?@!$'()*,;");
  });
  test("# [ ] (not allowed in a query) and & = + (form delimiters) are still encoded, as OpenAPI 3.1.1 requires", () => {
    expect(queryForm("q", "#[]&=+", false, true)).toBe("q=%23%5B%5D%26%3D%2B");
  });
  test("percent-encoded triples pass through; a % that starts none is encoded", () => {
    expect(queryForm("q", "%41%e9%2F", false, true)).toBe("q=%41%e9%2F");
    expect(queryForm("q", "100% %zz %4", false, true)).toBe("q=100%25%20%25zz%20%254");
  });
  test("everything else is percent-encoded as without it", () => {
    expect(queryForm("q", 'a b"<>\\^`{|}é', false, true)).toBe("q=a%20b%22%3C%3E%5C%5E%60%7B%7C%7D%C3%A9");
  });
  test("it applies to every query style, and to no value when false", () => {
    expect(queryPipeDelimited("q", ["a/b", "c:d"], false, true)).toBe("q=a/b%7Cc:d");
    expect(queryDeepObject("q", { p: "a/b" }, true, true)).toBe("q%5Bp%5D=a/b");
    expect(queryForm("q", "a/b", false, false)).toBe("q=a%2Fb");
  });
  test("any string without % reads back the same through URLSearchParams", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((text) => !text.includes("%")),
        (text) => {
          expect(new URLSearchParams(queryForm("q", text, false, true)).get("q")).toBe(text);
        },
      ),
    );
  });
});

describe("values the specification gives no serialization for are refused, naming the parameter", () => {
  const refused: [string, unknown][] = [
    ["a nested array", [["a"]]],
    ["a nested object", { R: { x: 1 } }],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a bigint", 1n],
    ["a symbol", Symbol("s")],
    ["a function", () => 1],
  ];
  for (const [name, value] of refused) {
    test(`${name}`, () => {
      for (const serialize of [queryForm, queryDeepObject, pathSimple, headerSimple, cookieForm]) {
        expect(() => serialize("color", value, true)).toThrow(InvalidArgumentError);
        expect(() => serialize("color", value, true)).toThrow(/^color: /);
      }
    });
  }
});
