/** Routes compiled once from the operation model: what each operation needs checked, matched by method and path. */
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { operationModel, type ModelOperation } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import type { BodyContents } from "./body.ts";
import type { OperationId } from "./contract.ts";
import { deprecationHeaders, type DeprecatedOperation } from "./deprecation.ts";
import { compileRequestValidators, type RequestValidators } from "./request-validator.ts";

/** One scheme of a security requirement: how its credential travels and the scopes it asks for. */
export interface SchemeCheck {
  /** What the client sends: a bearer token, basic credentials, or an API key (`in` and `name` say where). */
  credential: "bearer" | "basic" | "apiKey";
  in?: "header" | "query" | "cookie";
  name?: string;
  /** The realm of a bearer scheme's challenges: the scheme's `x-realm` in the spec. */
  realm?: string;
  scopes: string[];
}

/** What the operation model says about one operation, prepared once. */
export interface Route {
  operationId: OperationId;
  model: ModelOperation;
  /** Compiled on first use. */
  readonly validators: RequestValidators;
  /** Alternatives: any one requirement satisfied authenticates the request. */
  security: SchemeCheck[][];
  /** Query names that carry an API key: credentials, not parameters. */
  credentialNames: ReadonlySet<string>;
  /** Media types the request body may have (lower case) and their kinds; undefined when the operation takes no body. */
  bodyContents: BodyContents;
  /** The media type of each documented status's body; undefined for a status without one. */
  responseMediaTypes: Record<string, string | undefined>;
  /** Every media type the operation answers with, once each: what an `Accept` must admit. */
  answerMediaTypes: string[];
  /** `Deprecation` and `Sunset` for every answer of a deprecated operation (deprecation.ts). */
  deprecation: Record<string, string> | undefined;
}

/** A route with the request's path parameters; `{ allow }` for a known path with another method; undefined for an unknown path. */
export type Match = { route: Route; params: Record<string, string> } | { allow: string[] } | undefined;

export interface Routes {
  /** The same path and method give the same match: its `params` are frozen and shared. */
  match(method: string, path: string): Match;
}

// Routes hold no state, so every mock in the process shares them.
let compiling: Promise<Routes> | undefined;
let compiled: Routes | undefined;

/**
 * The routes once they are compiled, else undefined. Once they are, a request without a body
 * is answered synchronously, which lets @hono/node-server write the answer without waiting for
 * a promise.
 */
export function compiledRoutes(): Routes | undefined {
  return compiled;
}

/**
 * Operations, methods, paths, parameters, bodies, answers and security come from the
 * generated operation model, which the pipeline computed once from the spec. Hono's
 * RegExpRouter matches the spec's path templates, compiled once.
 */
export function compileRoutes(): Promise<Routes> {
  // Nothing here waits for anything: the routes are ready once this returns.
  compiling ??= Promise.resolve(build());
  return compiling;
}

