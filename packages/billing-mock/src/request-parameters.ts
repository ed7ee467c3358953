/**
 * A request's parameters, by location, read as the operation model declares each one (its
 * location, style and explode; parameter-styles.ts). What the model does not declare is kept
 * aside: query pairs no parameter read become unknown parameters for validation to refuse.
 */
import type { ModelParameter } from "@hostup/billing-openapi";
import {
  cookiePairs,
  decode,
  parseCookieParameter,
  parseHeaderParameter,
  parsePathParameter,
  parseQueryParameter,
  queryPairs,
  type ParsedValue,
} from "./parameter-styles.ts";

/** The parameters of one request, each location an object by parameter name (header names in lower case). */
export interface ParsedParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  cookie: Record<string, unknown>;
}

export interface RawRequestParameters {
  /** Path segments as the router matched them, still percent-encoded. */
  params: Record<string, string>;
  /** The URL's `search`, still percent-encoded. */
  search: string;
  headers: Headers;
}

function set(target: Record<string, unknown>, name: string, value: ParsedValue): void {
  if (value === undefined) return;
  // A parameter named `__proto__` is a parameter, not the object's prototype: only defineProperty
  // makes it one. Every other name takes the plain assignment, a tenth of defineProperty's cost on the hot path.
  if (name === "__proto__") Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** The names of an operation's query parameters, computed once per operation, not per request. */
const queryNamesOf = new WeakMap<readonly ModelParameter[], ReadonlySet<string>>();
function queryNames(parameters: readonly ModelParameter[]): ReadonlySet<string> {
  let names = queryNamesOf.get(parameters);
  if (!names) queryNamesOf.set(parameters, (names = new Set(parameters.filter((p) => p.in === "query").map((p) => p.name))));
  return names;
}
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * Every declared parameter of the request, parsed; and in `query`, each query pair no
 * parameter read (nor an API key in `credentialNames`), by its decoded name, so that the
 * validator's `additionalProperties: false` names it.
 */
export function parseParameters(
  parameters: readonly ModelParameter[],
  request: RawRequestParameters,
  credentialNames: ReadonlySet<string> = NO_NAMES,
): ParsedParameters {
  const parsed: ParsedParameters = { path: {}, query: {}, header: {}, cookie: {} };
  let pairs: [string, string][] | undefined;
  let cookies: [string, string][] | undefined;
  const claimed = new Set<number>();
  for (const parameter of parameters) {
    switch (parameter.in) {
      case "path": {
        const segment = request.params[parameter.name];
        if (segment !== undefined) set(parsed.path, parameter.name, parsePathParameter(parameter, segment));
        break;
      }
      case "query": {
        pairs ??= queryPairs(request.search).map(([name, value]) => [decode(name, true), value]);
        const others = new Set([...queryNames(parameters), ...credentialNames]);
        others.delete(parameter.name);
        set(parsed.query, parameter.name, parseQueryParameter(parameter, pairs, claimed, others));
        break;
      }
      case "header":
        set(parsed.header, parameter.name.toLowerCase(), parseHeaderParameter(parameter, request.headers.get(parameter.name)));
        break;
      case "cookie":
        cookies ??= cookiePairs(request.headers.get("cookie"));
        set(parsed.cookie, parameter.name, parseCookieParameter(parameter, cookies));
        break;
    }
  }
  if (request.search.length > 1) {
    pairs ??= queryPairs(request.search).map(([name, value]) => [decode(name, true), value]);
    pairs.forEach(([name, value], index) => {
      if (!claimed.has(index) && !credentialNames.has(name) && !Object.hasOwn(parsed.query, name))
        set(parsed.query, name, decode(value, true));
    });
  }
  return parsed;
}
