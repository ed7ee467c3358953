/** @hostup/billing-mock as another workspace package sees it: exports, types and JavaScript for every entry point. */
import { describe } from "vitest";
import { testPackaging } from "../support/package-checks.ts";

describe("@hostup/billing-mock as a dependency", () => {
  testPackaging("packages/billing-mock");
});
