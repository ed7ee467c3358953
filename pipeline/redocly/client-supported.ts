/**
 * Lint rule `hostup/client-supported`: every construct the spec uses is one the generated
 * client carries to the wire as OpenAPI says, or the spec is refused here, at the construct's
 * file and line, naming it. Without this, `pnpm generate` would stop later, at the operation
 * model (pipeline/operation-model.ts), without a line, or a call would send something other
 * than what the spec describes.
 *
 * What the client carries: every parameter style OpenAPI 3.1 defines for each location
 * (path simple, label, matrix; query form, spaceDelimited, pipeDelimited, deepObject; header
 * simple; cookie form), exploded or not, with allowReserved, of primitives, arrays and flat
 * objects; request bodies as JSON, form-urlencoded, multipart (files as Blob), text or bytes,
 * with the Encoding Object's defaults; answers as JSON, text, bytes or nothing, on 2xx, 2XX or
 * default; credentials for HTTP bearer and basic, apiKey in a header, query or cookie, and
 * OAuth 2 / OpenID Connect access tokens (sent as bearer tokens).
 *
 * What it refuses: the constructs the operation model refuses (a parameter by `content`, a
 * style its location does not define, a deepObject that is not an exploded object, a
 * delimited style on a primitive or an exploded object, a name used in two locations of one
 * operation, `callbacks`, an HTTP scheme other than bearer and basic, mutual TLS), and what
 * the client still does not carry: array or object values nested in a parameter, a form or
 * multipart body that is not an object, an Encoding Object that changes a part's style or
 * headers, a header parameter that OpenAPI says to ignore (Accept, Content-Type,
 * Authorization), and an operation that documents no success answer. A document no client is
 * generated from (the mock's control API) says so with `x-generated-client: false`.
 */
import type { UserContext } from "@redocly/openapi-core";

type Json = Record<string, unknown>;

const FORM_MEDIA = /^(application\/x-www-form-urlencoded|multipart\/[\w.+-]+)$/i;
const STYLES: Record<string, string[]> = {
  path: ["simple", "label", "matrix"],
  query: ["form", "spaceDelimited", "pipeDelimited", "deepObject"],
  header: ["simple"],
  cookie: ["form"],
};
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const resolved = (node: unknown, { resolve }: UserContext): Json | undefined =>
  node && typeof node === "object" ? (resolve(node as never).node as Json | undefined) : undefined;

const typesOf = (schema: Json | undefined): string[] => [schema?.type ?? []].flat() as string[];
const shapeOf = (schema: Json | undefined): "array" | "object" | "primitive" => {
  const type = typesOf(schema).find((t) => t !== "null");
  return type === "array" ? "array" : type === "object" || (!type && schema?.properties !== undefined) ? "object" : "primitive";
};

/**
 * Why the client cannot send `parameter` as the spec describes it; undefined when it can.
 * `member` resolves a schema met inside (an array's items, an object's properties).
 */
