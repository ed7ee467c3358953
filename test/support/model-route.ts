/**
 * A route of the stateful mock for an operation the spec does not have, built from an
 * OpenAPI-shaped operation through the pipeline's own operation model, as `pnpm generate`
 * would model it: what the validation and answer steps read (the model, its validators,
 * media types, deprecation headers).
 */
import { compileRequestValidators } from "../../packages/billing-mock/src/request-validator.ts";
import type { Route } from "../../packages/billing-mock/src/routes.ts";
import type { Spec } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";

/** A route for `operation` (its `parameters`, `requestBody`, `responses`...), served at `path` by `method`. */
export function routeFor(operationId: string, operation: Record<string, unknown>, path = `/${operationId}`, method = "post"): Route {
  const spec = {
    openapi: "3.1.0",
    info: { title: "Routes", version: "1" },
    servers: [{ url: "https://api.invalid" }],
    paths: { [path]: { [method]: { operationId, responses: {}, ...operation } } },
  } as unknown as Spec;
  const model = operationModel(spec).operations[operationId]!;
  const responseMediaTypes = Object.fromEntries(model.responses.map((r) => [r.status, r.contents[0]?.mediaType]));
  const credentialNames = new Set<string>();
  return {
    operationId,
    model,
    validators: compileRequestValidators(model, credentialNames),
    credentialNames,
    security: [],
    bodyContents: model.body?.contents.map(({ mediaType, kind }) => ({ mediaType, kind })),
    responseMediaTypes,
    answerMediaTypes: [],
    deprecation: undefined,
  } as unknown as Route;
}

/** A route whose operation documents `responses`, with `extra` members over the built ones. */
export function routeOf(operationId: string, responses: Record<string, unknown>, extra: Partial<Route> = {}): Route {
  return { ...routeFor(operationId, { responses }), ...extra } as Route;
}
