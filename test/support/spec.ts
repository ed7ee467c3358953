/**
 * The bundled spec as test oracle: response definitions and an Ajv 2020 validator over
 * generated/openapi.json itself, so no test copies a schema.
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { operationMetadata } from "@hostup/billing-openapi";

type Json = Record<string, unknown>;
export type OperationId = keyof typeof operationMetadata;

const SPEC_ID = "https://spec.invalid/openapi.json";
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
// The schemas live under the document's `components`; declaring it lets `#/components/...` refs resolve in strict mode.
ajv.addVocabulary(["components"]);
ajv.addSchema({ $id: SPEC_ID, components: spec.components }, SPEC_ID);

export { spec };

function deref(node: unknown): Json {
  let at = node as Json;
  while (typeof at.$ref === "string") {
    at = at.$ref
      .slice(2)
      .split("/")
      .reduce<Json>((parent, key) => parent[key] as Json, spec as unknown as Json);
  }
  return at;
}

export function operation(operationId: OperationId): Json {
  const meta = operationMetadata[operationId];
  const paths = spec.paths as Record<string, Record<string, Json>>;
  return paths[meta.path]![meta.method.toLowerCase()]!;
}

export interface ResponseSpec {
  status: number;
  mediaType: string;
  schemaPointer: string;
  examples: Record<string, { value: unknown }>;
  headers: Record<string, { required?: boolean; schema: Json }>;
}

/** Every documented response of an operation, with its media type, schema and named examples. */
export function responses(operationId: OperationId): ResponseSpec[] {
  const all = operation(operationId).responses as Record<string, unknown>;
  return Object.entries(all).map(([status, raw]) => {
    const response = deref(raw);
    const [[mediaType, media]] = Object.entries(response.content as Record<string, Json>) as [[string, Json]];
    const headers = Object.fromEntries(
      Object.entries((response.headers ?? {}) as Record<string, unknown>).map(([name, header]) => [name, deref(header) as never]),
    );
    return {
      status: Number(status),
      mediaType,
      schemaPointer: (media.schema as Json).$ref as string,
      examples: (media.examples ?? {}) as ResponseSpec["examples"],
      headers,
    };
  });
}

/** Validates `data` against a `#/components/...` schema of the bundled spec; returns Ajv's errors. */
export function validate(schemaPointer: string, data: unknown): ErrorObject[] {
  const check = ajv.getSchema(`${SPEC_ID}${schemaPointer}`);
  if (!check) throw new Error(`no schema at ${schemaPointer}`);
  return check(data) ? [] : [...(check.errors ?? [])];
}

/** Validates a header's wire value against its schema (integers arrive as strings). */
export function validateHeader(schema: Json, value: string): ErrorObject[] {
  const typed = schema.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
  const check = ajv.compile(schema);
  return check(typed) ? [] : [...(check.errors ?? [])];
}
