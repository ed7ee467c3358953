/**
 * `pnpm spec:breaking [options] [base-ref]`: the changes in spec/ (working tree) that break
 * clients, against generated/openapi.json committed at base-ref (default: the merge base
 * with main), with a changelog of the rest. See USAGE for options and exit codes.
 */
import { AcceptListError } from "../pipeline/breaking/accept-list.ts";
import { buildBreakingReport } from "../pipeline/breaking/build-report.ts";
import { FORMATS, formatReport, type Format } from "../pipeline/breaking/report.ts";
import { LintError, loadSpec, printLintProblems } from "../pipeline/openapi-model.ts";
import { InputError, loadBase, parseComparisonArgs } from "../pipeline/spec-base.ts";

const USAGE = `usage: pnpm spec:breaking [--format text|markdown|json|github] [base-ref | --base-file <openapi.json>]

  base-ref             a commit of this repository (branch, tag or hash) whose generated/openapi.json
                       is the base; default: the merge base of HEAD with main
  --base-file <file>   a bundled OpenAPI document to compare with instead
  --accepted <file>    the accept list to apply (default spec/breaking-accepted.yaml)
  --format <format>    text (default), markdown (a pull-request comment), json, or github
                       (workflow annotations on the spec/ file and line of each change)

Breaking changes can be accepted one by one, with a reason, in spec/breaking-accepted.yaml.

info.version (spec/openapi.yaml) must follow the change: a break needs a new major, an
addition a new minor, a documentation edit a new patch. The report names the version to use.

exit codes: 0  no breaking change (or all accepted, or allowed by a raised major version);
               a missing minor or patch bump is a warning line, not a failure
            1  breaking changes without a raised major
            2  usage or input error (unknown option, bad base, spec/ does not lint)`;

async function main(): Promise<number> {
  const { values, positionals } = parseComparisonArgs("text");
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new InputError(`unknown format "${values.format}"`);
  const base = await loadBase(values["base-file"], positionals, "pnpm spec:breaking");
  const report = await buildBreakingReport(base, await loadSpec(), values.accepted);
  console.log(formatReport(report, format));
  // Only a break without a major fails. A missing minor or patch bump harms no client (the
  // release can still set it), and failing every pull request that forgets one would teach
  // people to ignore this check: it is a warning line (a ::warning annotation on GitHub).
  return report.verdict === "breaking" ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof LintError) printLintProblems(error);
  console.error(`spec:breaking: ${(error as Error).message}`);
  if (error instanceof InputError) console.error(`\n${USAGE}`);
  else if (!(error instanceof LintError || error instanceof AcceptListError)) console.error(error);
  process.exitCode = 2;
}
