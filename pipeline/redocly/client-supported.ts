/**
 * Lint rule `hostup/client-supported`: every construct the spec uses is one the generated
 * client carries to the wire as OpenAPI says, or the spec is refused here, at the construct's
 * file and line, naming it. Without this, `pnpm generate` would drop a header parameter from
 * a method's signature, send a query array in another style than the spec's, refuse every
 * valid integer, or fail to compile on a PDF response, and nobody would be told why.
 *
 * What the client carries today: path parameters of type string in the simple style; query
 * parameters of primitive or array type in the form style, exploded (openapi-fetch's
 * serialization), and objects only as deepObject; one JSON request body (`application/json`
 * or `+json`) that is an object whose properties are strings, numbers or booleans; 2xx
 * answers that are JSON or empty, with at least one 2xx status written out; and credentials
 * as a bearer token (HTTP `bearer`) or a session cookie (`apiKey` in a cookie). A document no
 * client is generated from (the mock's control API) says so with `x-generated-client: false`.
 */
import type { UserContext } from "@redocly/openapi-core";

type Json = Record<string, unknown>;

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
const PROPERTY_TYPES = new Set(["string", "number", "boolean"]);

const resolved = (node: unknown, { resolve }: UserContext): Json | undefined =>
  node && typeof node === "object" ? (resolve(node as never).node as Json | undefined) : undefined;

/** Why the client cannot send `parameter` as the spec describes it; undefined when it can. */
export function parameterProblem(parameter: Json, schema: Json | undefined): string | undefined {
  const where = parameter.in as string;
  if (where === "header" || where === "cookie") return `is a ${where} parameter, which the client's methods have no argument for`;
  if (parameter.content !== undefined) return "is described by `content` instead of `schema`, which the client cannot serialize";
  const type = schema?.type;
  if (where === "path") {
    if (type !== "string") return `is of type ${JSON.stringify(type ?? "any")}: the client sends path parameters as strings only`;
    return undefined;
  }
  if (where !== "query") return undefined;
  const style = (parameter.style as string | undefined) ?? "form";
  const explode = (parameter.explode as boolean | undefined) ?? style === "form";
  if (parameter.allowReserved === true) return "has `allowReserved`, which the client does not apply per parameter";
  if (type === "object" || schema?.properties !== undefined) {
    return style === "deepObject" ? undefined : `is an object in the ${style} style; the client sends query objects as deepObject only`;
  }
  if (style !== "form" || !explode) {
    return `is in the ${style} style${explode ? "" : " without explode"}; the client sends query parameters in the form style, exploded`;
  }
  if (type !== undefined && !["string", "number", "integer", "boolean", "array"].includes(type as string)) {
    return `is of type ${JSON.stringify(type)}, which the client cannot serialize`;
  }
  return undefined;
}

/** Why the client cannot check and send a JSON body of `schema`; undefined when it can. */
export function bodySchemaProblem(schema: Json | undefined, property: (name: string) => Json | undefined): string | undefined {
  if (schema?.type !== "object" || typeof schema.properties !== "object") {
    return `is not an object with \`properties\` (${schema?.type === undefined ? "no type" : `type ${JSON.stringify(schema.type)}`}); the client checks and sends object bodies only`;
  }
  for (const name of Object.keys(schema.properties as Json)) {
    const type = property(name)?.type;
    if (!PROPERTY_TYPES.has(type as string)) {
      return `has property \`${name}\` of type ${JSON.stringify(type ?? "any")}; the client's input check knows string, number and boolean, and would refuse every valid value of another`;
    }
  }
  return undefined;
}

export function ClientSupported() {
  let applies = true;
  // Each visitor below is skipped when the document says no client is generated from it.
  const when =
    <T>(visit: (node: T, context: UserContext) => void) =>
    (node: T, context: UserContext) => {
      if (applies) visit(node, context);
    };
  return {
    Root: {
      enter(root: Json) {
        applies = root["x-generated-client"] !== false;
      },
    },
    Parameter: when((parameter: Json, context: UserContext) => {
      const problem = parameterProblem(parameter, resolved(parameter.schema, context));
      if (problem) {
        context.report({
          message: `Parameter \`${String(parameter.name)}\` ${problem}; @hostup/billing-client does not support it yet.`,
          location: context.location.child(["in"]),
        });
      }
    }),
    RequestBody: when((body: Json, context: UserContext) => {
      const content = (body.content ?? {}) as Record<string, Json>;
      for (const [mediaType, media] of Object.entries(content)) {
        const at = context.location.child(["content", mediaType]);
        if (!JSON_MEDIA.test(mediaType)) {
          context.report({
            message: `Request body media type \`${mediaType}\` is not supported by @hostup/billing-client yet: it sends JSON bodies only.`,
            location: at.key(),
          });
          continue;
        }
        const schema = resolved(media.schema, context);
        const properties = (schema?.properties ?? {}) as Record<string, unknown>;
        const problem = bodySchemaProblem(schema, (name) => resolved(properties[name], context));
        if (problem) context.report({ message: `The JSON request body ${problem}.`, location: at.child(["schema"]) });
      }
    }),
    Operation: when((operation: Json, context: UserContext) => {
      const statuses = Object.keys((operation.responses ?? {}) as Json);
      if (!statuses.some((status) => /^2\d\d$/.test(status))) {
        context.report({
          message: `Operation \`${String(operation.operationId)}\` documents no 2xx status (${statuses.join(", ") || "none"}); @hostup/billing-client needs one written out (not \`2XX\` or \`default\`) to type and read its answer.`,
          location: context.location.child(["responses"]).key(),
        });
      }
    }),
    Response: when((response: Json, context: UserContext) => {
      if (!/^2\d\d$/.test(String(context.key))) return;
      for (const mediaType of Object.keys((response.content ?? {}) as Json)) {
        if (JSON_MEDIA.test(mediaType)) continue;
        context.report({
          message: `Response ${String(context.key)} media type \`${mediaType}\` is not supported by @hostup/billing-client yet: it reads JSON or empty answers only.`,
          location: context.location.child(["content", mediaType]).key(),
        });
      }
    }),
    SecurityScheme: when((scheme: Json, context: UserContext) => {
      const bearer = scheme.type === "http" && String(scheme.scheme).toLowerCase() === "bearer";
      const cookie = scheme.type === "apiKey" && scheme.in === "cookie";
      if (bearer || cookie) return;
      context.report({
        message: `Security scheme of type \`${String(scheme.type)}\`${scheme.in ? ` in ${String(scheme.in)}` : ""}${scheme.scheme ? ` (${String(scheme.scheme)})` : ""} is not supported by @hostup/billing-client yet: it sends a bearer token or a session cookie only.`,
        location: context.location.child(["type"]),
      });
    }),
  };
}
