/** Routes compiled once from the generated spec: what each operation needs checked, matched by method and path. */
import type { ValidateFunction } from "ajv";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { Document, Operation } from "openapi-backend";
import { createBackend } from "./backend.ts";
import { operationMetadata } from "@hostup/billing-openapi";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import type { OperationId } from "./contract.ts";
import { deprecationHeaders } from "./deprecation.ts";

/** One scheme of a security requirement: where its credential travels and the scopes it asks for. */
export interface SchemeCheck {
  /** `undefined` for a kind of scheme the fixtures hold no credentials for: never satisfied. */
  kind: "bearer" | "cookie" | undefined;
  /** The cookie's name, for `kind: "cookie"`. */
  cookie?: string;
  /** The realm of a bearer scheme's challenges: the scheme's `x-realm` in the spec. */
  realm?: string;
  scopes: string[];
}

/** What the spec says about one operation, prepared once. */
export interface Route {
  operationId: OperationId;
  operation: Operation;
  readonly validators: ValidateFunction[];
  /** Alternatives: any one requirement satisfied authenticates the request. */
  security: SchemeCheck[][];
  /** Media types the request body may have; undefined when the operation takes no body. */
  bodyMediaTypes: string[] | undefined;
  /** The media type of each documented status's body. */
  responseMediaTypes: Record<string, string>;
  /** Every media type the operation answers with, once each: what an `Accept` must admit. */
  answerMediaTypes: string[];
  /** Whether the operation declares header or cookie parameters: only then are they collected for validation. */
  declares: { header: boolean; cookie: boolean };
  /** `Deprecation` and `Sunset` for every answer of a deprecated operation (deprecation.ts). */
  deprecation: Record<string, string> | undefined;
}

/** A route with the request's path parameters; `{ allow }` for a known path with another method; undefined for an unknown path. */
export type Match = { route: Route; params: Record<string, string> } | { allow: string[] } | undefined;

export interface Routes {
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
 * Operations, methods and paths come from the generated `operationMetadata`; security and
 * media types from the generated bundled spec, which openapi-backend dereferences and compiles
 * into each operation's request validators (Ajv, JSON Schema 2020-12 with formats, as the spec
 * declares). Hono's RegExpRouter matches the spec's path templates, compiled once, where
 * openapi-backend's own router would rebuild its route list for every request.
 */
export function compileRoutes(): Promise<Routes> {
  compiling ??= (async () => {
    const api = await createBackend(structuredClone(spec) as unknown as Document);
    const router = new RegExpRouter<Route | { allow: string[] }>();
    const allowed = new Map<string, string[]>();
    for (const [operationId, { method, path }] of Object.entries(operationMetadata) as [OperationId, { method: string; path: string }][]) {
      const operation = api.getOperation(operationId);
      if (!operation) throw new Error(`openapi-backend does not know ${operationId}`);
      const template = path.replace(/\{([^}]+)\}/g, ":$1");
      allowed.set(template, [...(allowed.get(template) ?? []), method]);
      let validators: ValidateFunction[] | undefined;
      const responseMediaTypes = Object.fromEntries(
        Object.entries((operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>).map(([status, response]) => [
          status,
          Object.keys(response.content ?? {})[0] ?? "application/json",
        ]),
      );
      router.add(method, template, {
        operationId,
        operation,
        // Compiled on first use: compiling every operation's validators up front kept a spec of
        // 500 operations from answering for 20 s (`pnpm bench:scale`), most of it in Ajv.
        get validators() {
          return (validators ??= api.validator.getRequestValidatorsForOperation(operationId));
        },
        // Stryker disable next-line ArrayDeclaration: openapi-backend gives every operation its security, the document's when it has none.
        security: (operation.security ?? []).map((requirement) =>
          Object.entries(requirement).map(([name, scopes]) => ({ ...schemeKind(name), scopes })),
        ),
        bodyMediaTypes:
          operation.requestBody && "content" in operation.requestBody ? Object.keys(operation.requestBody.content) : undefined,
        responseMediaTypes,
        answerMediaTypes: [...new Set(Object.values(responseMediaTypes))],
        declares: { header: declaresParameter(operation, "header"), cookie: declaresParameter(operation, "cookie") },
        deprecation: deprecationHeaders(operation as { deprecated?: boolean }),
      });
    }
    // Registered after the operations, so a path that exists with other methods answers 405, not 404.
    for (const [template, methods] of allowed) router.add("ALL", template, { allow: methods });
    return (compiled = {
      match(method, path) {
        const [handlers, stash] = router.match(method, path) as [[Route | { allow: string[] }, Record<string, number>][], string[]];
        const first = handlers[0];
        if (!first) return undefined;
        const [target, indexes] = first;
        if ("allow" in target) return target;
        const params: Record<string, string> = {};
        // The router's own object of names: a plain one, so for-in sees its names only.
        for (const name in indexes) params[name] = stash[indexes[name]!]!;
        return { route: target, params };
      },
    });
  })();
  return compiling;
}

const schemes: Record<string, { type: string; scheme?: string; in?: string; name?: string; "x-realm"?: string }> =
  spec.components.securitySchemes;

function schemeKind(name: string): Pick<SchemeCheck, "kind" | "cookie" | "realm"> {
  const scheme = schemes[name];
  if (scheme?.type === "http" && scheme.scheme?.toLowerCase() === "bearer") {
    const realm = scheme["x-realm"];
    return realm === undefined ? { kind: "bearer" } : { kind: "bearer", realm };
  }
  if (scheme?.type === "apiKey" && scheme.in === "cookie" && scheme.name) return { kind: "cookie", cookie: scheme.name };
  // Stryker disable next-line ObjectLiteral: `{}` has kind undefined too.
  return { kind: undefined };
}

function declaresParameter(operation: Operation, location: string): boolean {
  // Stryker disable next-line ArrayDeclaration: openapi-backend gives every operation its parameters as an array, with the path's.
  return (operation.parameters ?? []).some((parameter) => "in" in parameter && parameter.in === location);
}
