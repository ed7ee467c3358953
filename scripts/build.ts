/** `pnpm build`: compiles the client and stateful mock packages to dist/ (pnpm install and pnpm generate do this too). */
import { buildClient, buildMock } from "../pipeline/build-packages.ts";

try {
  console.log(`build: built ${await buildClient()}`);
  console.log(`build: built ${await buildMock()}`);
} catch (error) {
  console.error(`build: ${(error as Error).message}`);
  process.exitCode = 1;
}
