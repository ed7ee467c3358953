/**
 * Hostile parameters in every style the mocks read (request-parameters.ts, parameter-styles.ts):
 * reading them is linear in their length, however many delimiters, pairs or members they hold,
 * and a member named `__proto__` or `constructor` is a member, never the parsed object's
 * prototype. Each runs through the mock's own steps (read in the style, then validated) on
 * inputs far over what any caller sends, within a generous bound: a quadratic reading of these
 * takes tens of seconds, a linear one milliseconds.
 */
import { describe, expect, test } from "vitest";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import { validateRequest, type ValidRequest } from "../../packages/billing-mock/src/validation.ts";
import { routeFor } from "../support/model-route.ts";

const BOUND_MS = 1_000;
const strings = { type: "array", items: { type: "string" } };
const freeForm = { type: "object", additionalProperties: { type: "string" } };

const route = routeFor(
  "hostile",
  {
    parameters: [
      { name: "list", in: "query", style: "form", explode: false, schema: strings },
      { name: "words", in: "query", style: "spaceDelimited", explode: false, schema: strings },
      { name: "filter", in: "query", style: "deepObject", explode: true, schema: freeForm },
      { name: "tags", in: "path", required: true, style: "matrix", explode: true, schema: strings },
      { name: "X-Point", in: "header", style: "simple", explode: true, schema: freeForm },
      { name: "flags", in: "cookie", style: "form", explode: false, schema: strings },
    ],
  },
  "/hostile/{tags}",
  "get",
);

function timed(search: string, tags: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const result = validateRequest(newExchange(new Date(0)), route, {
    params: { tags },
    url: new URL(`https://api.invalid/hostile/x${search}`),
    headers: new Headers(headers),
    body: {},
  });
  return { result, ms: performance.now() - started };
}

describe("parameters far over any real request", () => {
  test.each([
    ["100,000 commas in a form list", `?list=${",".repeat(100_000)}`, ";tags=a"],
    ["100,000 encoded spaces in a spaceDelimited list", `?words=${"%20".repeat(100_000)}`, ";tags=a"],
    ["20,000 deepObject members", `?${Array.from({ length: 20_000 }, (_, i) => `filter[k${i}]=v`).join("&")}`, ";tags=a"],
    ["20,000 unknown query pairs", `?${"x=1&".repeat(20_000)}`, ";tags=a"],
    ["50,000 exploded matrix items", "", ";tags=a".repeat(50_000)],
    ["100,000 invalid percent escapes", `?list=${"%zz,".repeat(25_000)}`, ";tags=%"],
  ])("%s are read within the bound", (_, search, tags) => {
    const { ms } = timed(search, tags);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  test("16 KiB of header members and cookie items are read within the bound", () => {
    const { result, ms } = timed("", ";tags=a", {
      "X-Point": Array.from({ length: 2_000 }, (_, i) => `k${i}=v`).join(","),
      Cookie: `flags=${"a,".repeat(8_000)}a`,
    });
    expect(ms).toBeLessThan(BOUND_MS);
    expect("status" in result).toBe(false);
  });
});

describe("members named like Object.prototype's", () => {
  test("stay members of the parsed value and never reach any prototype", () => {
    const { result } = timed("?filter[__proto__]=polluted&filter[constructor]=c", ";tags=a", {
      "X-Point": "__proto__=polluted,toString=t",
    });
    const valid = result as ValidRequest;
    expect(Object.getPrototypeOf(valid.query.filter)).toBe(Object.prototype);
    expect(Object.hasOwn(valid.query.filter as object, "__proto__")).toBe(true);
    expect((valid.query.filter as Record<string, unknown>).constructor).toBe("c");
    expect(Object.hasOwn(valid.header["x-point"] as object, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
