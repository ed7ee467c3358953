/**
 * Deprecation as the spec states it: `deprecated: true` on an operation, a parameter or a
 * schema property, with an optional `x-sunset` beside it, the ISO date (`YYYY-MM-DD`) on or
 * after which it may be removed (RFC 8594's Sunset). The lint rule `hostup/sunset-dates`
 * holds the spec to that shape; the breaking-change guard, the client renderer and Prism's
 * front read it from here.
 */

/** What a deprecated element says about its end; `sunset` is absent when no date is announced. */
export interface Deprecation {
  sunset?: string;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (not 2027-02-30). */
export function isSunsetDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The deprecation of an operation, parameter or schema; undefined when it is not deprecated. */
export function deprecationOf(node: unknown): Deprecation | undefined {
  if (!node || typeof node !== "object" || (node as { deprecated?: unknown }).deprecated !== true) return undefined;
  const sunset = (node as { "x-sunset"?: unknown })["x-sunset"];
  return isSunsetDate(sunset) ? { sunset } : {};
}

/** "sunset 2027-01-01" or "no sunset date announced", for messages and documentation. */
export function describeSunset({ sunset }: Deprecation): string {
  return sunset ? `sunset ${sunset}` : "no sunset date announced";
}
