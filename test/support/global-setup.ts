import type { TestProject } from "vitest/node";
import { startBillingMock } from "@hostup/billing-mock/node";
import { startPrismMock } from "../../pipeline/prism-front.ts";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
    statefulUrl: string;
    /** The operations the stateful mock has no behaviour for: it answers them from the spec's examples. */
    statefulFromExamples: string[];
  }
}

/**
 * The contract suites' targets, started once: Prism answering from examples, and the
 * stateful mock behind `prism proxy`. Both run with --errors, so an example or an answer
 * that contradicts the spec fails the run.
 */
export default async function setup(project: TestProject) {
  const prism = await startPrismMock({ host: "127.0.0.1", port: 0, errors: true });
  // No mock-wide limit: the suite sends more than 60 requests with one token. The fixtures'
  // rate-limited-token keeps its own limit, so the 429 is still reachable.
  const stateful = await startBillingMock({ port: 0, rateLimit: false });
  const proxy = await startPrismMock({ host: "127.0.0.1", port: 0, errors: true, upstream: stateful.url });
  project.provide("prismUrl", prism.url);
  project.provide("statefulUrl", proxy.url);
  project.provide("statefulFromExamples", [...stateful.answeredFromExamples]);
  return async () => {
    await Promise.all([prism.close(), proxy.close()]);
    await stateful.close();
  };
}
