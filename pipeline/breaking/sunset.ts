/**
 * Removal after deprecation: a removal the spec announced, with `deprecated: true` and an
 * `x-sunset` date that has come, is a changelog entry (`<x>-removed-after-sunset`); one it
 * announced without a date, or before the date, breaks (`<x>-removed-before-sunset`); one it
 * never announced keeps the group's own removal rule. "Today" is the `today` option of
 * diffSpecs, else SPEC_BREAKING_TODAY, else the real date (UTC).
 */
import { deprecationOf, describeSunset, isSunsetDate } from "../deprecation.ts";
import { breaking, changelog, type Scope } from "./types.ts";

/** SPEC_BREAKING_TODAY when set (YYYY-MM-DD), else today's date in UTC. */
export function breakingToday(env: Record<string, string | undefined> = process.env): string {
  const given = env.SPEC_BREAKING_TODAY;
  if (given === undefined || given === "") return new Date().toISOString().slice(0, 10);
  if (!isSunsetDate(given)) throw new Error(`SPEC_BREAKING_TODAY=${given} is not a date written YYYY-MM-DD`);
  return given;
}

/**
 * Records the removal of `element` (as the base has it) when it was deprecated, and returns
 * true; returns false for one never deprecated, which the caller records with its own rule.
 * `x` is the rule's prefix (`operation`, `request-parameter`…), `what` names the element.
 */
export function deprecatedRemoval(scope: Scope, element: unknown, x: string, what: string): boolean {
  const deprecation = deprecationOf(element);
  if (!deprecation) return false;
  const today = scope.today ?? breakingToday();
  if (deprecation.sunset && deprecation.sunset <= today)
    changelog(scope, `${x}-removed-after-sunset`, `${what} was removed after its sunset date ${deprecation.sunset}, as announced`, "base");
  else
    breaking(
      scope,
      `${x}-removed-before-sunset`,
      deprecation.sunset
        ? `${what} was removed before its sunset date ${deprecation.sunset} (today is ${today}): clients were told they had until then`
        : `${what} was deprecated but removed with no sunset date announced: clients were never told when`,
      "base",
    );
  return true;
}

/** Records `element` turning deprecated, or its sunset date changing, as a changelog entry. */
export function deprecationChange(scope: Scope, before: unknown, after: unknown, x: string, what: string): void {
  const [a, b] = [deprecationOf(before), deprecationOf(after)];
  if (!b) return;
  if (!a) changelog(scope, `${x}-deprecated`, `${what} is deprecated (${describeSunset(b)})`);
  else if (a.sunset !== b.sunset)
    changelog(scope, `${x}-sunset-changed`, `${what}'s sunset date changed from ${a.sunset ?? "none"} to ${b.sunset ?? "none"}`);
}
