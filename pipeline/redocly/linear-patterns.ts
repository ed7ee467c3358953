/**
 * Lint rule `hostup/linear-patterns`: every `pattern` (and `patternProperties` key) in the spec
 * compiles with the `u` flag and matches in linear time. The client runs these patterns with
 * `new RegExp(pattern, "u")` on caller input, and the mocks' Ajv runs them on request bodies:
 * one super-linear pattern (`^(a+)+$` exponential, `^a*a*b$` polynomial) lets one long value
 * stall either. redos-detector proves a pattern has a single way to match each input; what it
 * cannot prove within its time budget (alternatives that overlap, unanchored searches, nested
 * bounded repeats) is refused too: a safe rewrite always exists.
 */
import type { UserContext } from "@redocly/openapi-core";
import { isSafePattern } from "redos-detector";

/** Time redos-detector may spend on one pattern; a linear one takes a few milliseconds. */
export const PATTERN_CHECK_MS = 500;
/** Time one lint run may spend on all its patterns: a spec full of slow-to-check patterns cannot hold lint for long. */
export const PATTERNS_CHECK_MS = 5_000;

/** Why `pattern` is refused; undefined when it compiles with `u` and is proven linear. */
export function patternProblem(pattern: string, timeout = PATTERN_CHECK_MS): string | undefined {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `does not compile with the \`u\` flag the client uses (${(error as Error).message})`;
  }
  let result: ReturnType<typeof isSafePattern>;
  try {
    result = isSafePattern(pattern, { unicode: true, timeout });
  } catch (error) {
    return `cannot be analysed for backtracking (${(error as Error).message.split("\n")[0]}); write it with plainer syntax`;
  }
  if (result.safe) return undefined;
  if (result.error === "timedOut")
    return `could not be shown to match in linear time within ${timeout} ms; write it so each input matches one way`;
  const trail = result.trails[0]?.trail;
  const where = trail?.length ? ` (\`${trail[0]!.a.node.source}\` and \`${trail[0]!.b.node.source}\` can match the same input)` : "";
  return `can backtrack super-linearly${where}: one long input would stall the client and the mocks; write it so each input matches one way`;
}

/** A pattern as a message quotes it: a long one cut, so one problem stays one line. */
function quoted(pattern: string): string {
  return JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern);
}

/**
 * A pattern check with one verdict per distinct pattern and one time budget for all of them:
 * past `budgetMs`, a new pattern is refused unchecked rather than holding the run.
 */
export function patternChecker(budgetMs = PATTERNS_CHECK_MS, patternMs = PATTERN_CHECK_MS): (pattern: string) => string | undefined {
  const verdicts = new Map<string, string | undefined>();
  let spent = 0;
  return (pattern) => {
    if (verdicts.has(pattern)) return verdicts.get(pattern);
    let verdict: string | undefined;
    if (spent >= budgetMs) verdict = `was not checked: this run's ${budgetMs} ms for pattern checks is spent`;
    else {
      const started = performance.now();
      // Rounded up: a pattern that runs out of its time then always spends the rest of the budget,
      // so the next one is refused unchecked instead of checked with the fraction of a millisecond left.
      verdict = patternProblem(pattern, Math.ceil(Math.min(patternMs, budgetMs - spent)));
      spent += performance.now() - started;
    }
    verdicts.set(pattern, verdict);
    return verdict;
  };
}

export function LinearPatterns() {
  // One checker per lint run.
  const check = patternChecker();
  return {
    Schema(schema: { pattern?: unknown; patternProperties?: unknown }, { location, report }: UserContext) {
      if (typeof schema.pattern === "string") {
        const problem = check(schema.pattern);
        if (problem) report({ message: `Pattern ${quoted(schema.pattern)} ${problem}.`, location: location.child(["pattern"]) });
      }
      if (schema.patternProperties && typeof schema.patternProperties === "object") {
        for (const key of Object.keys(schema.patternProperties)) {
          const problem = check(key);
          // `%` as `%25`: see plain-path-keys.ts.
          if (problem)
            report({
              message: `Pattern ${quoted(key)} ${problem}.`,
              location: location.child(["patternProperties", key.replaceAll("%", "%25")]).key(),
            });
        }
      }
    },
  };
}
