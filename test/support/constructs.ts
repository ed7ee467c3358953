/**
 * The constructs a spec can use, each recognised in the pipeline's own model, so a test can
 * list which operations of a spec carry which construct, and which constructs it lacks. The
 * construct fixture (test/fixtures/constructs/) must carry every one of them.
 */
import { unescapePointerFragment } from "@redocly/openapi-core";
import {
  HTTP_METHODS,
  operationsOf,
  type MediaType,
  type OperationEntry,
  type Parameter,
  type Schema,
  type Spec,
  type SpecModel,
} from "../../pipeline/openapi-model.ts";

type Json = Record<string, unknown>;

/** The node `node` refers to in `doc` (a local `#/...` pointer), or `node` itself when it is not a reference. */
export function target(doc: Json, node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== "string") return node;
  return ref
    .slice(2)
    .split("/")
    .reduce<Json>((at, part) => at[unescapePointerFragment(part)] as Json, doc);
}

export interface ReferencedHeader {
  operationId: string;
  status: string;
  name: string;
  /** The referenced header's own `required`. */
  required: boolean;
}

/** Every response header a bundled spec writes as a `$ref`, with the referenced header's `required`. */
export function referencedHeaders(bundled: Json): ReferencedHeader[] {
  const found: ReferencedHeader[] = [];
  for (const item of Object.values(bundled.paths as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        for (const [name, header] of Object.entries((target(bundled, response).headers ?? {}) as Record<string, Json>)) {
          if (typeof header.$ref !== "string") continue;
          found.push({ operationId: operation.operationId as string, status, name, required: target(bundled, header).required === true });
        }
      }
    }
  }
  return found;
}

interface Subject extends OperationEntry {
  spec: Spec;
  /** The `$ref`'d response headers of this operation. */
  headers: ReferencedHeader[];
}

interface Construct {
  name: string;
  holds: (subject: Subject) => boolean;
}

const LOCATIONS = ["path", "query", "header", "cookie"] as const;
const DEFAULT_STYLE: Record<string, string> = { path: "simple", query: "form", header: "simple", cookie: "form" };
const styleOf = (p: Parameter) => p.style ?? DEFAULT_STYLE[p.in ?? ""]!;
// OpenAPI: explode defaults to true for the form style, false for every other.
const explodeOf = (p: Parameter) => p.explode ?? styleOf(p) === "form";
const shapeOf = (schema: Schema | undefined) =>
  schema?.type === "array" ? "array" : schema?.type === "object" || schema?.properties ? "object" : "primitive";

const requestMedia = ({ operation }: Subject): [string, MediaType][] => Object.entries(operation.requestBody?.content ?? {});
const responseMedia = ({ operation }: Subject, status: (code: string) => boolean = () => true): [string, MediaType][] =>
  Object.entries(operation.responses ?? {})
    .filter(([code]) => status(code))
    .flatMap(([, response]) => Object.entries(response.content ?? {}));
const success = (code: string) => /^2/.test(code);

/** Every schema reachable from `roots`, each once. */
function schemasUnder(roots: (Schema | undefined)[]): Schema[] {
  const seen = new Set<Schema>();
  const visit = (schema: unknown) => {
    if (!schema || typeof schema !== "object" || seen.has(schema as Schema)) return;
    seen.add(schema as Schema);
    const s = schema as Schema;
    for (const child of [
      s.items,
      s.additionalProperties,
      ...Object.values(s.properties ?? {}),
      ...(s.oneOf ?? []),
      ...(s.anyOf ?? []),
      ...(s.allOf ?? []),
    ])
      visit(child);
  };
  roots.forEach(visit);
  return [...seen];
}
const schemasOf = (subject: Subject) =>
  schemasUnder([
    ...subject.parameters.map((p) => p.schema),
    ...requestMedia(subject).map(([, media]) => media.schema),
    ...responseMedia(subject).map(([, media]) => media.schema),
  ]);