export function parameterProblem(
  parameter: Json,
  schema: Json | undefined,
  member: (node: unknown) => Json | undefined = (node) => node as Json,
): string | undefined {
  const where = String(parameter.in);
  if (parameter.content !== undefined) return "is described by `content` instead of `schema` and a `style`";
  if (where === "header" && IGNORED_HEADERS.has(String(parameter.name).toLowerCase())) {
    return "is a header that OpenAPI says to ignore as a parameter (Accept, Content-Type, Authorization: media types and security schemes say them)";
  }
  const style = String(parameter.style ?? (where === "path" || where === "header" ? "simple" : "form"));
  if (STYLES[where] && !STYLES[where].includes(style))
    return `is in the \`${style}\` style, which OpenAPI does not define for ${where} parameters`;
  const explode = (parameter.explode as boolean | undefined) ?? style === "form";
  const shape = shapeOf(schema);
  if (style === "deepObject" && (shape !== "object" || !explode)) return "is in the deepObject style but is not an exploded object";
  if ((style === "spaceDelimited" || style === "pipeDelimited") && (shape === "primitive" || (shape === "object" && explode))) {
    return `is ${shape === "primitive" ? "a primitive" : "an exploded object"} in the ${style} style, which OpenAPI leaves undefined`;
  }
  const members =
    shape === "array" ? [member(schema?.items)] : shape === "object" ? Object.values((schema?.properties ?? {}) as Json).map(member) : [];
  if (members.some((inner) => shapeOf(inner) !== "primitive"))
    return "nests arrays or objects in its value, which no parameter style serializes";
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
      const problem = parameterProblem(parameter, resolved(parameter.schema, context), (node) => resolved(node, context));
      if (problem) {
        context.report({
          message: `Parameter \`${String(parameter.name)}\` ${problem}; @hostup/billing-client does not support it.`,
          location: context.location.child(["in"]),
        });
      }
    }),
    PathItem: when((item: Json, context: UserContext) => {
      const shared = ((item.parameters ?? []) as unknown[]).map((p) => resolved(p, context) ?? {});
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Json | undefined;
        if (!operation) continue;
        // The method takes query, header and cookie parameters in one object, by their spec names.
        const seen = new Map<string, string>();
        for (const parameter of [...shared, ...((operation.parameters ?? []) as unknown[]).map((p) => resolved(p, context) ?? {})]) {
          const [name, where] = [String(parameter.name), String(parameter.in)];
          const before = seen.get(name);
          if (before && before !== where) {
            context.report({
              message: `Operation \`${String(operation.operationId)}\` uses the parameter name \`${name}\` both in ${before} and in ${where}; @hostup/billing-client takes parameters by their spec names, so each name must be used once.`,
              location: context.location.child([method, "parameters"]).key(),
            });
          }
          seen.set(name, where);
        }
      }
    }),
    RequestBody: when((body: Json, context: UserContext) => {
      const content = (body.content ?? {}) as Record<string, Json>;
      for (const [mediaType, media] of Object.entries(content)) {
        if (!FORM_MEDIA.test(mediaType)) continue;
        const at = context.location.child(["content", mediaType]);
        if (shapeOf(resolved(media.schema, context)) !== "object") {
          context.report({
            message: `The \`${mediaType}\` request body is not an object; @hostup/billing-client encodes an object's properties as the form's fields.`,
            location: at.child(["schema"]),
          });
        }
        for (const [name, encoding] of Object.entries((media.encoding ?? {}) as Record<string, Json>)) {
          const changed = ["style", "explode", "allowReserved", "headers"].filter((key) => encoding[key] !== undefined);
          if (changed.length === 0) continue;
          context.report({
            message: `The encoding of \`${name}\` sets ${changed.map((key) => `\`${key}\``).join(", ")}; @hostup/billing-client encodes form and multipart fields with the Encoding Object's defaults only.`,
            location: at.child(["encoding", name]).key(),
          });
        }
      }
    }),
    Operation: when((operation: Json, context: UserContext) => {
      const statuses = Object.keys((operation.responses ?? {}) as Json);
      if (!statuses.some((status) => /^2(\d\d|XX)$/i.test(status) || status === "default")) {
        context.report({
          message: `Operation \`${String(operation.operationId)}\` documents no success answer (${statuses.join(", ") || "none"}); @hostup/billing-client needs a 2xx, 2XX or default response to type and read it.`,
          location: context.location.child(["responses"]).key(),
        });
      }
      if (operation.callbacks !== undefined && Object.keys(operation.callbacks as Json).length > 0) {
        context.report({
          message: `Operation \`${String(operation.operationId)}\` has \`callbacks\`, which @hostup/billing-client does not support.`,
          location: context.location.child(["callbacks"]).key(),
        });
      }
    }),
    SecurityScheme: when((scheme: Json, context: UserContext) => {
      const http = String(scheme.scheme).toLowerCase();
      if (scheme.type === "http" ? http === "bearer" || http === "basic" : scheme.type !== "mutualTLS") return;
      context.report({
        message: `Security scheme of type \`${String(scheme.type)}\`${scheme.scheme ? ` (${String(scheme.scheme)})` : ""} is not supported by @hostup/billing-client: it sends bearer and basic credentials, API keys and OAuth 2 / OpenID Connect access tokens.`,
        location: context.location.child(["type"]),
      });
    }),
  };
}
