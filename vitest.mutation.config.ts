/**
 * The tests `pnpm test:mutation` runs against each mutant. They reach the packages'
 * sources instead of their dist/ (Stryker mutates src/), and leave out what runs outside
 * this process or never touches src/: browser runs (a bundle of dist/), contract suites
 * against spawned servers, packaging and size checks, and tsc-only type tests. The
 * breaking-change tests import pipeline/breaking/ by relative path, so they need no alias;
 * spec-breaking-cli.test.ts is left out because it only runs `pnpm spec:breaking` as a
 * child process, which never sees the active mutant (Stryker sets it in this process).
 * spec-review.test.ts is left out too: each of its reviews bundles the client with esbuild
 * and compiles its declarations for base and revision, tens of seconds that every mutant of
 * build-report.ts would rerun, for differ verdicts the spec-breaking tests already check.
 *
 * The generator's tests (operation model, renderers, write-elsewhere) call the pipeline's
 * functions in this process, mostly over the construct fixture. generate-elsewhere.test.ts is
 * left out: it runs `pnpm generate --out` as a child process, which never sees the active
 * mutant (write-elsewhere.test.ts calls the same functions in process). generate.test.ts
 * stays: its `pnpm check:generated` tests also run a child process, but Stryker runs only the
 * tests that cover a mutant, and those never do.
 *
 * MUTATION_TESTS=packages,breaking,generator (set by scripts/test-mutation.ts from
 * `--mutate`) keeps only the tests that can reach the files being mutated: a narrowed run
 * then pays for neither the other suites' dry runs nor, for static mutants, their reruns.
 */
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Render all of generated/ (openapi-typescript, tsc): seconds per test where the model's tests
// take milliseconds. Run last, so that a mutant the fast tests kill stops there (Stryker bails
// on the first failure); only a survivor pays for them.
const SLOW_LAST = new Set(["construct-fixture.test.ts", "generate.test.ts"]);
class SlowLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = (file: TestSpecification) => SLOW_LAST.has(basename(file.moduleId));
    return [...sorted.filter((file) => !slow(file)), ...sorted.filter(slow)];
  }
}
const suites = (process.env.MUTATION_TESTS ?? "packages,breaking,generator").split(",");

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@hostup\/billing-client$/, replacement: source("./packages/billing-client/src/index.ts") },
      // The subpaths too: a dist/ entry would bring dist's error classes, which `instanceof` tells from src's.
      { find: /^@hostup\/billing-client\/(query|messages)$/, replacement: source("./packages/billing-client/src/$1.gen.ts") },
      { find: /^@hostup\/billing-client\/(problems|raw)$/, replacement: source("./packages/billing-client/src/$1.ts") },
      { find: /^@hostup\/billing-mock$/, replacement: source("./packages/billing-mock/src/index.ts") },
      { find: /^@hostup\/billing-mock\/(node|msw|server)$/, replacement: source("./packages/billing-mock/src/$1.ts") },
    ],
  },
  test: {
    include: [
      ...(suites.includes("packages") ? ["test/client/*.test.ts", "test/mock/*.test.ts"] : []),
      ...(suites.includes("breaking") ? ["test/pipeline/spec-breaking*.test.ts"] : []),
      ...(suites.includes("generator")
        ? [
            "test/pipeline/operation-model*.test.ts",
            "test/pipeline/construct-fixture.test.ts",
            "test/pipeline/generate.test.ts",
            "test/pipeline/render-generated.test.ts",
            "test/pipeline/write-elsewhere.test.ts",
            "test/pipeline/example-table.test.ts",
            "test/pipeline/openapi-model.test.ts",
            // The table's property checks, compiled by render-client.ts and run by the client's checkValue.
            "test/pipeline/property-regex.test.ts",
            "test/client/wire-check-value.test.ts",
            "test/pipeline/render-client*.test.ts",
            // The client's renderers are checked where their output runs: a client generated for
            // the construct fixture or a grown spec, imported in this process, on a recording fetch.
            "test/client/constructs.test.ts",
            "test/client/generated-*.test.ts",
            "test/client/messages.test.ts",
            "test/client/deprecation.test.ts",
          ]
        : []),
    ],
    exclude: [
      "test/**/package.test.ts",
      "test/**/size.test.ts",
      "test/**/wire-size.test.ts",
      "test/**/types.test.ts",
      "test/mock/prism-mock.test.ts",
      "test/pipeline/spec-breaking-cli.test.ts",
    ],
    testTimeout: 20_000,
    sequence: { sequencer: SlowLast },
    // Each mutant reruns the test files that reach it, and importing their dependencies was most
    // of each rerun: pre-bundled once, they load faster (about an eighth less CPU per rerun).
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: [
            "@redocly/openapi-core",
            "openapi-backend",
            "ajv",
            "ajv-formats",
            "msw",
            "fast-check",
            "hono",
            "@hono/node-server",
            "openapi-fetch",
          ],
        },
      },
    },
    hookTimeout: 30_000,
  },
});
