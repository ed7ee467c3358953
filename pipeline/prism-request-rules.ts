/**
 * The spec's rules for requests no operation describes (its description's "Requests no
 * operation describes", `x-shared-problems`), applied in front of Prism as the stateful mock
 * applies them, so both mocks answer alike: an `Accept` that admits none of an operation's
 * media types, an invalid `Prefer`, a body where the operation takes none or of a media type it
 * does not list, and parameters or a JSON body the operation refuses (undeclared query
 * parameters among them), read in their styles by the stateful mock's own code. Prism itself
 * accepts some of these and answers the others in its own shape without a catalog `code`.
 *
 * The stateful mock checks credentials before any of these but `Accept`; Prism checks them
 * after the front. So a request without the credentials its operation asks for skips them
 * and reaches Prism, whose 401 the stateful mock would give too (`credentialsSent`).
 *
 * Everything is read from the operation model of the spec being served (it may be reloaded),
 * computed as `pnpm generate` computes it; nothing is named here.
 */
import { TrieRouter } from "hono/router/trie-router";
import {
  acceptsAny,
  preferredMediaType,
  BODY_NOT_ALLOWED,
  checkScenarioAgainst,
  preferWords,
  problemDocument,
  refuseRequest,
  ScenarioError,
  type PlayableScenario,
  type ProblemInit,
  type ProblemStatus,
} from "@hostup/billing-mock/server";
import { dereference } from "./openapi-model.ts";
import { operationModel, type ModelOperation, type ModelScheme, type OperationModel } from "./operation-model.ts";

/** What the rules need of one operation, read once per spec from its operation model. */
export interface OperationRules {
  operationId: string;
  /** The operation's model: its parameters, in their styles, are checked as the stateful mock checks them. */
  model: ModelOperation;
  /** Query names that carry an API key: credentials, not parameters. */
  credentialNames: ReadonlySet<string>;
  /** Media types a body may have (lower case); undefined when the operation takes none. */
  bodyMediaTypes: string[] | undefined;
  /** Every media type the operation answers with. */
  answerMediaTypes: string[];
  /** Status → the names of its examples, for checking `Prefer: code=…, example=…`. */
  examples: Record<string, string[]>;
  /** Whether a request carries the credentials one of the operation's security requirements asks for (not whether they are good). */
  credentialsSent: (headers: Headers, url: URL) => boolean;
}

/** Whether a request carries the credential `scheme` takes, where the scheme says it travels. */
function carries(headers: Headers, url: URL, scheme: ModelScheme | undefined): boolean {
  if (!scheme) return true;
  if (scheme.credential === "bearer") return /^bearer /i.test(headers.get("authorization") ?? "");
  if (scheme.credential === "basic") return /^basic /i.test(headers.get("authorization") ?? "");
  const name = scheme.name!;
  if (scheme.in === "header") return headers.has(name);
  if (scheme.in === "query") return url.searchParams.has(name);
  return (headers.get("cookie") ?? "").split(";").some((c) => c.trim().startsWith(`${name}=`));
}

/** The operation model of a bundled spec, as `pnpm generate` computes it. */
export async function modelOf(bundled: object): Promise<OperationModel> {
  return operationModel(await dereference(bundled));
}

/** The operations of a spec's model, matched by method and path. */
export function operationRules({ operations, securitySchemes }: OperationModel): TrieRouter<OperationRules> {
  const router = new TrieRouter<OperationRules>();
  for (const model of Object.values(operations)) {
    const requirements = model.security;
    const credentialNames = new Set(
      requirements.flat().flatMap(({ scheme }) => {
        const { in: where, name } = securitySchemes[scheme] ?? {};
        return where === "query" && name ? [name] : [];
      }),
    );
    router.add(model.method, model.path.replace(/\{([^}]+)\}/g, ":$1"), {
      operationId: model.operationId,
      model,
      credentialNames,
      bodyMediaTypes: model.body?.contents.map((content) => content.mediaType.toLowerCase()),
      // A response without content counts as application/json, as the stateful mock's routes count it.
      answerMediaTypes: [
        ...new Set(model.responses.flatMap((r) => (r.contents.length > 0 ? r.contents.map((c) => c.mediaType) : ["application/json"]))),
      ],
      examples: Object.fromEntries(model.responses.map((r) => [r.status, Object.keys(r.contents[0]?.examples ?? {})])),
      credentialsSent: (headers, url) =>
        requirements.length === 0 ||
        requirements.some((requirement) => requirement.every(({ scheme }) => carries(headers, url, securitySchemes[scheme]))),
    });
  }
  return router;
}

/** The operation's rules for a request, with the path's segments by parameter name, if an operation is served at its method and path. */
export function rulesFor(
  router: TrieRouter<OperationRules>,
  method: string,
  path: string,
): (OperationRules & { params: Record<string, string> }) | undefined {
  const [match] = router.match(method, path)[0];
  return match ? { ...match[0], params: match[1] as Record<string, string> } : undefined;
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
 * The Accept that Prism is sent for a `Prefer: code=…`: the media type of that status's
 * answer the caller admits (else its first), or none for an answer without a body. Prism
 * picks an answer by Accept before it honours the code, and without Accept it looks only for
 * JSON, so a code whose answer is a PDF or text would find nothing and end in its own 500.
 */
export function acceptForCode(rules: OperationRules, code: number, accept: string | null): string | undefined {
  const written = String(code);
  const range = `${written[0]}XX`;
  const response =
    rules.model.responses.find((r) => r.status === written) ??
    rules.model.responses.find((r) => r.status.toUpperCase() === range) ??
    rules.model.responses.find((r) => r.status === "default");
  return preferredMediaType(accept, response?.contents.map((c) => c.mediaType) ?? []);
}

/**
 * The Accept that Prism is sent when no code is asked: the media type of the operation's first
 * success the caller prefers, as the stateful mock answers it. Prism, left to the caller's
 * Accept, answers a partial match in its own shape; without one, it answers the first.
 */
export function acceptForSuccess(rules: OperationRules, accept: string | null): string | undefined {
  const success = rules.model.responses.find((r) => r.status.startsWith("2")) ?? rules.model.responses.find((r) => r.status === "default");
  return preferredMediaType(accept, success?.contents.map((c) => c.mediaType) ?? []);
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

/**
 * 400 for parameters the operation refuses (read in their styles: a bad item of an array, a
 * missing required header) or a query parameter it does not declare, and for a JSON body its
 * schema refuses, as the stateful mock answers them.
 */
export function refuseParameters(
  rules: OperationRules & { params: Record<string, string> },
  url: URL,
  headers: Headers,
  instance: string,
  body?: { mediaType: string; value: unknown } | null,
): Response | undefined {
  return refuseRequest(rules.model, { params: rules.params, search: url.search, headers }, instance, rules.credentialNames, body);
}
