/** `pnpm build`: compiles the client and stateful mock packages to dist/ (pnpm install and pnpm generate do this too). */
import { buildPackages, CLIENT, MOCK } from "../pipeline/build-packages.ts";

try {
  // Both are checked before either is emitted, as in `pnpm generate`.
  for (const built of await buildPackages([CLIENT, MOCK])) console.log(`build: built ${built}`);
} catch (error) {
  console.error(`build: ${(error as Error).message}`);
  process.exitCode = 1;
}
