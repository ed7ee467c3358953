/**
 * Custom answers a scenario may carry: a body (and headers) for a documented status of an
 * operation, held to that status's response schema in the bundled spec, as MSW's
 * `HttpResponse.json<T>()` overrides are held to their type. The check runs when the
 * scenario is queued, synchronously, so it compiles from the bundled spec itself rather
 * than waiting for the routes: the spec is one Ajv resource and each status's schema a
 * `$ref` into it, so Ajv resolves the spec's own `$ref`s and nothing here walks them.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { operationMetadata, type operations } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import type { OperationId } from "./contract.ts";
import { addMockFormats } from "./formats.ts";

type Responses<K extends OperationId> = operations[K]["responses"];
type BodyOf<R> = R extends { content: infer C } ? C[keyof C] : never;

/** The body the spec documents for status S of operation K: what a custom answer's `body` must be. */
export type ResponseBody<K extends OperationId, S extends number> = S extends keyof Responses<K> ? BodyOf<Responses<K>[S]> : never;

/** One refused member of a custom body: a JSON pointer inside the body and a sentence. */
export interface BodyProblem {
  pointer: string;
  detail: string;
}

const SPEC_ID = "urn:hostup:billing-openapi";
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction | null>();

/** The path of a response object in the bundled spec: a response given by `$ref` is read where it points. */
function responsePointer(operationId: OperationId, status: number): string | undefined {
  const { method, path } = operationMetadata[operationId];
  const operation = (spec.paths as Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>>)[path]?.[
    method.toLowerCase()
  ];
  const response = operation?.responses?.[String(status)];
  if (!response) return undefined;
  const escaped = path.replaceAll("~", "~0").replaceAll("/", "~1");
  return response.$ref ?? `#/paths/${escaped}/${method.toLowerCase()}/responses/${status}`;
}

/** The compiled schema of the first media type of a documented status's body; null when that status has no body. */
function validatorFor(operationId: OperationId, status: number): ValidateFunction | null | undefined {
  const key = `${operationId} ${status}`;
  if (validators.has(key)) return validators.get(key);
  const pointer = responsePointer(operationId, status);
  if (!pointer) return undefined;
  const response = resolve(pointer) as { content?: Record<string, { schema?: unknown }> };
  const mediaType = Object.keys(response.content ?? {})[0];
  let validate: ValidateFunction | null = null;
  if (mediaType !== undefined && response.content?.[mediaType]?.schema !== undefined) {
    if (!ajv) {
      // OpenAPI's own keywords beside JSON Schema's (`example`, `discriminator`) are not errors here.
      ajv = new Ajv2020({ allErrors: true, strict: false });
      addMockFormats(ajv);
      ajv.addSchema(spec as object, SPEC_ID);
    }
    validate = ajv.compile({ $ref: `${SPEC_ID}${pointer}/content/${mediaType.replaceAll("~", "~0").replaceAll("/", "~1")}/schema` });
  }
  validators.set(key, validate);
  return validate;
}

/** The object at a `#/...` pointer of the bundled spec (response objects only: one level, no `$ref` chain). */
function resolve(pointer: string): unknown {
  let at: unknown = spec;
  for (const part of pointer.slice(2).split("/")) {
    at = (at as Record<string, unknown>)[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return at;
}

/**
 * Why `body` is not a body the spec allows for `status` of `operationId`: [] when it is. A
 * status the operation does not document, or one without a body, is a problem at the root.
 */
export function customBodyProblems(operationId: OperationId, status: number, body: unknown): BodyProblem[] {
  const validate = validatorFor(operationId, status);
  if (validate === undefined) return [{ pointer: "", detail: `${operationId} does not document status ${status}.` }];
  if (validate === null) return [{ pointer: "", detail: `Status ${status} of ${operationId} has no body in the spec.` }];
  if (validate(body)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): BodyProblem {
  if (error.keyword === "required") {
    const member = String(error.params.missingProperty);
    return { pointer: `${error.instancePath}/${member.replaceAll("~", "~0").replaceAll("/", "~1")}`, detail: `\`${member}\` is required.` };
  }
  if (error.keyword === "additionalProperties") {
    const member = String(error.params.additionalProperty);
    return {
      pointer: `${error.instancePath}/${member.replaceAll("~", "~0").replaceAll("/", "~1")}`,
      detail: `\`${member}\` is not a member the spec allows.`,
    };
  }
  const name = error.instancePath === "" ? "The body" : `\`${error.instancePath.slice(1)}\``;
  return { pointer: error.instancePath, detail: `${name} ${error.message ?? "is invalid"}.` };
}
