/**
 * The pipeline reads a request's path and query off its URL string instead of parsing it: the
 * answer must be `new URL()`'s for every URL a host hands it, a `Request`'s serialised URL or a
 * request target @hono/node-server passes through as it came.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isoTimes } from "../../packages/billing-mock/src/iso-time.ts";
import { targetOf } from "../../packages/billing-mock/src/request-target.ts";

/** What the pipeline reads: the path, and the query's parameters in order. */
const read = ({ pathname, search }: { pathname: string; search: string }) => ({ pathname, query: [...new URLSearchParams(search)] });
const asUrl = (url: string) => read(new URL(url));

describe("targetOf", () => {
  test.each([
    "http://127.0.0.1:4010/api/v2/billing/invoices/inv_01hxa3b4c5d6e7f8g9h0j1k2m3/actions/resend-email",
    "https://cloud.hostup.se/api/v2/billing/payment-methods/contacts",
    "http://localhost/",
    "http://localhost/?",
    "http://localhost/a?b=1&b=2&c",
    "http://localhost/a?b=%20+x",
    "http://localhost/a?b=1#frag",
    "http://localhost/a#frag?not=query",
    "http://localhost/a#",
    "http://localhost/a?#",
    "http://[::1]:4010/api/v2/x?y=1",
    "http://user:pa%2Fss@localhost:1/a/b",
    // As @hono/node-server passes them through: characters URL parsing keeps as they are.
    "http://127.0.0.1:4010/api/v2/billing/payment-methods/contacts?q='x'&r=[1]",
    "http://127.0.0.1:4010/a//b/.c/..d?e=/../f",
    "http://127.0.0.1:4010/a!$&'()*+,;=:@~_-.b",
  ])("%s: as new URL() has it", (url) => {
    expect(read(targetOf(url))).toEqual(asUrl(url));
  });

  test.each(["HTTP://LOCALHOST/A?b", "http://localhost/a/../b?c", "http://localhost/%7Ea", "http://localhost/a b"])(
    "%s, as a Request serialises it: as new URL() has it",
    (url) => {
      const serialised = new Request(url).url;
      expect(targetOf(serialised)).toEqual({ pathname: new URL(serialised).pathname, search: new URL(serialised).search });
    },
  );

  test("a URL that is not http(s) is parsed", () => {
    expect(read(targetOf("foo:bar?x#y"))).toEqual({ pathname: "bar", query: [["x", ""]] });
    expect(read(targetOf("file:///tmp/a?b"))).toEqual(asUrl("file:///tmp/a?b"));
  });
});

describe("isoTimes", () => {
  test("gives toISOString() of each date, also when two dates take turns", () => {
    const iso = isoTimes();
    const a = new Date(Date.UTC(2026, 4, 1, 12, 0, 0, 1));
    const b = new Date(Date.UTC(2027, 0, 2, 3, 4, 5, 6));
    for (const date of [a, a, b, a, new Date(a.getTime()), b, new Date(-1), new Date(8.64e15)]) {
      expect(iso(date)).toBe(date.toISOString());
    }
  });

  test("gives toISOString() for any run of dates: the same second, its neighbours, far years, before 1970, invalid", () => {
    // Times near one another, so that runs within one second (the remembered prefix) are common.
    const near = fc.tuple(
      fc.integer({ min: -62_200_000_000_000, max: 8.64e15 }),
      fc.array(fc.integer({ min: -2500, max: 2500 }), { maxLength: 30 }),
    );
    fc.assert(
      fc.property(near, fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { maxLength: 3 }), ([start, steps], far) => {
        const iso = isoTimes();
        let time = start;
        const times = steps.map((step) => (time += step)).concat(far, start);
        // Past ±8.64e15 ms a Date is invalid: both throw.
        const text = (print: (date: Date) => string, t: number) => {
          try {
            return print(new Date(t));
          } catch (error) {
            return (error as Error).name;
          }
        };
        for (const t of times) expect(text(iso, t)).toBe(text((date) => date.toISOString(), t));
      }),
    );
  });

  test("throws for an invalid Date, as toISOString() does, every time", () => {
    const iso = isoTimes();
    expect(() => iso(new Date(NaN))).toThrow(RangeError);
    expect(() => iso(new Date(NaN))).toThrow(RangeError);
    expect(iso(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
  });
});
