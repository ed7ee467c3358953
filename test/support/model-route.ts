/**
 * A route of the stateful mock for an operation the spec does not have, built from
 * OpenAPI-shaped responses through the pipeline's own operation model, as `pnpm generate`
 * would model them: only what the answer steps read (the model, deprecation headers).
 */
import type { Route } from "../../packages/billing-mock/src/routes.ts";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";

export function routeOf(operationId: string, responses: Record<string, unknown>, extra: Partial<Route> = {}): Route {
  const spec = {
    openapi: "3.1.0",
    info: { title: "Routes", version: "1" },
    servers: [{ url: "https://api.invalid" }],
    paths: { [`/${operationId}`]: { post: { operationId, responses } } },
  } as unknown as Spec;
  const model = operationModel(spec).operations[operationId]!;
  const responseMediaTypes = Object.fromEntries(model.responses.map((r) => [r.status, r.contents[0]?.mediaType]));
  return { operationId, model, responseMediaTypes, deprecation: undefined, ...extra } as unknown as Route;
}
