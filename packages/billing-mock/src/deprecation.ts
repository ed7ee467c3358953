/**
 * The headers that announce a deprecated operation on each of its answers, derived from the
 * spec: `Deprecation` (RFC 9745) and, when the operation gives an `x-sunset` date, `Sunset`
 * (RFC 8594). Both mock servers send them (the Prism front through
 * `@hostup/billing-mock/server`).
 *
 * RFC 9745's value is a structured-field date, `@` and Unix seconds, of the moment the
 * operation was (or will be) deprecated. The spec says only `deprecated: true`, with no date:
 * the mocks answer `@0`, a moment long past, which states what the spec states (the operation
 * is deprecated now) and claims no date it does not give. `Deprecation: true` was the draft's
 * value before RFC 9745, and is not sent.
 */

/** What an operation of the spec says about its deprecation. */
export interface DeprecatedOperation {
  deprecated?: boolean;
  "x-sunset"?: unknown;
}

/** `Deprecation` and `Sunset`, lower case, for `operation`; undefined when it is not deprecated. */
export function deprecationHeaders(operation: DeprecatedOperation): Record<string, string> | undefined {
  if (operation.deprecated !== true) return undefined;
  const headers: Record<string, string> = { deprecation: "@0" };
  const sunset = operation["x-sunset"];
  // Midnight UTC starts the day. The lint rule hostup/sunset-dates refuses any other shape, and
  // a date the calendar lacks (2027-02-30 rolls over into March, 2027-13-01 is invalid) gets no
  // Sunset rather than a wrong one. toUTCString() writes RFC 9110's IMF-fixdate, Sunset's form.
  const at = typeof sunset === "string" && /^\d{4}-\d{2}-\d{2}$/.test(sunset) ? new Date(`${sunset}T00:00:00Z`) : undefined;
  if (at && !Number.isNaN(at.getTime()) && at.toISOString().startsWith(sunset as string)) headers.sunset = at.toUTCString();
  return headers;
}
