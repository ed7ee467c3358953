/**
 * The bundle budgets, held by CI: a size is deterministic (pinned esbuild, lockfile), so unlike
 * a speed it can be a test. `pnpm bench` prints the same figures beside the speeds.
 */
import { expect, test } from "vitest";
import { operationMetadata } from "@hostup/billing-openapi";
import { clientBundleSize, PER_OPERATION_BUDGET, sizeBudgetFor } from "../../pipeline/bundle-size.ts";
import { dereference, loadSpec, operationsOf } from "../../pipeline/openapi-model.ts";
import { withCopies, withWidgetOperations } from "../../pipeline/synthetic-spec.ts";
import { deprecateOperation } from "../support/deprecated-spec.ts";

const operations = Object.keys(operationMetadata).length;
const budget = sizeBudgetFor(operations);

test(`the client bundle, its dependencies and the ${operations} operations of spec/ included, stays within ${budget} B min+gz`, async () => {
  const { gz } = await clientBundleSize();
  // Far below would mean the bundle lost the client or its table, not that it got lean.
  expect(gz).toBeGreaterThan(budget / 2);
  expect(gz).toBeLessThanOrEqual(budget);
});

test(`with a GET and a DELETE-with-body operation more, the bundle fits ${budget} B + ${PER_OPERATION_BUDGET} B for each`, async () => {
  const { gz } = await clientBundleSize({ spec: await dereference(withWidgetOperations((await loadSpec()).bundled)) });
  expect(gz).toBeLessThanOrEqual(sizeBudgetFor(operations + 2));
});

test(`each further operation adds at most ${PER_OPERATION_BUDGET} B min+gz (20 copies of the spec's operations)`, async () => {
  const { bundled, resolved } = await loadSpec();
  const count = Object.keys(resolved.paths ?? {}).length;
  const [base, more] = await Promise.all([
    clientBundleSize({ spec: resolved }),
    clientBundleSize({ spec: await dereference(withCopies(bundled, count + 20)) }),
  ]);
  expect(more.gz).toBeGreaterThan(base.gz);
  expect((more.gz - base.gz) / 20).toBeLessThanOrEqual(PER_OPERATION_BUDGET);
});

test(`a deprecated operation's warning costs no more than one further operation: one of the ${operations} deprecated fits ${budget} B + ${PER_OPERATION_BUDGET} B`, async () => {
  const { bundled, resolved } = await loadSpec();
  const [first] = operationsOf(resolved);
  const [plain, deprecated] = await Promise.all([
    clientBundleSize({ spec: resolved }),
    clientBundleSize({ spec: await dereference(deprecateOperation(bundled, first!.operation.operationId!, "2027-06-30")) }),
  ]);
  expect(deprecated.gz).toBeGreaterThan(plain.gz);
  expect(deprecated.gz).toBeLessThanOrEqual(sizeBudgetFor(operations + 1));
});

test(`each further operation, deprecated, adds at most ${PER_OPERATION_BUDGET} B min+gz, the warning code included (20 deprecated copies)`, async () => {
  const { bundled, resolved } = await loadSpec();
  const count = Object.keys(resolved.paths ?? {}).length;
  let copies = withCopies(bundled, count + 20);
  for (const { operation } of operationsOf(await dereference(copies))) {
    if (/Copy\d+$/.test(operation.operationId!)) copies = deprecateOperation(copies, operation.operationId!, "2027-06-30");
  }
  const [base, more] = await Promise.all([clientBundleSize({ spec: resolved }), clientBundleSize({ spec: await dereference(copies) })]);
  expect((more.gz - base.gz) / 20).toBeLessThanOrEqual(PER_OPERATION_BUDGET);
});

test("the main entry calls fetch itself: openapi-fetch is only in the /raw subpath's bundle", async () => {
  const [whole, own, raw] = await Promise.all([
    clientBundleSize(),
    clientBundleSize({ external: ["openapi-fetch"] }),
    clientBundleSize({ subpath: "raw" }),
  ]);
  expect(whole.gz).toBe(own.gz);
  expect(raw.gz - (await clientBundleSize({ subpath: "raw", external: ["openapi-fetch"] })).gz).toBeGreaterThan(2000);
});
