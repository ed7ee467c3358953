/**
 * Parameters on the wire as the OpenAPI 3.1 specification's "Style Examples" table writes
 * them, per location × style × explode × value shape, from the operation model. It is the
 * raw-HTTP side of the contract suite: written from the table, not from the client's
 * serializer, so that the two can be checked against each other.
 */
import type { ModelOperation, ModelParameter } from "@hostup/billing-openapi";

export interface WireParameters {
  /** The operation's path with every path parameter filled in. */
  path: string;
  /** The query string, `?` included; empty when there is none. */
  query: string;
  /** Header parameters by name, and a `cookie` header for cookie parameters. */
  headers: Record<string, string>;
}

type Value = unknown;

/** RFC 3986 unreserved characters stay; with allowReserved, reserved ones too (OpenAPI's `allowReserved`). */
function encoder(parameter: ModelParameter): (text: string) => string {
  if (parameter.in === "header") return (text) => text;
  if (parameter.allowReserved) return (text) => encodeURI(text).replace(/[#&=+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return encodeURIComponent;
}

const pairsOf = (value: Value): [string, string][] =>
  Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, String(item)]);

/** The value of one path or header parameter in the simple, label or matrix style. */
function pathLike(parameter: ModelParameter, value: Value): string {
  const { name, style, explode } = parameter;
  const encode = encoder(parameter);
  const items: string[] = Array.isArray(value) ? value.map((item) => encode(String(item))) : [];
  const pairs = parameter.shape === "object" ? pairsOf(value).map(([k, v]) => [encode(k), encode(v)] as const) : [];
  const primitive = parameter.shape === "primitive" ? encode(String(value)) : "";
  if (style === "label") {
    if (parameter.shape === "array") return `.${items.join(explode ? "." : ",")}`;
    if (parameter.shape === "object") return `.${pairs.map(([k, v]) => (explode ? `${k}=${v}` : `${k},${v}`)).join(explode ? "." : ",")}`;
    return `.${primitive}`;
  }
  if (style === "matrix") {
    if (parameter.shape === "array") {
      return explode ? items.map((item) => `;${name}=${item}`).join("") : `;${name}=${items.join(",")}`;
    }
    if (parameter.shape === "object") {
      return explode ? pairs.map(([k, v]) => `;${k}=${v}`).join("") : `;${name}=${pairs.map(([k, v]) => `${k},${v}`).join(",")}`;
    }
    return `;${name}=${primitive}`;
  }
  if (parameter.shape === "array") return items.join(",");
  if (parameter.shape === "object") return pairs.map(([k, v]) => (explode ? `${k}=${v}` : `${k},${v}`)).join(",");
  return primitive;
}

/** The `name=value` pairs of one query or cookie parameter in the form, spaceDelimited, pipeDelimited or deepObject style. */
function formLike(parameter: ModelParameter, value: Value): string[] {
  const { style, explode } = parameter;
  const encode = encoder(parameter);
  const name = encode(parameter.name);
  if (style === "deepObject") return pairsOf(value).map(([k, v]) => `${name}[${encode(k)}]=${encode(v)}`);
  const delimiter = style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "|" : ",";
  if (parameter.shape === "array") {
    const items = (value as unknown[]).map((item) => encode(String(item)));
    return explode ? items.map((item) => `${name}=${item}`) : [`${name}=${items.join(delimiter)}`];
  }
  if (parameter.shape === "object") {
    const pairs = pairsOf(value);
    return explode
      ? pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`)
      : [`${name}=${pairs.map(([k, v]) => `${encode(k)}${delimiter}${encode(v)}`).join(delimiter)}`];
  }
  return [`${name}=${encode(String(value))}`];
}

/**
 * The operation's parameters with `values` (by name) on the wire; a parameter without a value
 * is left out (a path parameter without one keeps its template, which no server routes).
 */
export function wireParameters(operation: ModelOperation, values: Record<string, unknown>): WireParameters {
  let path = operation.path;
  const query: string[] = [];
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const parameter of operation.parameters) {
    const value = values[parameter.name];
    if (value === undefined) continue;
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, pathLike(parameter, value));
    else if (parameter.in === "header") headers[parameter.name] = pathLike(parameter, value);
    else if (parameter.in === "query") query.push(...formLike(parameter, value));
    else cookies.push(...formLike(parameter, value));
  }
  if (cookies.length > 0) headers.cookie = cookies.join("; ");
  return { path, query: query.length > 0 ? `?${query.join("&")}` : "", headers };
}
