import type { TestProject } from "vitest/node";
import { startPrismMock } from "../../scripts/lib/prism.ts";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

/** Prism on a free loopback port, with --errors so an example that contradicts its schema fails the run. */
export default async function setup(project: TestProject) {
  const prism = await startPrismMock({ host: "127.0.0.1", port: 0, errors: true });
  project.provide("prismUrl", prism.url);
  return () => prism.close();
}
