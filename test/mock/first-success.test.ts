/**
 * Which status an operation without behaviour answers: its first documented status from 200 to
 * 299, whatever else the responses hold; else 200 for a `2XX` range or a `default` answer.
 */
import { describe, expect, test } from "vitest";
import { firstSuccess, successStatus } from "../../packages/billing-mock/src/examples.ts";
import { routeOf } from "../support/model-route.ts";

/** A route whose operation documents these response keys, in this order. */
const routeWith = (keys: string[] | undefined) =>
  routeOf("archive", keys === undefined ? {} : Object.fromEntries(keys.map((key) => [key, { description: key }])));

describe("firstSuccess", () => {
  test.each([
    [["200"], 200],
    [["299"], 299],
    [["199", "204"], 204],
    [["400", "300", "201", "202"], 201],
    [["default", "2XX", "404"], undefined],
    [["100", "300", "500"], undefined],
    [[], undefined],
    [undefined, undefined],
  ])("%j → %s", (keys, status) => {
    expect(firstSuccess(routeWith(keys))).toBe(status);
  });
});

describe("successStatus", () => {
  test.each([
    [["404", "201"], 201],
    [["default", "2XX", "404"], 200],
    [["default"], 200],
    [["2XX", "400"], 200],
    [["404", "default"], 200],
    [["400", "500"], undefined],
    [[], undefined],
  ])("%j → %s", (keys, status) => {
    expect(successStatus(routeWith(keys))).toBe(status);
  });
});