const typesOf = (schema: Schema) => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

const discriminated = (media: [string, MediaType][]) =>
  media.some(([, { schema }]) => schema?.oneOf && schema.discriminator && Object.keys(schema.discriminator.mapping ?? {}).length > 0);

function schemesOf({ spec, operation }: Subject): string[] {
  const requirements = operation.security ?? spec.security ?? [];
  return requirements.flatMap((requirement) =>
    Object.keys(requirement).map((name) => {
      const scheme = spec.components?.securitySchemes?.[name] as { type: string; scheme?: string; in?: string } | undefined;
      return scheme?.type === "http" ? `http ${scheme.scheme?.toLowerCase()}` : `${scheme?.type} in ${scheme?.in}`;
    }),
  );
}

const parameterConstructs: Construct[] = [
  ...(
    [
      ["path", "simple"],
      ["path", "label"],
      ["path", "matrix"],
      ["query", "form"],
      ["header", "simple"],
      ["cookie", "form"],
    ] as const
  ).flatMap(([where, style]) =>
    [false, true].map((explode) => ({
      name: `${where} parameter, ${style} style, explode ${explode}`,
      holds: (s: Subject) => s.parameters.some((p) => p.in === where && styleOf(p) === style && explodeOf(p) === explode),
    })),
  ),
  ...(
    [
      ["spaceDelimited", false],
      ["pipeDelimited", false],
      ["deepObject", true],
    ] as const
  ).map(([style, explode]) => ({
    name: `query parameter, ${style} style, explode ${explode}`,
    holds: (s: Subject) => s.parameters.some((p) => p.in === "query" && styleOf(p) === style && explodeOf(p) === explode),
  })),
  ...LOCATIONS.flatMap((where) =>
    (["primitive", "array", "object"] as const).map((shape) => ({
      name: `${where} parameter with ${shape === "primitive" ? "a primitive" : `an ${shape}`} value`,
      holds: (s: Subject) => s.parameters.some((p) => p.in === where && shapeOf(p.schema) === shape),
    })),
  ),
  { name: "query parameter with allowReserved", holds: (s) => s.parameters.some((p) => p.in === "query" && p.allowReserved === true) },
  { name: "required header parameter", holds: (s) => s.parameters.some((p) => p.in === "header" && p.required === true) },
  { name: "optional header parameter", holds: (s) => s.parameters.some((p) => p.in === "header" && !p.required) },
  {
    name: "POST with a required Idempotency-Key header and an optional JSON body, answering 204",
    holds: (s) =>
      s.method === "post" &&
      s.parameters.some((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key" && p.required === true) &&
      s.operation.requestBody?.required !== true &&
      s.operation.requestBody?.content["application/json"] !== undefined &&
      s.operation.responses?.["204"] !== undefined,
  },
];

const bodyConstructs: Construct[] = [
  { name: "application/json request body", holds: (s) => requestMedia(s).some(([type]) => type === "application/json") },
  { name: "+json request body", holds: (s) => requestMedia(s).some(([type]) => /^application\/[\w.-]+\+json$/.test(type)) },
  {
    name: "application/x-www-form-urlencoded request body",
    holds: (s) => requestMedia(s).some(([type]) => type === "application/x-www-form-urlencoded"),
  },
  {
    name: "multipart/form-data request body with a binary part",
    holds: (s) =>
      requestMedia(s).some(
        ([type, { schema }]) =>
          type === "multipart/form-data" &&
          Object.values(schema?.properties ?? {}).some((p) => p.type === "string" && p.contentMediaType === "application/octet-stream"),
      ),
  },
  { name: "application/octet-stream request body", holds: (s) => requestMedia(s).some(([type]) => type === "application/octet-stream") },
  { name: "text/plain request body", holds: (s) => requestMedia(s).some(([type]) => type === "text/plain") },
  {
    name: "JSON array request body",
    holds: (s) => requestMedia(s).some(([type, { schema }]) => /json$/.test(type) && schema?.type === "array"),
  },
];

/** The schemas of every object property reachable from the operation. */
const propertiesOf = (s: Subject) => schemasOf(s).flatMap((schema) => Object.values(schema.properties ?? {}));
const propertyConstructs: Construct[] = [
  ...(["integer", "number", "boolean", "null"] as const).map((type) => ({
    name: `property of type ${type}`,
    holds: (s: Subject) => propertiesOf(s).some((schema) => typesOf(schema).length === 1 && typesOf(schema)[0] === type),
  })),
  {
    name: "property of a nullable type array (a type and null)",
    holds: (s) => propertiesOf(s).some((schema) => Array.isArray(schema.type) && schema.type.includes("null") && schema.type.length > 1),
  },
  { name: "enum", holds: (s) => schemasOf(s).some((schema) => Array.isArray(schema.enum)) },
];

const responseConstructs: Construct[] = [
  { name: "application/pdf response", holds: (s) => responseMedia(s, success).some(([type]) => type === "application/pdf") },
  { name: "text/plain response", holds: (s) => responseMedia(s, success).some(([type]) => type === "text/plain") },
  { name: "text/csv response", holds: (s) => responseMedia(s, success).some(([type]) => type === "text/csv") },
  {
    name: "204 response without a body",
    holds: (s) => s.operation.responses?.["204"] !== undefined && !s.operation.responses["204"].content,
  },
  { name: "only a default response", holds: (s) => Object.keys(s.operation.responses ?? {}).join() === "default" },
  { name: "2XX range response", holds: (s) => Object.keys(s.operation.responses ?? {}).includes("2XX") },
  {
    name: "application/problem+json error response",
    holds: (s) => responseMedia(s, (code) => /^[45]/.test(code)).some(([type]) => type === "application/problem+json"),
  },
  { name: "oneOf with a discriminator mapping in a request body", holds: (s) => discriminated(requestMedia(s)) },
  { name: "oneOf with a discriminator mapping in a response", holds: (s) => discriminated(responseMedia(s, success)) },
  { name: "$ref'd optional response header", holds: (s) => s.headers.some((h) => !h.required) },
  { name: "$ref'd required response header", holds: (s) => s.headers.some((h) => h.required) },
  {
    name: "Link header on a paginated list",
    holds: (s) =>
      s.method === "get" &&
      s.parameters.some((p) => p.in === "query") &&
      Object.entries(s.operation.responses ?? {}).some(
        ([code, response]) => success(code) && Object.keys(response.headers ?? {}).some((name) => name.toLowerCase() === "link"),
      ),
  },
];

const securityConstructs: Construct[] = [
  ...["http bearer", "http basic", "apiKey in header", "apiKey in query", "apiKey in cookie"].map((scheme) => ({
    name: `security scheme: ${scheme}`,
    holds: (s: Subject) => schemesOf(s).includes(scheme),
  })),
  { name: "security: [] (no credentials)", holds: (s) => Array.isArray(s.operation.security) && s.operation.security.length === 0 },
];

export const CONSTRUCTS: Construct[] = [
  ...parameterConstructs,
  ...bodyConstructs,
  ...propertyConstructs,
  ...responseConstructs,
  ...securityConstructs,
];

/** Each construct's name → the operationIds of `model` that carry it ([] when none does), in CONSTRUCTS order. */
export function constructsIn({ bundled, resolved }: SpecModel): Map<string, string[]> {
  const headers = referencedHeaders(bundled as unknown as Json);
  const subjects = operationsOf(resolved).map((entry) => ({
    ...entry,
    spec: resolved,
    headers: headers.filter((h) => h.operationId === entry.operation.operationId),
  }));
  return new Map(
    CONSTRUCTS.map(({ name, holds }) => [name, subjects.filter((subject) => holds(subject)).map((s) => s.operation.operationId!)]),
  );
}
