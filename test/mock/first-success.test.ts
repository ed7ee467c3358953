/** Which status an operation without behaviour answers: its first documented status from 200 to 299, whatever else the responses hold. */
import { describe, expect, test } from "vitest";
import { firstSuccess } from "../../packages/billing-mock/src/examples.ts";
import type { Route } from "../../packages/billing-mock/src/routes.ts";

/** A route whose operation documents these response keys, in this order. */
const routeWith = (keys: string[] | undefined) =>
  ({
    operation: keys === undefined ? {} : { responses: Object.fromEntries(keys.map((key) => [key, { description: key }])) },
  }) as unknown as Route;

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
