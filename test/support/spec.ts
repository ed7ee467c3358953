/**
 * The bundled spec as test oracle: each operation's documented responses from the one
 * OpenAPI model (pipeline/openapi-model.ts, Redocly resolving every `$ref`), and an Ajv 2020
 * validator over generated/openapi.json, so no test copies a schema.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { operationMetadata } from "@hostup/billing-openapi";
import { dereference, type MediaType, type Operation, type Schema } from "../../pipeline/openapi-model.ts";
import { namedExamples, operationById } from "../../pipeline/spec-examples.ts";

export type OperationId = keyof typeof operationMetadata;

const SPEC_ID = "https://spec.invalid/openapi.json";
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
// The schemas live under the document's `components`; declaring it lets `#/components/...` refs resolve in strict mode.
ajv.addVocabulary(["components"]);
ajv.addSchema({ $id: SPEC_ID, components: spec.components }, SPEC_ID);

export { spec };
/** generated/openapi.json with every `$ref` resolved by Redocly. */
export const resolved = await dereference(spec);

/** Every operationId of the spec, in document order. */
export const operationIds = Object.keys(operationMetadata) as OperationId[];

export function operation(operationId: OperationId): Operation {
  return operationById(resolved, operationId).operation;
}

export interface ResponseSpec {
  status: number;
  /** Absent for a response without a body. */
  mediaType?: string;
  /** Absent for a response without a body. */
  schema?: Schema;
  /** The named examples: name → value. */
  examples: Record<string, unknown>;
  headers: Record<string, { required?: boolean; schema: Schema }>;
}

/** Every documented response of an operation, with its media type, schema, named examples and headers. */
export function responses(operationId: OperationId): ResponseSpec[] {
  return Object.entries(operation(operationId).responses ?? {}).map(([status, response]) => {
    const [mediaType, media] = (Object.entries(response.content ?? {})[0] ?? []) as [string?, MediaType?];
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([name, header]) => [name, { required: header.required, schema: header.schema! }]),
    );
    return {
      status: Number(status),
      ...(mediaType && media ? { mediaType, schema: media.schema! } : {}),
      examples: namedExamples(media),
      headers,
    };
  });
}

/** The documented response of an operation for `status`; throws when there is none. */
export function response(operationId: OperationId, status: number): ResponseSpec {
  const found = responses(operationId).find((r) => r.status === status);
  if (!found) throw new Error(`${operationId} documents no ${status} response`);
  return found;
}

/** The operation's success response (the first 2xx it documents). */
export function success(operationId: OperationId): ResponseSpec {
  const found = responses(operationId).find((r) => r.status >= 200 && r.status < 300);
  if (!found) throw new Error(`${operationId} documents no success response`);
  return found;
}

const compiled = new WeakMap<Schema, ValidateFunction>();

/**
 * Validates `data` against a resolved schema (a ResponseSpec's), or against a
 * `#/components/...` schema of the bundled spec named by its pointer; returns Ajv's errors.
 * No schema (a response without a body) accepts only no data.
 */
export function validate(schema: Schema | string | undefined, data: unknown): ErrorObject[] {
  let check: ValidateFunction | undefined;
  if (schema === undefined) {
    return data === undefined ? [] : [{ instancePath: "", schemaPath: "", keyword: "body", params: {}, message: "must have no body" }];
  }
  if (typeof schema === "string") {
    check = ajv.getSchema(`${SPEC_ID}${schema}`);
    if (!check) throw new Error(`no schema at ${schema}`);
  } else {
    check = compiled.get(schema) ?? ajv.compile(schema as object);
    compiled.set(schema, check);
  }
  return check(data) ? [] : [...(check.errors ?? [])];
}

/** Validates a header's wire value against its schema (integers arrive as strings). */
export function validateHeader(schema: Schema, value: string): ErrorObject[] {
  const typed = schema.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
  return validate(schema, typed);
}
