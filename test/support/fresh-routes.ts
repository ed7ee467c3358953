/**
 * The mock's route table compiled inside the calling test, from the operation model of the
 * spec or of an edited copy (computed here as `pnpm generate` computes it). routes.ts compiles it once per module
 * instance, and a table compiled while a test file loads is compiled before Stryker activates a
 * mutant; importing routes.ts afresh (a new instance, the modules it imports shared) compiles
 * one here, from the spec or from an edited copy of it. The edited copy is mocked only while
 * routes.ts is imported and compiles: the instance reads the spec when it is imported.
 */
import { vi } from "vitest";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { operationMetadata } from "@hostup/billing-openapi";
import type { Route, Routes } from "../../packages/billing-mock/src/routes.ts";
import { dereference } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";

type RoutesModule = typeof import("../../packages/billing-mock/src/routes.ts");

/** The module id of the bundled spec, mocked with an edited copy. */
const SPEC = "@hostup/billing-openapi/openapi.json";
/** The module that holds the operation model, mocked with the edited copy's. */
const GENERATED = "@hostup/billing-openapi";
const ROUTES = new URL("../../packages/billing-mock/src/routes.ts", import.meta.url).pathname;

/** The bundled document as JSON: edits reach into it by path. */
export type SpecDocument = Record<string, any>;

let instance = 0;

export interface FreshRoutes extends Routes {
  /** The route of a method and path the spec documents; throws for any other. */
  route(method: string, path: string): Route;
}

/** The routes compiled by a fresh instance of routes.ts, from the spec or from a copy that `edit` changes. */
export async function compiledAfresh(edit?: (document: SpecDocument) => void): Promise<FreshRoutes> {
  if (edit) {
    const document = structuredClone(spec) as SpecDocument;
    edit(document);
    const model = operationModel(await dereference(document));
    vi.doMock(SPEC, () => ({ default: document }));
    vi.doMock(GENERATED, async (original) => ({ ...(await original<object>()), operationModel: model }));
  }
  let routes: Routes;
  try {
    const id = `${ROUTES}?instance=${instance++}`;
    const { compileRoutes } = (await import(/* @vite-ignore */ id)) as RoutesModule;
    routes = await compileRoutes();
  } finally {
    if (edit) {
      vi.doUnmock(SPEC);
      vi.doUnmock(GENERATED);
    }
  }
  return {
    match: routes.match,
    route(method, path) {
      const matched = routes.match(method, path);
      if (!matched || !("route" in matched)) throw new Error(`${method} ${path} matched no operation`);
      return matched.route;
    },
  };
}

/**
 * An edit of the spec for a case it has none of yet: the list of cc recipients is given a
 * required `x-tenant` header, the resend a required `theme` cookie of "dark" or "light".
 */
export function withHeaderAndCookieParameters(document: SpecDocument): void {
  document.paths[operationMetadata.listInvoiceCcRecipients.path].get.parameters = [
    { name: "x-tenant", in: "header", required: true, schema: { type: "string" } },
  ];
  document.paths[operationMetadata.resendInvoiceEmail.path].post.parameters.push({
    name: "theme",
    in: "cookie",
    required: true,
    schema: { type: "string", enum: ["dark", "light"] },
  });
}
