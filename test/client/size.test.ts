/**
 * The bundle budget, held by CI: a size is deterministic (pinned esbuild, lockfile), so unlike
 * a speed it can be a test. `pnpm bench` prints the same figure beside the speeds.
 */
import { expect, test } from "vitest";
import { CLIENT_SIZE_BUDGET, clientBundleSize } from "../../pipeline/bundle-size.ts";

test(`the client bundle, openapi-fetch included, stays within ${CLIENT_SIZE_BUDGET} B min+gz`, async () => {
  const { gz } = await clientBundleSize();
  // Far below would mean the bundle lost openapi-fetch or the client, not that it got lean.
  expect(gz).toBeGreaterThan(CLIENT_SIZE_BUDGET / 2);
  expect(gz).toBeLessThanOrEqual(CLIENT_SIZE_BUDGET);
});

test("the measured bundle includes openapi-fetch, as an application ships it", async () => {
  const [whole, own] = await Promise.all([clientBundleSize(), clientBundleSize(["openapi-fetch"])]);
  expect(whole.gz - own.gz).toBeGreaterThan(2000);
});
