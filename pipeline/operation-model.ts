/**
 * The operation model: what every step downstream of spec/ knows about each operation,
 * computed once here from the resolved spec and written into generated/ (`operationModel`).
 * The client's table, the renderers, both mocks and the contract suite read it; none of them
 * walks the spec's parameters, bodies, responses or security again.
 *
 * Every value is plain JSON, so generated/index.js can hold it as a literal. A construct the
 * model cannot represent faithfully throws UnsupportedConstructError (operation, construct,
 * file); the lint rule `hostup/client-supported` refuses the same constructs earlier, at
 * their line, so a spec normally never gets this far with one.
 */
import type {
  ContentKind,
  JsonSchema,
  ModelContent,
  ModelOperation,
  ModelParameter,
  ModelScheme,
  OperationModel,
  ParameterLocation,
  ParameterStyle,
} from "./model-types.ts";
import { HTTP_METHODS, type MediaType, type Parameter, type PathItem, type Spec } from "./openapi-model.ts";
import { schemaSample } from "./schema-sample.ts";

export type * from "./model-types.ts";

/** A construct the pipeline does not carry, named with its operation and the file it is in. */
export class UnsupportedConstructError extends Error {
  override name = "UnsupportedConstructError";
  readonly operation: string;
  readonly construct: string;
  readonly file: string;
  constructor(operation: string, construct: string, file: string) {
    super(`${operation}: ${construct} is not supported by the pipeline (${file}); change the spec or see README "Changing the spec"`);
    this.operation = operation;
    this.construct = construct;
    this.file = file;
  }
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
const PROBLEM_MEDIA = /^application\/problem\+json$/i;
const TEXT_MEDIA = /^(text\/[\w.+-]+|application\/([\w.-]+\+)?xml)$/i;
const PATH_STYLES = new Set(["simple", "label", "matrix"]);
const QUERY_STYLES = new Set(["form", "spaceDelimited", "pipeDelimited", "deepObject"]);

/** How a body or answer of `mediaType` is carried. */
export function contentKind(mediaType: string): ContentKind {
  const type = mediaType.split(";")[0]!.trim();
  if (PROBLEM_MEDIA.test(type)) return "problem";
  if (JSON_MEDIA.test(type)) return "json";
  if (/^application\/x-www-form-urlencoded$/i.test(type)) return "form";
  if (/^multipart\//i.test(type)) return "multipart";
  if (TEXT_MEDIA.test(type)) return "text";
  return "binary";
}

/**
 * The model of every operation of `spec`, in document order. `fileOf` names the file an
 * operation came from, for refusals (the bundle no longer knows it; the default names the path).
 */
export function operationModel(spec: Spec, fileOf: (path: string) => string = (path) => `the path item ${path}`): OperationModel {
  // Computed once per spec: every renderer of a `pnpm generate` run asks for the same one.
  let model = computed.get(spec);
  if (!model) computed.set(spec, (model = computeModel(spec, fileOf)));
  return model;
}

const computed = new WeakMap<Spec, OperationModel>();

function computeModel(spec: Spec, fileOf: (path: string) => string): OperationModel {
  // OpenAPI 3.1 §4.8.1.1: without `servers`, the server is "/".
  const serverUrl = spec.servers?.[0]?.url || "/";
  const securitySchemes: Record<string, ModelScheme> = {};
  for (const [name, scheme] of Object.entries(spec.components?.securitySchemes ?? {})) {
    securitySchemes[name] = modelScheme(name, scheme as unknown as Record<string, string>);
  }
  const operations: Record<string, ModelOperation> = {};
  for (const [path, item] of Object.entries(spec.paths ?? {}) as [string, PathItem][]) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const operationId = operation.operationId ?? `${method.toUpperCase()} ${path}`;
      const refuse = (construct: string): never => {
        throw new UnsupportedConstructError(operationId, construct, fileOf(path));
      };
      if (!operation.operationId) refuse("an operation without `operationId`");
      if (operations[operationId]) refuse(`a second operation with operationId \`${operationId}\``);
      if (operation.callbacks && Object.keys(operation.callbacks).length > 0) refuse("`callbacks`");
      const own = operation.parameters ?? [];
      const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      const parameters = [...inherited, ...own].map((parameter) => modelParameter(parameter, refuse));
      const order = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name!);
      for (const name of order) {
        if (!parameters.some((p) => p.in === "path" && p.name === name)) refuse(`path variable \`{${name}}\` without a path parameter`);
      }
      // The client takes query, header and cookie parameters in one object, by their spec names.
      const seen = new Map<string, string>();
      for (const parameter of parameters) {
        const where = seen.get(parameter.name);
        if (where && where !== parameter.in) refuse(`parameter name \`${parameter.name}\` used both in ${where} and in ${parameter.in}`);
        seen.set(parameter.name, parameter.in);
      }
      parameters.sort((a, b) => rank(a, order) - rank(b, order));
      const idempotency = parameters.find((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
      operations[operationId] = {
        operationId,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? "",
        description: operation.description ?? "",
        deprecated: operation.deprecated === true,
        tags: operation.tags ?? [],
        safe: method === "get" || method === "head",
        parameters,
        body: operation.requestBody
          ? {
              required: operation.requestBody.required === true,
              contents: Object.entries(operation.requestBody.content ?? {}).map(([type, media]) => modelContent(type, media)),
            }
          : null,
        responses: Object.entries(operation.responses ?? {}).map(([status, response]) => {
          // Without their schemas: an answer is validated against generated/openapi.json (Ajv), and
          // the schemas of every status of every operation would make the model as big as the spec.
          const contents = Object.entries(response.content ?? {}).map(([type, media]) => modelContent(type, media, false));
          return {
            status,
            kind: contents[0]?.kind ?? "none",
            contents,
            headers: Object.entries(response.headers ?? {}).map(([name, header]) => {
              const example = exampleOf(header as Parameter);
              return {
                name,
                required: header.required === true,
                ...(header.schema ? { schema: runtimeSchema(header.schema) } : {}),
                ...(example === undefined ? {} : { example }),
              };
            }),
          };
        }),
        security: (operation.security ?? spec.security ?? []).map((requirement) =>
          Object.entries(requirement).map(([scheme, scopes]) => {
            if (!securitySchemes[scheme]) refuse(`security scheme \`${scheme}\`, which components.securitySchemes does not declare`);
            return { scheme, scopes: [...scopes] };
          }),
        ),
        idempotencyKey: idempotency?.name ?? null,
      };
    }
  }
  return { serverUrl, operations, securitySchemes };
}

function rank(parameter: ModelParameter, order: string[]): number {
  return parameter.in === "path" ? order.indexOf(parameter.name) : order.length;
}

function modelParameter(parameter: Parameter, refuse: (construct: string) => never): ModelParameter {
  const where = parameter.in as ParameterLocation;
  const label = `${where} parameter \`${parameter.name}\``;
  if (parameter.content) refuse(`${label} described by \`content\` (give it a \`schema\` and a \`style\`)`);
  const schema = (parameter.schema ?? {}) as JsonSchema & { type?: string | string[]; properties?: unknown };
  const type = [schema.type].flat().find((t) => t !== "null");
  const shape = type === "array" ? "array" : type === "object" || (!type && schema.properties) ? "object" : "primitive";
  const style = (parameter.style ?? (where === "path" || where === "header" ? "simple" : "form")) as ParameterStyle;
  const allowed = where === "path" ? PATH_STYLES : where === "query" ? QUERY_STYLES : new Set([where === "header" ? "simple" : "form"]);
  if (!allowed.has(style)) refuse(`${label} in the \`${style}\` style, which OpenAPI does not define for ${where} parameters`);
  const explode = parameter.explode ?? style === "form";
  if (style === "deepObject" && (shape !== "object" || !explode)) refuse(`${label} in the deepObject style that is not an exploded object`);
  if ((style === "spaceDelimited" || style === "pipeDelimited") && shape === "primitive") {
    refuse(`${label} of a primitive type in the ${style} style, which OpenAPI defines for arrays and objects only`);
  }
  if ((style === "spaceDelimited" || style === "pipeDelimited") && shape === "object" && explode) {
    refuse(`${label}: an exploded object in the ${style} style, which OpenAPI leaves undefined`);
  }
  const example = exampleOf(parameter);
  return {
    name: parameter.name,
    in: where,
    style,
    explode,
    allowReserved: parameter.allowReserved === true,
    required: where === "path" || parameter.required === true,
    deprecated: parameter.deprecated === true,
    shape,
    schema: runtimeSchema(schema),
    ...(example === undefined ? {} : { example }),
  };
}

/** A parameter's or header's example: its `example`, its first `examples` entry, or its schema's. */
function exampleOf({ example, examples, schema }: Pick<Parameter, "example" | "examples" | "schema">): unknown {
  return example ?? Object.values(examples ?? {})[0]?.value ?? schema?.example ?? (schema?.examples as unknown[] | undefined)?.[0];
}

// What a schema says only to a reader: left out of the model, which every bundle and mock loads.
const DOCUMENTATION = new Set(["description", "title", "examples", "example", "externalDocs", "$comment"]);

/** `schema` without its documentation members, at every depth; a property named like one is kept. */
export function runtimeSchema(schema: unknown): JsonSchema {
  const strip = (node: unknown, properties = false): unknown => {
    if (Array.isArray(node)) return node.map((item) => strip(item));
    if (!node || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (properties) out[key] = strip(value);
      else if (!DOCUMENTATION.has(key)) out[key] = strip(value, key === "properties" || key === "patternProperties" || key === "$defs");
    }
    return out;
  };
  return strip(schema) as JsonSchema;
}

function modelContent(mediaType: string, media: MediaType, withSchema = true): ModelContent {
  const examples: Record<string, unknown> = {};
  if (media.example !== undefined) examples.example = media.example;
  for (const [name, example] of Object.entries(media.examples ?? {})) examples[name] = example.value;
  const kind = contentKind(mediaType);
  // An answer's body, never a request's: the mocks answer it when the spec gives no example.
  const sample =
    !withSchema && media.schema && Object.keys(examples).length === 0 && (kind === "json" || kind === "problem")
      ? schemaSample(media.schema)
      : undefined;
  const encoding = media.encoding
    ? Object.fromEntries(
        Object.entries(media.encoding).map(([name, { contentType, style, explode, allowReserved }]) => [
          name,
          {
            ...(contentType === undefined ? {} : { contentType }),
            ...(style === undefined ? {} : { style: style as ParameterStyle }),
            ...(explode === undefined ? {} : { explode }),
            ...(allowReserved === undefined ? {} : { allowReserved }),
          },
        ]),
      )
    : undefined;
  return {
    mediaType,
    kind,
    ...(media.schema && withSchema ? { schema: runtimeSchema(media.schema) } : {}),
    examples,
    ...(sample === undefined ? {} : { sample }),
    ...(encoding ? { encoding } : {}),
  };
}

function modelScheme(name: string, scheme: Record<string, string>): ModelScheme {
  const type = scheme.type as ModelScheme["type"];
  const refuse = (construct: string): never => {
    throw new UnsupportedConstructError("(document)", `security scheme \`${name}\`: ${construct}`, "components/securitySchemes");
  };
  if (type === "http") {
    const http = scheme.scheme?.toLowerCase();
    if (http === "bearer") return { type, scheme: http, credential: "bearer" };
    if (http === "basic") return { type, scheme: http, credential: "basic" };
    return refuse(`HTTP scheme \`${scheme.scheme}\` (the client sends bearer and basic credentials)`);
  }
  if (type === "apiKey") {
    const where = scheme.in as "header" | "query" | "cookie";
    if (!["header", "query", "cookie"].includes(where) || !scheme.name) refuse("an apiKey without `in` and `name`");
    return { type, in: where, name: scheme.name!, credential: "apiKey" };
  }
  // Both end in an access token that the client sends as a bearer token (RFC 6750): getting it
  // (the flow, the discovery document) is the application's business.
  if (type === "oauth2" || type === "openIdConnect") return { type, credential: "bearer" };
  return refuse(`type \`${String(type)}\` (a TLS client certificate is the fetch's business, not a request's)`);
}
