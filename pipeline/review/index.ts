/**
 * `pnpm spec:review`'s report: what a spec change does, in one place for a pull request: the
 * classified spec changes (the breaking-change guard), the generated client's public API
 * diff, the bundle-size change, and the stateful mock's coverage change. Each section is its
 * own module; this one runs them on one base and one revision.
 */
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { buildBreakingReport } from "../breaking/build-report.ts";
import type { Report } from "../breaking/report.ts";
import { dereference, type SpecModel } from "../openapi-model.ts";
import { fileAt, type Base } from "../spec-base.ts";
import { bundleSection, type BundleSection } from "./bundle-section.ts";
import { clientApiSection, type ClientApiSection } from "./client-api.ts";
import { handledOperations, handlerSources, mockCoverage, type MockCoverageSection } from "./mock-coverage.ts";

export interface SpecReview {
  /** What the revision (spec/ in the working tree) was compared with. */
  base: string;
  /** The breaking-change guard's report, as `pnpm spec:breaking` builds it. */
  breaking: Report;
  clientApi: ClientApiSection;
  bundle: BundleSection;
  mock: MockCoverageSection;
}

export interface ReviewOptions {
  /** The accept list for breaking changes (default spec/breaking-accepted.yaml). */
  acceptList?: string;
}

export async function reviewSpecChange(base: Base, revision: SpecModel, options: ReviewOptions = {}): Promise<SpecReview> {
  const baseModel: SpecModel = { bundled: base.doc as unknown as Oas3_1Definition, resolved: await dereference(base.doc) };
  const breaking = await buildBreakingReport(base, revision, options.acceptList);
  const clientApi = await clientApiSection(baseModel, revision);
  const bundle = await bundleSection(baseModel.resolved, revision.resolved);
  const { commit, ref } = base;
  const sources = await handlerSources(commit ? (path) => fileAt(commit, path) : undefined, ref ?? commit ?? "");
  const mock = mockCoverage(
    { spec: baseModel.resolved, handled: handledOperations(sources.base) },
    { spec: revision.resolved, handled: handledOperations(sources.revision) },
    sources.baseFrom,
  );
  return { base: base.label, breaking, clientApi, bundle, mock };
}
