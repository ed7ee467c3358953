/** `pnpm build`: compiles the client package to dist/ (pnpm install and pnpm generate do this too). */
import { buildClient } from "./lib/build-client.ts";

try {
  console.log(`build: built ${await buildClient()}`);
} catch (error) {
  console.error(`build: ${(error as Error).message}`);
  process.exitCode = 1;
}
