/**
 * One operation's request validators, compiled with Ajv (JSON Schema 2020-12, the mock's
 * formats) from the operation model: its parameters' schemas by location and its body's
 * schema. The documents are laid out as openapi-backend lays them out (`/path/id`,
 * `/query/name`, `/requestBody/member`), so a refusal's instance path names the parameter or
 * the member. Parameters arrive as strings in their style's shape (request-parameters.ts):
 * their validator coerces them to the schema's types, in place, so behaviour gets typed values.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { JsonSchema, ModelOperation } from "@hostup/billing-openapi";
import { addMockFormats } from "./formats.ts";

export interface RequestValidators {
  /** Validates `{ path, query, header, cookie }`, coercing values to their schemas' types in place. */
  parameters: ValidateFunction;
  /**
   * Validates `{ requestBody }` for a body of `mediaType` (undefined: none was sent, which only
   * a required body refuses); undefined when there is nothing to check.
   */
  body(mediaType: string | undefined): ValidateFunction | undefined;
}

// Shared by every route: Ajv caches nothing between these documents, and one instance keeps its compiled formats.
let parameterAjv: Ajv2020 | undefined;
let bodyAjv: Ajv2020 | undefined;

function ajvOf(coerce: boolean): Ajv2020 {
  // strict false: a spec's schemas may carry OpenAPI's own keywords (`discriminator`, `xml`) beside JSON Schema's.
  // "array": a form field sent once is an array of one where the schema wants an array.
  const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: coerce ? "array" : false });
  addMockFormats(ajv);
  return ajv;
}

/** Validators for `operation`'s requests, compiled now. */
export function compileRequestValidators(operation: ModelOperation, credentialNames: ReadonlySet<string> = new Set()): RequestValidators {
  const location = (additional: boolean) => ({
    type: "object",
    additionalProperties: additional,
    properties: {} as Record<string, JsonSchema>,
    required: [] as string[],
  });
  const locations = { path: location(false), query: location(false), header: location(true), cookie: location(true) };
  const required = new Set<string>();
  for (const parameter of operation.parameters) {
    const target = locations[parameter.in];
    const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
    target.properties[name] = parameter.schema;
    if (parameter.required) {
      target.required.push(name);
      required.add(parameter.in);
    }
  }
  // An API key sent in the query is a credential, not an unknown parameter.
  for (const name of credentialNames) locations.query.properties[name] ??= {};
  parameterAjv ??= ajvOf(true);
  const parameters = parameterAjv.compile({ type: "object", properties: locations, required: [...required] });
  const bodies = new Map<string, ValidateFunction | undefined>();
  return {
    parameters,
    body(mediaType) {
      const key = mediaType ?? "";
      if (bodies.has(key)) return bodies.get(key);
      if (mediaType === undefined) {
        const validate = operation.body?.required
          ? (bodyAjv ??= ajvOf(false)).compile({ type: "object", required: ["requestBody"] })
          : undefined;
        bodies.set(key, validate);
        return validate;
      }
      const content = operation.body?.contents.find((c) => c.mediaType.toLowerCase() === mediaType);
      let validate: ValidateFunction | undefined;
      // Text and bytes have no JSON value to hold to a schema; a form's fields are strings, coerced as parameters are.
      if (content?.schema && content.kind !== "text" && content.kind !== "binary") {
        const ajv = content.kind === "form" || content.kind === "multipart" ? (parameterAjv ??= ajvOf(true)) : (bodyAjv ??= ajvOf(false));
        validate = ajv.compile({ type: "object", properties: { requestBody: content.schema }, required: ["requestBody"] });
      }
      bodies.set(key, validate);
      return validate;
    },
  };
}
