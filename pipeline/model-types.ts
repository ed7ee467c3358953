/**
 * The operation model's types: what `pnpm generate` computes once per operation
 * (pipeline/operation-model.ts) and writes into generated/ as `operationModel`. Types only, with
 * no import: this file is also copied as it is into generated/model.d.ts, so that the packages
 * read the model with the same types the pipeline writes it with.
 */

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) without its documentation members. */
export type JsonSchema = { [keyword: string]: unknown };

export type ParameterLocation = "path" | "query" | "header" | "cookie";
export type ParameterStyle = "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
/** How a body or an answer is carried: parsed JSON, a string, bytes (`Blob`), a form, or nothing. */
export type ContentKind = "json" | "problem" | "form" | "multipart" | "text" | "binary";
export type ResponseKind = ContentKind | "none";

export interface ModelParameter {
  name: string;
  in: ParameterLocation;
  /** The spec's style, or the location's default (OpenAPI 3.1 §4.8.12.4): simple for path and header, form for query and cookie. */
  style: ParameterStyle;
  /** The spec's explode, or its default: true for form, false for every other style. */
  explode: boolean;
  allowReserved: boolean;
  /** Always true for a path parameter. */
  required: boolean;
  deprecated: boolean;
  /** The value's shape, from the schema's type: what the serializers branch on. */
  shape: "primitive" | "array" | "object";
  schema: JsonSchema;
  /** The parameter's example (its `example`, its first `examples` entry, or its schema's), for the mocks and the contract suite. */
  example?: unknown;
}

export interface ModelContent {
  mediaType: string;
  kind: ContentKind;
  /** A request body's schema; left out of responses (generated/openapi.json has them). */
  schema?: JsonSchema;
  /** Named examples (`example` alone is named "example"), values only, in the spec's order. */
  examples: Record<string, unknown>;
  /**
   * A JSON answer without examples: the value Prism's static mode generates from its schema
   * (pipeline/schema-sample.ts), which the stateful mock answers in their place.
   */
  sample?: unknown;
  /** The Encoding Object of a form or multipart body, by property. */
  encoding?: Record<string, { contentType?: string; style?: ParameterStyle; explode?: boolean; allowReserved?: boolean }>;
}

export interface ModelBody {
  required: boolean;
  /** In the spec's order: the first is what the client sends. */
  contents: ModelContent[];
}

export interface ModelHeader {
  name: string;
  required: boolean;
  schema?: JsonSchema;
  /** The header's example (its `example`, first `examples` entry, or its schema's), for the mocks. */
  example?: unknown;
}

export interface ModelResponse {
  /** As the spec writes it: "200", "2XX" or "default". */
  status: string;
  /** The first content's kind, or "none" when the response has no body. */
  kind: ResponseKind;
  contents: ModelContent[];
  headers: ModelHeader[];
}

/** One scheme of a requirement, with the scopes it asks for. */
export interface ModelRequirement {
  scheme: string;
  scopes: string[];
}

export interface ModelScheme {
  type: "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** For `http`: the scheme, lower case (`bearer`, `basic`, ...). */
  scheme?: string;
  /** For `apiKey`: where the key travels and under which name. */
  in?: "header" | "query" | "cookie";
  name?: string;
  /** What the client sends: a bearer token (http bearer, oauth2, openIdConnect), basic credentials, or an API key. */
  credential: "bearer" | "basic" | "apiKey";
}

export interface ModelOperation {
  operationId: string;
  /** Upper case. */
  method: string;
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  tags: string[];
  /** GET or HEAD (RFC 9110 §9.2.1): repeating it cannot change anything. */
  safe: boolean;
  /** Path parameters first, in the order the path names them; then the others in the spec's order. */
  parameters: ModelParameter[];
  body: ModelBody | null;
  /** Written-out statuses ascending, then ranges (`2XX`) and `default` in the spec's order, as JSON keys come. */
  responses: ModelResponse[];
  /** Alternatives: any one requirement satisfied is enough; `[]` requires nothing. */
  security: ModelRequirement[][];
  /** The name of the operation's `Idempotency-Key` header parameter, when it declares one. */
  idempotencyKey: string | null;
}

export interface OperationModel {
  /** The spec's first server; "/" when it lists none (OpenAPI 3.1 §4.8.1.1). */
  serverUrl: string;
  operations: Record<string, ModelOperation>;
  securitySchemes: Record<string, ModelScheme>;
}
