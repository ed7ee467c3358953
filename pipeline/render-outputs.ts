/**
 * Everything `spec/` generates, rendered in memory in one place, so `pnpm generate`,
 * `pnpm check:generated` and `pnpm dev` cannot disagree on what a spec produces: the files
 * of generated/, and the files outside it (the client's operation layer, answer types, TanStack
 * Query bindings and error messages, the README's method and example-name tables).
 */
import { readFile } from "node:fs/promises";
import type { Spec, SpecModel } from "./openapi-model.ts";
import {
  clientOperationsFile,
  clientTypesFile,
  readmeFile,
  renderClientOperations,
  renderClientTypes,
  renderMethodTable,
  withMethodTable,
} from "./render-client.ts";
import { renderExampleTable, withExampleTable } from "./render-example-table.ts";
import { renderGenerated } from "./render-generated.ts";
import { messagesFile, renderMessages } from "./render-messages.ts";
import { queryBindingsFile, renderQueryBindings } from "./render-query.ts";
import { clientResponsesFile, renderResponses } from "./render-responses.ts";

export interface Outputs {
  /** generated/'s files by name. */
  generated: Map<string, string>;
  /** Files outside generated/, by absolute path. */
  files: Map<string, string>;
}

/**
 * The client's generated sources, by absolute path: its operation layer, types, answer types,
 * TanStack Query bindings and error messages. The one list: `pnpm generate` writes them into
 * the repository, `pnpm generate --out` under another directory.
 */
export function renderClientSources(spec: Spec): Map<string, string> {
  return new Map([
    [clientOperationsFile, renderClientOperations(spec)],
    [clientTypesFile, renderClientTypes(spec)],
    [queryBindingsFile, renderQueryBindings(spec)],
    [messagesFile, renderMessages(spec)],
    [clientResponsesFile, renderResponses(spec)],
  ]);
}

/** Renders every output of `model`; the README is read to rewrite only its generated blocks. */
export async function renderOutputs(model: SpecModel): Promise<Outputs> {
  const generated = await renderGenerated(model);
  const files = renderClientSources(model.resolved);
  // Stryker disable next-line StringLiteral: without "utf8" a Buffer comes back, and replaceBlock's indexOf, slice and + cut it at the ASCII markers into the same text
  const readme = withMethodTable(await readFile(readmeFile, "utf8"), renderMethodTable(model.resolved));
  files.set(readmeFile, withExampleTable(readme, renderExampleTable(model.resolved)));
  return { generated, files };
}
