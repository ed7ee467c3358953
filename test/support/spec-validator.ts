/**
 * Ajv 2020 over one resolved spec: the schema of an operation's answer for a status and media
 * type, looked up where the spec writes it, and each answer checked against it. The model
 * leaves response schemas out on purpose (pipeline/operation-model.ts), so this is the one
 * place the contract suite reads them, for HostUp's spec or a grown copy of it alike.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { JsonSchema, ModelOperation } from "@hostup/billing-openapi";
import type { Spec } from "../../pipeline/openapi-model.ts";

export interface SpecValidator {
  /** The schema of the operation's `status` answer in `mediaType`; undefined when it has none. */
  schemaOf(operation: ModelOperation, status: string, mediaType: string): JsonSchema | undefined;
  /** Ajv's errors for `data` against `schema`; none when there is no schema. */
  validate(schema: JsonSchema | undefined, data: unknown): ErrorObject[];
  /** A header's wire value against its schema: integers and numbers arrive as text. */
  validateHeader(schema: JsonSchema | undefined, value: string): ErrorObject[];
}

export function specValidator(resolved: Spec): SpecValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  // OpenAPI's own schema keywords: annotations to a validator, unknown to strict Ajv.
  ajv.addVocabulary(["discriminator", "xml", "externalDocs", "example"]);
  const compiled = new WeakMap<object, ValidateFunction>();
  const validate = (schema: JsonSchema | undefined, data: unknown): ErrorObject[] => {
    if (!schema) return [];
    const check = compiled.get(schema) ?? ajv.compile(schema);
    compiled.set(schema, check);
    return check(data) ? [] : [...(check.errors ?? [])];
  };
  return {
    schemaOf(operation, status, mediaType) {
      const item = resolved.paths?.[operation.path] as Record<
        string,
        { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }
      >;
      return item?.[operation.method.toLowerCase()]?.responses?.[status]?.content?.[mediaType]?.schema as JsonSchema | undefined;
    },
    validate,
    validateHeader(schema, value) {
      const numeric = (schema?.type === "integer" || schema?.type === "number") && /^-?\d+(\.\d+)?$/.test(value);
      return validate(schema, numeric ? Number(value) : value);
    },
  };
}
