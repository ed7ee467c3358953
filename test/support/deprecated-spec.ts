/**
 * Specs with deprecated parts, built from a bundled spec: nothing in spec/ is deprecated, so
 * the lifecycle (lint, guard, client, mocks) is tested on these. A deprecated operation
 * declares the `Deprecation` and `Sunset` response headers on its 2xx answers, as
 * `hostup/deprecation-headers` asks, from header components added here.
 */
import type { Oas3_1Definition } from "@redocly/openapi-core";

type Node = Record<string, unknown>;

/** The reusable headers a deprecated operation refers to. */
export const DEPRECATION_HEADERS = {
  Deprecation: {
    description: "RFC 9745: when the operation was deprecated, `@` and Unix seconds; `@0` when the spec gives no date.",
    required: true,
    schema: { type: "string", pattern: "^@-?[0-9]{1,15}$" },
    example: "@0",
  },
  Sunset: {
    description: "RFC 8594: the HTTP-date on or after which the operation may be removed.",
    required: true,
    schema: { type: "string" },
    example: "Wed, 30 Jun 2027 00:00:00 GMT",
  },
};

function operationById(spec: Oas3_1Definition, operationId: string): Node {
  for (const item of Object.values(spec.paths ?? {}) as Node[]) {
    for (const operation of Object.values(item)) {
      if ((operation as Node | undefined)?.operationId === operationId) return operation as Node;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

const marks = (sunset: string | undefined) => ({ deprecated: true, ...(sunset ? { "x-sunset": sunset } : {}) });

/** `operationId` deprecated, with `sunset` when given, its 2xx answers declaring the headers. */
export function deprecateOperation(bundled: Oas3_1Definition, operationId: string, sunset?: string): Oas3_1Definition {
  const spec = structuredClone(bundled);
  const operation = operationById(spec, operationId);
  Object.assign(operation, marks(sunset));
  const components = ((spec as unknown as Node).components ??= {}) as Node;
  components.headers = { ...(components.headers as Node), ...DEPRECATION_HEADERS };
  const responses = operation.responses as Record<string, Node>;
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    if ("$ref" in response) throw new Error(`${operationId} ${status} is a $ref: give it its own response first`);
    response.headers = {
      ...(response.headers as Node),
      Deprecation: { $ref: "#/components/headers/Deprecation" },
      ...(sunset ? { Sunset: { $ref: "#/components/headers/Sunset" } } : {}),
    };
  }
  return spec;
}

/** Property `property` of schema component `schema` deprecated, with `sunset` when given. */
export function deprecateProperty(bundled: Oas3_1Definition, schema: string, property: string, sunset?: string): Oas3_1Definition {
  const spec = structuredClone(bundled);
  const properties = (spec.components!.schemas![schema] as { properties: Record<string, Node> }).properties;
  properties[property] = { ...properties[property], ...marks(sunset) };
  return spec;
}

/** Parameter `name` of `operationId` (given inline in the operation) deprecated, with `sunset` when given. */
export function deprecateParameter(bundled: Oas3_1Definition, operationId: string, name: string, sunset?: string): Oas3_1Definition {
  const spec = structuredClone(bundled);
  const parameter = (operationById(spec, operationId).parameters as Node[]).find((p) => p.name === name);
  if (!parameter) throw new Error(`${operationId} has no inline parameter ${name}`);
  Object.assign(parameter, marks(sunset));
  return spec;
}
