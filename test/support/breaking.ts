/**
 * (base, revision) documents for the breaking-change tests: one small POST operation whose
 * request body, response, parameters, headers, statuses and security a test fills in, and
 * the differ run on both after Redocly dereferences them, as `pnpm spec:breaking` does.
 */
import { diffSpecs, type Change } from "../../pipeline/breaking/index.ts";
import { dereference } from "../../pipeline/openapi-model.ts";

// Test documents are built freely, as a spec author writes them.
export type Json = Record<string, any>;

export async function diff(base: Json, revision: Json): Promise<Change[]> {
  return diffSpecs(await dereference(base), await dereference(revision));
}

/** The operation every `doc` holds, as the differ names it and points at it. */
export const WHERE = "POST /things/{id}";
export const OPERATION = "/paths/~1things~1{id}/post";

/** One POST operation with a request body, a 200 response, optional parameters, response headers and security schemes. */
export function doc(parts: {
  request?: Json;
  response?: Json;
  parameters?: Json[];
  headers?: Json;
  responses?: Json;
  schemes?: Json;
  security?: Json[];
  schemas?: Json;
}): Json {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1.0.0" },
    paths: {
      "/things/{id}": {
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        post: {
          operationId: "postThing",
          parameters: parts.parameters ?? [],
          ...(parts.security ? { security: parts.security } : {}),
          requestBody: { required: true, content: { "application/json": { schema: parts.request ?? { type: "object" } } } },
          responses: parts.responses ?? {
            "200": {
              description: "ok",
              headers: parts.headers ?? {},
              content: { "application/json": { schema: parts.response ?? { type: "object" } } },
            },
          },
        },
      },
    },
    components: { securitySchemes: parts.schemes ?? {}, schemas: parts.schemas ?? {} },
  };
}

export const object = (properties: Json, required: string[] = [], extra: Json = {}) => ({ type: "object", properties, required, ...extra });

/** A change as a row a test can write out in full: kind, rule, where, message, pointer and side. */
export const row = (c: Change) => [c.kind, c.rule, c.where, c.message, c.pointer, c.side];
