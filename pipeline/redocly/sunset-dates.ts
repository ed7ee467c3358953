/**
 * Lint rule `hostup/sunset-dates`: an `x-sunset` (RFC 8594's Sunset, the date on or after which
 * a deprecated operation, parameter or property may be removed) is a real date written
 * `YYYY-MM-DD`, and stands only beside `deprecated: true`. The breaking-change guard allows a
 * removal from that date on, so a sunset on something never deprecated, or one it cannot
 * read, would let a removal through that nobody announced. Reported at the `x-sunset`.
 */
import type { UserContext } from "@redocly/openapi-core";
import { isSunsetDate } from "../deprecation.ts";

/** Why `node`'s `x-sunset` is refused; undefined when it has none or a good one. */
export function sunsetProblem(node: Record<string, unknown>): string | undefined {
  if (!("x-sunset" in node)) return undefined;
  const sunset = node["x-sunset"];
  if (!isSunsetDate(sunset))
    return `\`x-sunset\` ${JSON.stringify(sunset)} is not a date written YYYY-MM-DD (RFC 8594's Sunset, e.g. 2027-06-30).`;
  if (node.deprecated !== true)
    return `\`x-sunset: ${sunset}\` stands beside no \`deprecated: true\`: deprecate what is to be removed, or drop the date.`;
  return undefined;
}

export function SunsetDates() {
  return {
    any: {
      enter(node: unknown, { location, report }: UserContext) {
        if (!node || typeof node !== "object" || Array.isArray(node)) return;
        const message = sunsetProblem(node as Record<string, unknown>);
        if (message) report({ message, location: location.child(["x-sunset"]) });
      },
    },
  };
}
