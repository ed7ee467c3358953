/**
 * Everything `spec/` generates, rendered in memory in one place, so `pnpm generate`,
 * `pnpm check:generated` and `pnpm dev` cannot disagree on what a spec produces: the files
 * of generated/, and the files outside it (the client's operation layer, TanStack Query
 * bindings and error messages, the README's method and example-name tables).
 */
import { readFile } from "node:fs/promises";
import type { SpecModel } from "./openapi-model.ts";
import { readmeFile, renderClientFiles } from "./render-client.ts";
import { renderExampleTable, withExampleTable } from "./render-example-table.ts";
import { renderGenerated } from "./render-generated.ts";
import { messagesFile, renderMessages } from "./render-messages.ts";
import { queryBindingsFile, renderQueryBindings } from "./render-query.ts";

export interface Outputs {
  /** generated/'s files by name. */
  generated: Map<string, string>;
  /** Files outside generated/, by absolute path. */
  files: Map<string, string>;
}

/** Renders every output of `model`; the README is read to rewrite only its generated blocks. */
export async function renderOutputs(model: SpecModel): Promise<Outputs> {
  const generated = await renderGenerated(model);
  const files = renderClientFiles(model.resolved, await readFile(readmeFile, "utf8"));
  files.set(queryBindingsFile, renderQueryBindings(model.resolved));
  files.set(messagesFile, renderMessages(model.resolved));
  files.set(readmeFile, withExampleTable(files.get(readmeFile)!, renderExampleTable(model.resolved)));
  return { generated, files };
}
