/**
 * The RegExp that `pnpm generate` writes into the client's operation table for a body
 * property's `format` and `pattern`: the client checks nothing else, so this is where an
 * address's shape and a pattern's semantics are decided.
 */
import { describe, expect, test } from "vitest";
import { propertyRegex } from "../../pipeline/render-client.ts";

describe("propertyRegex", () => {
  test("an email address keeps RFC 5321's limits, counted in UTF-16 units as String#length counts", () => {
    const email = propertyRegex("email", undefined)!;
    expect(email.flags).toBe("");
    expect(email.test(`${"l".repeat(64)}@${"d".repeat(63)}.se`)).toBe(true);
    expect(email.test(`${"l".repeat(65)}@example.se`)).toBe(false);
    expect(email.test(`a@${"d".repeat(64)}.se`)).toBe(false);
    expect(email.test(`${"l".repeat(64)}@${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(61)}`)).toBe(true);
    expect(email.test(`${"l".repeat(64)}@${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(62)}`)).toBe(false);
    // 32 emoji are 64 units, 33 are 66.
    expect(email.test(`${"😀".repeat(32)}@example.se`)).toBe(true);
    expect(email.test(`${"😀".repeat(33)}@example.se`)).toBe(false);
    for (const notAnAddress of ["ap@example", "ap example.com", "@example.com", "ap@example.com.", "ap@@example.com"]) {
      expect(email.test(notAnAddress), notAnAddress).toBe(false);
    }
  });

  test("a pattern alone is read with Unicode semantics and, as JSON Schema reads it, unanchored", () => {
    const pattern = propertyRegex(undefined, "\\p{Lu}")!;
    expect(pattern.flags).toBe("u");
    expect(pattern.test("abC")).toBe(true);
    expect(pattern.test("abc")).toBe(false);
  });

  test("with both, a value must be an address and match the pattern", () => {
    const both = propertyRegex("email", "@example\\.com$")!;
    expect(both.test("ap@example.com")).toBe(true);
    expect(both.test("ap@example.org")).toBe(false);
    expect(both.test("ap payable@example.com")).toBe(false);
    expect(both.test(`${"l".repeat(65)}@example.com`)).toBe(false);
  });

  test("an unknown format adds nothing, and without a pattern there is no RegExp", () => {
    expect(propertyRegex("uuid", undefined)).toBeUndefined();
    expect(propertyRegex(undefined, undefined)).toBeUndefined();
    expect(propertyRegex("uuid", "^a")!.source).toBe("^a");
  });

  test("a pattern JavaScript cannot read fails generation, not a call", () => {
    expect(() => propertyRegex(undefined, "(")).toThrow(SyntaxError);
  });

  test("a length is counted in code points, as JSON Schema counts, before anything else runs", () => {
    const short = propertyRegex(undefined, undefined, 2, 4)!;
    expect(short.flags).toBe("u");
    expect(["a", "ab", "abcd", "😀😀😀😀", "a\nb"].map((v) => short.test(v))).toEqual([false, true, true, true, true]);
    expect(short.test("abcde")).toBe(false);
    const capped = propertyRegex(undefined, undefined, undefined, 3)!;
    expect(capped.test("")).toBe(true);
    expect(capped.test("abcd")).toBe(false);
    const atLeast = propertyRegex(undefined, undefined, 2)!;
    expect(atLeast.test("a")).toBe(false);
    expect(atLeast.test("a".repeat(10_000))).toBe(true);
  });

  test("with a length, the format and the pattern still apply", () => {
    const address = propertyRegex("email", undefined, undefined, 254)!;
    expect(address.test("ap@example.com")).toBe(true);
    expect(address.test("Accounts Payable")).toBe(false);
    expect(address.test(`${"l".repeat(65)}@example.se`)).toBe(false);
    const id = propertyRegex(undefined, "^[0-9]+$", 1, 3)!;
    expect(["1", "123", "1234", "a1", ""].map((v) => id.test(v))).toEqual([true, true, false, false, false]);
    const unanchored = propertyRegex(undefined, "b", undefined, 3)!;
    expect(["abc", "acc", "abcd"].map((v) => unanchored.test(v))).toEqual([true, false, false]);
  });

  test("a maxLength the email format already enforces adds no lookahead: the format's 254 UTF-16 units are stricter", () => {
    const address = propertyRegex("email", undefined, undefined, 254)!;
    expect(address).toEqual(propertyRegex("email", undefined));
    expect(address.source).not.toContain("[^]{");
    // 254 units in all pass, 255 do not; 33 emoji in the local part are 66 units, though 33 code points.
    expect(address.test(`${"l".repeat(64)}@${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(61)}`)).toBe(true);
    expect(address.test(`${"l".repeat(64)}@${"d".repeat(63)}.${"d".repeat(63)}.${"d".repeat(62)}`)).toBe(false);
    expect(address.test(`${"😀".repeat(33)}@example.se`)).toBe(false);
    expect(propertyRegex("email", "@example\\.com$", undefined, 300)).toEqual(propertyRegex("email", "@example\\.com$"));
  });

  test("a maxLength stricter than the format's, or a minLength, is still enforced", () => {
    const short = propertyRegex("email", undefined, undefined, 20)!;
    expect(short.test("ap@example.com")).toBe(true);
    expect(short.test(`${"l".repeat(10)}@example.com`)).toBe(false);
    const long = propertyRegex("email", undefined, 10, 254)!;
    expect(long.test("a@b.se")).toBe(false);
    expect(long.test("ap@example.com")).toBe(true);
  });

  test("a value far over the length is refused without running the pattern over it", () => {
    // A pattern that would take seconds on a long run of a's, were it ever run on one.
    const guarded = propertyRegex(undefined, "^(a|a)*$", undefined, 16)!;
    const start = performance.now();
    expect(guarded.test(`${"a".repeat(100_000)}!`)).toBe(false);
    // Generous for a loaded CI machine: the pattern itself would run for longer than the test timeout.
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
