/**
 * What a spec generates, written under another directory instead of the repository: its
 * generated/ files and the client's generated sources (render-outputs.ts lists them), each at the path it has in the repository, so `out/generated` can be handed to
 * generated-elsewhere.ts. `pnpm generate --out` and `pnpm bench:scale` write through here.
 * The README's tables are not written: they describe the repository's own spec.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { SpecModel } from "./openapi-model.ts";
import { generatedDir, rel } from "./paths.ts";
import { clientOperationsFile, clientTypesFile } from "./render-client.ts";
import { renderGenerated } from "./render-generated.ts";
import { messagesFile } from "./render-messages.ts";
import { renderClientSources } from "./render-outputs.ts";
import { queryBindingsFile } from "./render-query.ts";
import { clientResponsesFile } from "./render-responses.ts";
import { writeGenerated, writeGeneratedFiles } from "./write-generated.ts";

/** Where each output goes under `out`. */
export function elsewhere(out: string) {
  return {
    generated: join(out, rel(generatedDir)),
    clientOperations: join(out, rel(clientOperationsFile)),
    clientTypes: join(out, rel(clientTypesFile)),
    queryBindings: join(out, rel(queryBindingsFile)),
    clientResponses: join(out, rel(clientResponsesFile)),
    messages: join(out, rel(messagesFile)),
  };
}

/** Writes generated/'s files for `model` under `out`; returns the paths written. */
export async function writeGeneratedElsewhere(model: SpecModel, out: string): Promise<string[]> {
  const dir = elsewhere(out).generated;
  const files = await renderGenerated(model);
  await writeGenerated(files, dir);
  return [...files.keys()].map((name) => join(dir, name));
}

/**
 * Writes the client's generated sources for `model` under `out`; returns the paths written.
 * Both are rendered before either is written: the client's renderer refuses a construct the
 * client cannot carry, and then nothing of the client is left behind.
 */
export async function writeClientElsewhere(model: SpecModel, out: string): Promise<string[]> {
  const files = new Map([...renderClientSources(model.resolved)].map(([path, content]) => [join(out, rel(path)), content]));
  for (const path of files.keys()) await mkdir(dirname(path), { recursive: true });
  await writeGeneratedFiles(files);
  return [...files.keys()];
}
