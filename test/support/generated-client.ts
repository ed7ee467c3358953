/**
 * @hostup/billing-client generated for another spec, in a temporary directory: the
 * package's handwritten sources, the operation layer `pnpm generate` renders for that spec,
 * and that spec's generated/ as the package's @hostup/billing-openapi. Nothing per operation
 * is written by hand.
 */
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { dereference } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { renderClientOperations, renderClientTypes } from "../../pipeline/render-client.ts";
import { renderGenerated } from "../../pipeline/render-generated.ts";
import { renderResponses } from "../../pipeline/render-responses.ts";
import { bin } from "./package-checks.ts";
import { run } from "./process.ts";

export interface GeneratedClient {
  dir: string;
  /** The rendered operations.gen.ts (types.gen.ts and responses.gen.ts are written beside it). */
  operations: string;
  close(): Promise<void>;
}

const CLIENT_SRC = join(root, "packages/billing-client/src");

/**
 * Whether the client's sources in this checkout are Stryker's instrumented copies (a mutation
 * run over them): every expression then sits in a mutant switch, so tsc infers the types of
 * that code, not the client's, and a test of the client's types has nothing true to check.
 */
export const clientInstrumented = readdirSync(CLIENT_SRC, { recursive: true, encoding: "utf8" }).some(
  (file) => file.endsWith(".ts") && readFileSync(join(CLIENT_SRC, file), "utf8").includes("stryMutAct_9fa48"),
);

export async function generateClientFor(bundled: Oas3_1Definition): Promise<GeneratedClient> {
  const dir = await mkdtemp(join(tmpdir(), "generated-client-"));
  const resolved = await dereference(bundled);
  const openapiDir = join(dir, "node_modules/@hostup/billing-openapi");
  await mkdir(openapiDir, { recursive: true });
  for (const [name, content] of await renderGenerated({ bundled, resolved })) await writeFile(join(openapiDir, name), content);
  await symlink(await realpath(join(root, "node_modules/openapi-fetch")), join(dir, "node_modules/openapi-fetch"));
  await cp(CLIENT_SRC, join(dir, "src"), {
    recursive: true,
    filter: (source) => !source.endsWith(".gen.ts"),
  });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "generated-client", private: true, type: "module" }));
  const operations = renderClientOperations(resolved);
  await writeFile(join(dir, "src/operations.gen.ts"), operations);
  await writeFile(join(dir, "src/types.gen.ts"), renderClientTypes(resolved));
  await writeFile(join(dir, "src/responses.gen.ts"), renderResponses(resolved));
  return { dir, operations, close: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Type-level assertions for a consumer's source: `expectType<Equal<A, B>>()` compiles only when
 * A and B are the same type (the identity check type-fest and tsd use).
 */
export const TYPE_ASSERTIONS = `type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): void {}
`;

/**
 * Type-checks `source` as `consumer.ts` beside a generated client's `src/`, with the
 * repository's tsconfig.base.json and a browser's lib (the client uses fetch, Blob, FormData).
 * Returns tsc's output and exit code: "" and 0 when it compiles.
 */
export async function compileConsumer(client: GeneratedClient, source: string): Promise<{ output: string; code: number | null }> {
  await writeFile(join(client.dir, "consumer.ts"), source);
  await writeFile(
    join(client.dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: { noEmit: true, lib: ["ES2024", "DOM", "DOM.Iterable"], types: [], module: "NodeNext", target: "ES2024" },
      include: ["consumer.ts", "src"],
    }),
  );
  const result = await run(bin("tsc"), ["-p", join(client.dir, "tsconfig.json")]);
  return { output: result.stdout + result.stderr, code: result.code };
}
