/**
 * The review's public-API section: @hostup/billing-client's declarations (and the
 * @hostup/billing-openapi types they name) emitted for the base spec and for the revision,
 * read with the compiler API and compared declaration by declaration.
 */
import { join } from "node:path";
import { sharedHost } from "../build-packages.ts";
import type { SpecModel } from "../openapi-model.ts";
import { diffApi, type ApiChange } from "./api-diff.ts";
import { READ_OPTIONS, readApi, type ApiModel } from "./api-model.ts";
import { emitClientDeclarations } from "./client-declarations.ts";

export interface ClientApiSection {
  changes: ApiChange[];
  /** Compile errors of the client's handwritten code against each side's types: a spec change can break it. */
  diagnostics: { base: string[]; revision: string[] };
}

const CLIENT = "@hostup/billing-client";
const OPENAPI = "@hostup/billing-openapi";

/** The client's public API as it would be published for `model`, and what did not compile. */
export async function clientApiOf(model: SpecModel): Promise<{ api: ApiModel; diagnostics: string[] }> {
  const built = await emitClientDeclarations(model);
  try {
    const api = readApi({
      entries: { [CLIENT]: built.entries["."]!, [`${CLIENT}/query`]: built.entries["./query"]! },
      own: [join(built.dir, "dist"), built.openapiDir],
      openapi: { specifier: OPENAPI, entry: join(built.openapiDir, "index.d.ts"), dir: built.openapiDir },
      // lib.dom and the dependencies' declarations, parsed once for both sides.
      host: sharedHost(READ_OPTIONS),
    });
    return { api, diagnostics: built.diagnostics };
  } finally {
    await built.close();
  }
}

export async function clientApiSection(base: SpecModel, revision: SpecModel): Promise<ClientApiSection> {
  const before = await clientApiOf(base);
  const after = await clientApiOf(revision);
  return { changes: diffApi(before.api, after.api), diagnostics: { base: before.diagnostics, revision: after.diagnostics } };
}
