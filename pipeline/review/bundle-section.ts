/**
 * The review's bundle-size section: the client bundled as an application ships it
 * (bundle-size.ts) with the base spec's operation layer and with the revision's, and the
 * budget the revision's operation count allows.
 */
import { clientBundleSize, sizeBudgetFor } from "../bundle-size.ts";
import { operationsOf, type Spec } from "../openapi-model.ts";

export interface BundleSection {
  /** min+gz bytes with the base spec's operations. */
  base: number;
  /** min+gz bytes with the revision's operations. */
  revision: number;
  /** The budget for the revision's operation count (sizeBudgetFor). */
  budget: number;
  /** How many operations each side has. */
  operations: { base: number; revision: number };
}

export async function bundleSection(base: Spec, revision: Spec): Promise<BundleSection> {
  // One after the other: esbuild would share the machine's cores between them anyway.
  const before = await clientBundleSize({ spec: base });
  const after = await clientBundleSize({ spec: revision });
  const operations = { base: operationsOf(base).length, revision: operationsOf(revision).length };
  return { base: before.gz, revision: after.gz, budget: sizeBudgetFor(operations.revision), operations };
}
