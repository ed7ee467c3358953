/**
 * The spec's rules for requests no operation describes (its description's "Requests no
 * operation describes", `x-shared-problems`), applied in front of Prism as the stateful mock
 * applies them, so both mocks answer alike: an `Accept` that admits none of an operation's
 * media types, an invalid `Prefer`, a body where the operation takes none or of a media type it
 * does not list, and undeclared query parameters. Prism itself accepts the last three, and
 * answers the first two in its own shape without a catalog `code`.
 *
 * The stateful mock checks credentials before any of these but `Accept`; Prism checks them
 * after the front. So a request without the credentials its operation asks for skips them
 * and reaches Prism, whose 401 the stateful mock would give too (`credentialsSent`).
 *
 * Everything is read from the spec being served (it may be reloaded), never named here.
 */
import { TrieRouter } from "hono/router/trie-router";
import {
  acceptsAny,
  BODY_NOT_ALLOWED,
  checkScenarioAgainst,
  preferWords,
  problemDocument,
  ScenarioError,
  type PlayableScenario,
  type ProblemInit,
  type ProblemStatus,
} from "@hostup/billing-mock/server";
import { dereference, operationsOf } from "./openapi-model.ts";

/** What the rules need of one operation, read once per spec. */
export interface OperationRules {
  operationId: string;
  /** Names of the query parameters the operation declares. */
  query: Set<string>;
  /** Media types a body may have; undefined when the operation takes none. */
  bodyMediaTypes: string[] | undefined;
  /** Every media type the operation answers with. */
  answerMediaTypes: string[];
  /** Status → the names of its examples, for checking `Prefer: code=…, example=…`. */
  examples: Record<string, string[]>;
  /** Whether a request carries the credentials one of the operation's security requirements asks for (not whether they are good). */
  credentialsSent: (headers: Headers) => boolean;
}

type SecurityScheme = { type?: string; scheme?: string; in?: string; name?: string };

/** Whether `headers` carry the credential `scheme` travels in; a kind of scheme the rules do not know counts as sent. */
function carries(headers: Headers, scheme: SecurityScheme | undefined): boolean {
  if (scheme?.type === "http" && scheme.scheme?.toLowerCase() === "bearer") {
    return (headers.get("authorization") ?? "").toLowerCase().startsWith("bearer ");
  }
  if (scheme?.type === "apiKey" && scheme.name) {
    if (scheme.in === "header") return headers.has(scheme.name);
    if (scheme.in === "cookie") return (headers.get("cookie") ?? "").split(";").some((c) => c.trim().startsWith(`${scheme.name}=`));
    if (scheme.in === "query") return true;
  }
  return true;
}

/** The operations of a bundled spec, matched by method and path. */
export async function operationRules(bundled: object): Promise<TrieRouter<OperationRules>> {
  const router = new TrieRouter<OperationRules>();
  const spec = await dereference(bundled);
  const schemes = (spec.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  for (const { path, method, operation, parameters } of operationsOf(spec)) {
    const requirements = operation.security ?? spec.security ?? [];
    const responses = Object.entries(operation.responses ?? {});
    const content = operation.requestBody?.content;
    router.add(method.toUpperCase(), path.replace(/\{([^}]+)\}/g, ":$1"), {
      operationId: operation.operationId ?? `${method} ${path}`,
      query: new Set(parameters.filter((p) => p.in === "query").map((p) => p.name)),
      bodyMediaTypes: content ? Object.keys(content) : undefined,
      // A response without content counts as application/json, as the stateful mock's routes count it.
      answerMediaTypes: [...new Set(responses.flatMap(([, r]) => (r.content ? Object.keys(r.content) : ["application/json"])))],
      examples: Object.fromEntries(
        responses.map(([status, r]) => [status, Object.keys(Object.values(r.content ?? {})[0]?.examples ?? {})]),
      ),
      credentialsSent: (headers) =>
        requirements.length === 0 ||
        requirements.some((requirement) => Object.keys(requirement).every((name) => carries(headers, schemes[name]))),
    });
  }
  return router;
}

/** The operation's rules for a request, if an operation is served at its method and path. */
export function rulesFor(router: TrieRouter<OperationRules>, method: string, path: string): OperationRules | undefined {
  return router.match(method, path)[0][0]?.[0];
}

/** A Problem answer with the catalog's (or `x-shared-problems`') members for `status`. */
export function problemAnswer(status: ProblemStatus, init: ProblemInit, instance: string, headers?: Record<string, string>): Response {
  return Response.json(problemDocument(status, init, instance), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}

/** 406 when `Accept` rules out every media type the operation answers with. */
export function refuseAccept(rules: OperationRules, accept: string | null, instance: string): Response | undefined {
  if (accept === null || acceptsAny(accept, rules.answerMediaTypes)) return undefined;
  return problemAnswer(
    406,
    { detail: `Accept one of ${rules.answerMediaTypes.join(", ")}; this operation answers with no other.` },
    instance,
  );
}

/**
 * The scenario a `Prefer` header asks of the operation, checked against its documented
 * statuses and example names as the stateful mock checks it; a 400 answer when it asks for one
 * the operation does not have.
 */
export function checkPrefer(rules: OperationRules, header: string | null, instance: string): PlayableScenario | Response | undefined {
  if (header === null) return undefined;
  try {
    const words = preferWords(header);
    return words ? checkScenarioAgainst(rules.operationId, rules.examples, words, false) : undefined;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return problemAnswer(400, { title: "Invalid Prefer header", detail: error.message }, instance);
  }
}

/**
 * 400 for a body on an operation that takes none (`framed`: HTTP announced one that fetch
 * cannot read, on GET and HEAD), 415 for a body of a media type the operation does not list.
 */
export function refuseBody(
  rules: OperationRules,
  body: ArrayBuffer | undefined,
  framed: boolean,
  contentType: string | null,
  instance: string,
): Response | undefined {
  const sent = framed || (body !== undefined && body.byteLength > 0);
  if (!sent) return undefined;
  if (!rules.bodyMediaTypes) return problemAnswer(400, BODY_NOT_ALLOWED, instance);
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (rules.bodyMediaTypes.includes(mediaType)) return undefined;
  return problemAnswer(
    415,
    {
      detail: `Send the body as ${rules.bodyMediaTypes.join(" or ")}${mediaType ? `, not ${mediaType}` : " with a matching Content-Type"}.`,
    },
    instance,
  );
}

/** 400 with a field error per query parameter the operation does not declare. */
export function refuseQuery(rules: OperationRules, search: URLSearchParams, instance: string): Response | undefined {
  const unknown = [...new Set(search.keys())].filter((name) => !rules.query.has(name));
  if (unknown.length === 0) return undefined;
  const errors = unknown.map((name) => ({
    pointer: `/query/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`,
    code: "unknown_parameter",
    detail: `Unknown query parameter \`${name}\`.`,
  }));
  return problemAnswer(400, { detail: errors.map((e) => e.detail).join(" "), errors }, instance);
}
