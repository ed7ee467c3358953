/** The error every step throws for problems in spec/: Redocly's lint problems, or spec input refused before linting. */
import { getTotals, type NormalizedProblem } from "@redocly/openapi-core";

export class LintError extends Error {
  override name = "LintError";
  readonly problems: NormalizedProblem[];
  /** `source` names the spec's folder (or document) in the message. */
  constructor(problems: NormalizedProblem[], source = "spec") {
    const totals = getTotals(problems);
    super(`${source}/ has ${totals.errors} error(s) and ${totals.warnings} warning(s)`);
    this.problems = problems;
  }
}