function build(): Routes {
  // RegExpRouter where it can: it matches in one regular expression. A spec whose templates it
  // cannot compile into one (`/items/batch` beside `/items/{id}`) falls back to TrieRouter.
  const router = new SmartRouter<Route | { allow: string[] }>({ routers: [new RegExpRouter(), new TrieRouter()] });
  const allowed = new Map<string, string[]>();
  for (const [operationId, model] of Object.entries(operationModel.operations) as [OperationId, ModelOperation][]) {
    const template = model.path.replace(/\{([^}]+)\}/g, ":$1");
    allowed.set(template, [...(allowed.get(template) ?? []), model.method]);
    const security = model.security.map((requirement) => requirement.map(({ scheme, scopes }) => ({ ...schemeCheck(scheme), scopes })));
    const credentialNames = new Set(security.flat().flatMap((check) => (check.in === "query" && check.name ? [check.name] : [])));
    let validators: RequestValidators | undefined;
    const responseMediaTypes = Object.fromEntries(model.responses.map((response) => [response.status, response.contents[0]?.mediaType]));
    router.add(model.method, template, {
      operationId,
      model,
      // Compiled on first use: compiling every operation's validators up front kept a spec of
      // 500 operations from answering for 20 s (`pnpm bench:scale`), most of it in Ajv.
      get validators() {
        return (validators ??= compileRequestValidators(model, credentialNames));
      },
      security,
      credentialNames,
      bodyContents: model.body?.contents.map(({ mediaType, kind }) => ({ mediaType: mediaType.toLowerCase(), kind })),
      responseMediaTypes,
      // Every media type of every answer (a status documented in JSON and XML admits an Accept of
      // either); an answer without a body counts as application/json, so an `Accept` of JSON is not refused for it.
      answerMediaTypes: [
        ...new Set(
          model.responses.flatMap((response) =>
            response.contents.length > 0 ? response.contents.map((c) => c.mediaType) : ["application/json"],
          ),
        ),
      ],
      deprecation: deprecationHeaders({ deprecated: model.deprecated, "x-sunset": extensionOf(model)?.["x-sunset"] }),
    });
  }
  // Registered after the operations, so a path that exists with other methods answers 405, not 404.
  for (const [template, methods] of allowed) router.add("ALL", template, { allow: methods });
  // A client calls the same few URLs over and over: the last ROUTE_CACHE matches of paths up to
  // ROUTE_CACHE_PATH characters are kept, as frozen answers every request of that method and path
  // shares. Past that the cache starts over, so it holds a few hundred KB whatever paths a client makes up.
  // By method, then path: no key is built per request.
  let cache = new Map<string, Map<string, Match>>();
  let remembered = 0;
  const cached = (method: string, path: string): Match => {
    if (path.length > ROUTE_CACHE_PATH) return matchOnce(method, path);
    let paths = cache.get(method);
    let match = paths?.get(path);
    if (match === undefined && !paths?.has(path)) {
      match = matchOnce(method, path);
      if (match && "params" in match) Object.freeze(match.params);
      if (remembered >= ROUTE_CACHE) {
        cache = new Map();
        paths = undefined;
        remembered = 0;
      }
      if (!paths) cache.set(method, (paths = new Map()));
      paths.set(path, match);
      remembered += 1;
    }
    return match;
  };
  const matchOnce = (method: string, path: string): Match => {
    const [handlers, stash] = router.match(method, path) as [[Route | { allow: string[] }, Record<string, number | string>][], string[]?];
    const first = handlers[0];
    if (!first) return undefined;
    const [target, found] = first;
    if ("allow" in target) return target;
    // RegExpRouter gives each parameter's index into the stash; TrieRouter the values themselves.
    if (!stash) return { route: target, params: found as Record<string, string> };
    const params: Record<string, string> = {};
    // The router's own object of names: a plain one, so for-in sees its names only.
    for (const name in found) params[name] = stash[found[name] as number]!;
    return { route: target, params };
  };
  return (compiled = { match: cached });
}

/** How many method and path pairs the routes remember their match for, and the longest path remembered. */
export const ROUTE_CACHE = 512;
export const ROUTE_CACHE_PATH = 512;

type Extensions = Record<string, unknown>;
const document = spec as unknown as {
  paths?: Record<string, Record<string, Extensions | undefined> | undefined>;
  components?: { securitySchemes?: Record<string, Extensions | undefined> };
};

/** The operation's `x-` members, which the model leaves out: read from the bundled spec. */
function extensionOf(model: ModelOperation): DeprecatedOperation | undefined {
  return document.paths?.[model.path]?.[model.method.toLowerCase()] as DeprecatedOperation | undefined;
}

function schemeCheck(name: string): Omit<SchemeCheck, "scopes"> {
  const scheme = operationModel.securitySchemes[name];
  // Stryker disable next-line ObjectLiteral: the model refuses a requirement naming an undeclared scheme.
  if (!scheme) return { credential: "bearer" };
  const realm = document.components?.securitySchemes?.[name]?.["x-realm"];
  return {
    credential: scheme.credential,
    ...(scheme.in ? { in: scheme.in } : {}),
    ...(scheme.name ? { name: scheme.name } : {}),
    ...(scheme.credential === "bearer" && typeof realm === "string" ? { realm } : {}),
  };
}
