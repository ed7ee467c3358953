/**
 * `pnpm spec:review [options] [base-ref]`: one report of what the change to spec/ (working
 * tree) does against generated/openapi.json at base-ref (default: the merge base with main):
 * the classified spec changes, the generated client's public API diff, the bundle-size
 * change and the mocks' coverage change. See USAGE for options and exit codes.
 */
import { AcceptListError } from "../pipeline/breaking/accept-list.ts";
import { describeBundle, formatReview, REVIEW_FORMATS, type ReviewFormat } from "../pipeline/review/format.ts";
import { InputError, loadBase, parseComparisonArgs } from "../pipeline/spec-base.ts";

// Redocly, TypeScript and esbuild take seconds to load: imported only once the arguments and
// the base are known to be good, so a refusal is quick.
const model = () => import("../pipeline/openapi-model.ts");

const USAGE = `usage: pnpm spec:review [--format markdown|json] [base-ref | --base-file <openapi.json>]

  base-ref             a commit of this repository (branch, tag or hash) whose generated/openapi.json
                       is the base; default: the merge base of HEAD with main
  --base-file <file>   a bundled OpenAPI document to compare with instead (the mock's behaviour
                       is then read from the working tree for both sides)
  --accepted <file>    the accept list for breaking changes (default spec/breaking-accepted.yaml)
  --format <format>    markdown (default, a pull-request comment) or json

exit codes: 0  the report was printed, whatever it says (pnpm spec:breaking is the gate
               that fails on breaking changes; the verdict is in the report)
            2  usage or input error (unknown option, bad base, spec/ does not lint)`;

async function main(): Promise<number> {
  const { values, positionals } = parseComparisonArgs("markdown");
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const format = values.format as ReviewFormat;
  if (!REVIEW_FORMATS.includes(format)) throw new InputError(`unknown format "${values.format}"`);
  const base = await loadBase(values["base-file"], positionals, "pnpm spec:review");
  const started = performance.now();
  const [{ loadSpec }, { reviewSpecChange }] = await Promise.all([model(), import("../pipeline/review/index.ts")]);
  const review = await reviewSpecChange(base, await loadSpec(), { acceptList: values.accepted });
  console.log(formatReview(review, format));
  console.error(
    `spec:review: spec/ against ${review.base} in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${review.breaking.changes.length} spec change(s) (verdict ${review.breaking.verdict}), ` +
      `${review.clientApi.changes.length} client API change(s), bundle ${describeBundle(review.bundle)}, ` +
      `${review.mock.operations.length} operation(s) with changed mock coverage`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  const { LintError, printLintProblems } = await model();
  if (error instanceof LintError) printLintProblems(error);
  console.error(`spec:review: ${(error as Error).message}`);
  if (error instanceof InputError) console.error(`\n${USAGE}`);
  else if (!(error instanceof LintError || error instanceof AcceptListError)) console.error(error);
  process.exitCode = 2;
}
