/**
 * The contract suite's cases, enumerated from the operation model (`operationModel`, or the
 * model of another spec): every operation × documented status × request media type ×
 * response media type, and on an example-serving target every named example too. Each case
 * carries the request that provokes its status on a kind of target, with the example of
 * every parameter (path, query, header, cookie) and the body example of its request media
 * type. Nothing here names an operation: a new operation in spec/ gets its cases unchanged.
 *
 * Prism answers any documented status and example when asked by `Prefer`. The stateful mock
 * is driven by behaviour where behaviour can produce the status (the table `BEHAVIOUR`, keyed
 * by status); an operation it has no behaviour for answers its success from the spec's
 * examples (case `example`); the rest is reached by the scenario vocabulary (`Prefer: code=…`).
 */
import fixtures from "@hostup/billing-mock/fixtures.json" with { type: "json" };
import type { ModelContent, ModelOperation, ModelResponse, OperationModel } from "@hostup/billing-openapi";
import { encodeBody, exampleBytes, firstExample } from "../support/media-kinds.ts";
import { wireParameters } from "../support/parameter-wire.ts";
import type { ApiTarget } from "../support/target.ts";

export const TOKEN = "test-token";

/** How a case reaches its status: Prism's Prefer, the stateful mock's behaviour, its examples for an operation without behaviour, or its scenario vocabulary. */
export type Provoked = "prefer" | "behaviour" | "example" | "scenario";

export interface ContractCase {
  operation: ModelOperation;
  response: ModelResponse;
  /** The status asked for: the spec's, or for a range or `default` the one a case provokes. */
  code: number;
  /** The answer's content; absent for a response without a body. */
  answer?: ModelContent;
  /** The request body's content this case sends; absent when the operation has no body. */
  requestContent?: ModelContent;
  /** The named example the answer must equal; absent for behaviour and for an answer without examples. */
  example?: string;
  provoked: Provoked;
  /** Builds the request afresh for each run (a stateful target may need a resource created first). */
  request(target: ApiTarget): Promise<ContractRequest>;
}

export interface ContractRequest {
  /** Each parameter's value by its spec name, path, query, header and cookie alike; a missing one is not sent. */
  parameters: Record<string, unknown>;
  /** Query text sent after the parameters' (an undeclared parameter). */
  extraQuery?: string;
  /** The body's content and value; no body when absent. */
  content?: ModelContent;
  body?: unknown;
  /** The credential of each scheme of the operation's first security alternative; none for a request without. */
  credentials: CaseCredential[];
  /** Accept, Prefer. */
  headers: Record<string, string>;
  /** How often to send it: the answer of the last send counts (a rate limit needs several). */
  sends: number;
  /** Whether the client would send this request as it is (it refuses or completes invalid input before sending). */
  clientCanSend: boolean;
}

/**
 * The status a documented response is provoked with: its own, a range's first, or for
 * `default` a status the operation does not write out: 200 when it documents no success
 * (a default-only operation), else the first unwritten server or client error.
 */
export function codeOf(status: string, operation: ModelOperation): number {
  if (/^\d{3}$/.test(status)) return Number(status);
  if (/^[1-5]XX$/i.test(status)) return Number(status[0]) * 100;
  const written = new Set(operation.responses.map((r) => r.status.toUpperCase()));
  if (![...written].some((s) => s.startsWith("2"))) return 200;
  return [500, 503, 400, 422].find((code) => !written.has(String(code)) && !written.has(`${String(code)[0]}XX`)) ?? 599;
}

/** One security scheme's credential: as the client takes it (under the scheme's name) and where it goes on the wire. */
export interface CaseCredential {
  scheme: string;
  /** A token, an API key, a session, or `username:password` for HTTP basic. */
  value: string;
  in: "header" | "query" | "cookie";
  name: string;
  /** What the wire carries under `name`. */
  wire: string;
}

/** Whether an answer's status is one the documented `status` stands for. */
export function statusMatches(status: string, actual: number): boolean {
  if (/^\d{3}$/.test(status)) return actual === Number(status);
  if (/^[1-5]XX$/i.test(status)) return Math.floor(actual / 100) === Number(status[0]);
  return true;
}

/** The status, answer media type, example, request media type and way of a case, as its test title says it. */
export function caseTitle({ response, answer, example, requestContent, provoked }: ContractCase): string {
  const how = { prefer: "Prefer", behaviour: "behaviour", example: "the spec's examples (no behaviour)", scenario: "scenario (Prefer)" }[
    provoked
  ];
  const sent = requestContent ? ` for the request body in ${requestContent.mediaType}` : "";
  return `${response.status} ${answer?.mediaType ?? "without a body"}${example ? ` (${example})` : ""}${sent} by ${how}`;
}

/** A new address per call: a stateful target rejects an address it has seen. */
export const freshEmail = () => `ap+${crypto.randomUUID().slice(0, 8)}@example.com`;

/** Every parameter's example by name; throws naming a required one the spec gives none. */
function exampleParameters(operation: ModelOperation): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.example !== undefined) values[parameter.name] = parameter.example;
    else if (parameter.required) {
      throw new Error(`${operation.operationId}: the ${parameter.in} parameter ${parameter.name} has no example in the spec`);
    }
  }
  return values;
}

const propertiesOf = (content: ModelContent | undefined) =>
  (content?.schema?.properties ?? {}) as Record<string, { format?: string; pattern?: string }>;

/** The content's first body example, every `format: email` property of an object given a fresh address. */
function exampleBody(content: ModelContent | undefined): unknown {
  const example = firstExample(content)?.value;
  if (!example || typeof example !== "object" || Array.isArray(example)) return example;
  const fresh = Object.entries(propertiesOf(content)).filter(([name, schema]) => schema.format === "email" && name in example);
  return { ...example, ...Object.fromEntries(fresh.map(([name]) => [name, freshEmail()])) };
}

/** The identifiers a request names a resource by: its path parameters, and a body property `id`. */
function identifiers(operation: ModelOperation, content: ModelContent | undefined): { path: string[]; body: string[] } {
  const body = Object.keys(propertiesOf(content)).filter((name) => name === "id");
  return { path: operation.parameters.filter((p) => p.in === "path").map((p) => p.name), body };
}

/** A value shaped like the spec's example (so it passes the pattern) that no fixture or created resource has. */
function unknownLike(value: string): string {
  return /^\d+$/.test(value) ? "9".repeat(12) : value.replace(/\d/g, "9");
}

/** The scopes the operation's bearer requirements ask for. */
function neededScopes(model: OperationModel, operation: ModelOperation): string[] {
  return operation.security.flat().flatMap(({ scheme, scopes }) => (model.securitySchemes[scheme]?.credential === "bearer" ? scopes : []));
}

/** A fixture session, for an API key that travels in a cookie. */
const SESSION = fixtures.sessions[0]!.session;

/**
 * The credentials of the operation's first security alternative, for a caller the fixtures
 * know: `token` for bearer schemes and API keys (a session for one in a cookie), the target's
 * login for HTTP basic.
 */
function credentialsFor(model: OperationModel, operation: ModelOperation, target: ApiTarget, token = TOKEN): CaseCredential[] {
  return (operation.security[0] ?? []).flatMap(({ scheme: name }): CaseCredential[] => {
    const scheme = model.securitySchemes[name];
    if (!scheme) return [];
    if (scheme.credential === "bearer")
      return [{ scheme: name, value: token, in: "header", name: "Authorization", wire: `Bearer ${token}` }];
    if (scheme.credential === "basic") {
      if (!target.login) throw new Error(`${operation.operationId}: HTTP basic (${name}) needs the target's login`);
      const value = `${target.login.username}:${target.login.password}`;
      return [{ scheme: name, value, in: "header", name: "Authorization", wire: `Basic ${Buffer.from(value).toString("base64")}` }];
    }
    const value = scheme.in === "cookie" ? SESSION : token;
    return [{ scheme: name, value, in: scheme.in!, name: scheme.name!, wire: value }];
  });
}

/** The request with `token` in place of every token and API key (not a session or a login). */
export function withToken(request: ContractRequest, token: string): ContractRequest {
  const swap = (c: CaseCredential): CaseCredential =>
    c.in === "cookie" || c.wire.startsWith("Basic ")
      ? c
      : { ...c, value: token, wire: c.wire.startsWith("Bearer ") ? `Bearer ${token}` : token };
  return { ...request, credentials: request.credentials.map(swap) };
}

/** A fixture token without one of the operation's scopes, for a 403. */
function tokenLackingScope(needed: string[]): string | undefined {
  return fixtures.tokens.find((token) => !("rateLimit" in token) && needed.some((scope) => !token.scopes.includes(scope)))?.token;
}

/** A fixture token with its own rate limit and the operation's scopes, for a 429. */
function rateLimitedToken(needed: string[]): { token: string; limit: number } | undefined {
  for (const token of fixtures.tokens) {
    const limit = "rateLimit" in token && token.rateLimit ? token.rateLimit.limit : undefined;
    if (limit !== undefined && needed.every((scope) => token.scopes.includes(scope))) return { token: token.token, limit };
  }
  return undefined;
}

/** What one operation's cases share: the model around it and the request its examples make. */
interface Subject {
  model: OperationModel;
  operation: ModelOperation;
  requestContent: ModelContent | undefined;
  answer: ModelContent | undefined;
  /** Whether the target serves this operation from the spec's examples (it has no behaviour for it). */
  fromExamples: boolean;
  target: ApiTarget;
}

function baseRequest({ model, operation, requestContent, answer, target }: Subject): ContractRequest {
  const body = requestContent ? exampleBody(requestContent) : undefined;
  const parameters = exampleParameters(operation);
  // A target that remembers idempotency keys answers a repeated key with its first answer:
  // each request gets its own, as a client makes one per call.
  if (operation.idempotencyKey && target.kind !== "examples") parameters[operation.idempotencyKey] = crypto.randomUUID();
  return {
    parameters,
    ...(requestContent && body !== undefined ? { content: requestContent, body } : {}),
    credentials: credentialsFor(model, operation, target),
    headers: answer ? { Accept: answer.mediaType } : {},
    sends: 1,
    // The client sends the first media type the spec lists for a body.
    clientCanSend: !requestContent || requestContent === operation.body?.contents[0],
  };
}

/**
 * The operation on the same path that creates a resource (answers 201 to a request body):
 * a stateful target only knows a body `id` it handed out, so a success that names one
 * creates it first.
 */
function creatorOf(model: OperationModel, operation: ModelOperation): ModelOperation | undefined {
  return Object.values(model.operations).find(
    (other) => other !== operation && other.path === operation.path && other.body && other.responses.some((r) => r.status === "201"),
  );
}

async function created(model: OperationModel, target: ApiTarget, creator: ModelOperation): Promise<Record<string, unknown>> {
  const content = creator.body!.contents[0]!;
  const request: ContractRequest = {
    parameters: exampleParameters(creator),
    content,
    body: exampleBody(content),
    credentials: credentialsFor(model, creator, target),
    headers: {},
    sends: 1,
    clientCanSend: true,
  };
  const response = await send(target, creator, request);
  if (response.status !== 201)
    throw new Error(`${creator.operationId} could not create a resource: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

type Build = (target: ApiTarget) => Promise<ContractRequest>;
type Behaviour = (subject: Subject) => Build | undefined;

/** The spec's example request; a body `id` names a resource created first on the same path. */
const success: Behaviour = (subject) => {
  if (subject.fromExamples) return undefined;
  return async (target) => {
    const request = baseRequest(subject);
    const { body: ids } = identifiers(subject.operation, subject.requestContent);
    const creator = creatorOf(subject.model, subject.operation);
    if (ids.length === 0 || !creator || !request.body) return request;
    const resource = await created(subject.model, target, creator);
    return { ...request, body: { ...(request.body as object), ...Object.fromEntries(ids.map((name) => [name, resource[name]])) } };
  };
};

/**
 * How the stateful mock is brought to a status by behaviour, keyed by status; undefined where
 * the operation gives behaviour no way to reach it (the case then runs by scenario). Only the
 * successes and 404 need the operation's own behaviour: the others are answered before it.
 */
const BEHAVIOUR: Record<number, Behaviour> = {
  200: success,
  201: success,
  202: success,
  204: success,
  // A body without its required properties, a required parameter left out, a path parameter
  // against its pattern, or else a query parameter the operation does not declare.
  400: (subject) => {
    const { operation, requestContent } = subject;
    if (requestContent?.kind === "json" && (requestContent.schema?.required as string[] | undefined)?.length) {
      return async () => ({ ...baseRequest(subject), body: {}, clientCanSend: false });
    }
    const omitted = operation.parameters.find((p) => p.in !== "path" && p.required);
    if (omitted) {
      return async () => {
        const request = baseRequest(subject);
        const { [omitted.name]: _, ...parameters } = request.parameters;
        return { ...request, parameters, clientCanSend: false };
      };
    }
    const patterned = operation.parameters.find((p) => p.in === "path" && p.schema.pattern);
    if (patterned) {
      return async () => {
        const request = baseRequest(subject);
        return { ...request, parameters: { ...request.parameters, [patterned.name]: "not-a-valid-id" }, clientCanSend: false };
      };
    }
    const unknown = ["unknown", ...operation.parameters.filter((p) => p.in === "query").map((p) => p.name)].join("_");
    return async () => ({ ...baseRequest(subject), extraQuery: `${unknown}=1`, clientCanSend: false });
  },
  // No credentials at all.
  401: (subject) => async () => ({ ...baseRequest(subject), credentials: [] }),
  // A fixture token that lacks one of the operation's scopes.
  403: (subject) => {
    const token = tokenLackingScope(neededScopes(subject.model, subject.operation));
    if (!token) return undefined;
    return async () => withToken(baseRequest(subject), token);
  },
  // Identifiers no fixture and no earlier request has.
  404: (subject) => {
    const { path, body } = identifiers(subject.operation, subject.requestContent);
    if (subject.fromExamples || (path.length === 0 && body.length === 0)) return undefined;
    return async () => {
      const request = baseRequest(subject);
      const unknown = (values: Record<string, unknown>, names: string[]) =>
        Object.fromEntries(
          Object.entries(values).map(([name, value]) => [name, names.includes(name) ? unknownLike(String(value)) : value]),
        );
      return {
        ...request,
        parameters: unknown(request.parameters, path),
        ...(request.body ? { body: unknown(request.body as Record<string, unknown>, body) } : {}),
      };
    };
  },
  // A fixture token with its own rate limit, sent once more than the limit allows.
  429: (subject) => {
    const limited = rateLimitedToken(neededScopes(subject.model, subject.operation));
    if (!limited) return undefined;
    return async () => ({ ...withToken(baseRequest(subject), limited.token), sends: limited.limit + 1 });
  },
};

/**
 * A status reached by the scenario vocabulary (`Prefer: code=…, example=…`): every status on
 * Prism, and on the stateful mock those no behaviour reaches, such as a 500.
 */
function byScenario(subject: Subject, code: number, example: string | undefined): Build {
  const prefer = [`code=${code}`, ...(example ? [`example=${example}`] : [])].join(", ");
  return async () => {
    const request = baseRequest(subject);
    return { ...request, headers: { ...request.headers, Prefer: prefer } };
  };
}

/** Each named example of the answer, or one case without a name where it has none. */
const exampleNames = (answer: ModelContent | undefined): (string | undefined)[] => {
  const names = Object.keys(answer?.examples ?? {});
  return names.length > 0 ? names : [undefined];
};

/**
 * The success an operation without behaviour answers, in its first media type: its first
 * written-out 2xx, else its `2XX` range, else its `default` (as the stateful mock picks it).
 */
function answeredFromExamples(operation: ModelOperation, response: ModelResponse, answer: ModelContent | undefined): boolean {
  const { responses } = operation;
  const first =
    responses.find((r) => /^2\d\d$/.test(r.status)) ??
    responses.find((r) => /^2XX$/i.test(r.status)) ??
    responses.find((r) => r.status === "default");
  return response === first && answer === first?.contents[0];
}

/** The cases of one target, in the model's order. */
export function contractCases(model: OperationModel, target: ApiTarget): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const operation of Object.values(model.operations)) {
    const fromExamples = target.fromExamples?.includes(operation.operationId) ?? false;
    for (const response of operation.responses) {
      const code = codeOf(response.status, operation);
      for (const requestContent of operation.body?.contents ?? [undefined]) {
        for (const answer of response.contents.length > 0 ? response.contents : [undefined]) {
          const subject: Subject = { model, operation, requestContent, answer, fromExamples, target };
          const base = { operation, response, code, ...(answer ? { answer } : {}), ...(requestContent ? { requestContent } : {}) };
          const scenarios = () => {
            for (const example of exampleNames(answer)) {
              const provoked = target.kind === "examples" ? "prefer" : "scenario";
              cases.push({ ...base, ...(example ? { example } : {}), provoked, request: byScenario(subject, code, example) });
            }
          };
          if (target.kind === "examples") {
            scenarios();
            continue;
          }
          if (fromExamples && answeredFromExamples(operation, response, answer)) {
            const example = firstExample(answer)?.name;
            cases.push({ ...base, ...(example ? { example } : {}), provoked: "example", request: async () => baseRequest(subject) });
            continue;
          }
          const behaviour = BEHAVIOUR[code]?.(subject);
          if (behaviour) cases.push({ ...base, provoked: "behaviour", request: behaviour });
          else if (target.kind === "stateful") scenarios();
        }
      }
    }
  }
  return cases;
}

/** Sends a case's request with fetch, its parameters as their styles say; the answer of the last send. */
export async function send(target: ApiTarget, operation: ModelOperation, request: ContractRequest): Promise<Response> {
  const wire = wireParameters(operation, request.parameters);
  const credentialQuery = request.credentials
    .filter((c) => c.in === "query")
    .map((c) => `${encodeURIComponent(c.name)}=${encodeURIComponent(c.wire)}`);
  const query = [wire.query.slice(1), ...credentialQuery, request.extraQuery].filter(Boolean).join("&");
  const url = `${target.url}${wire.path}${query ? `?${query}` : ""}`;
  const encoded = request.content ? encodeBody(request.content, request.body) : undefined;
  const headers = new Headers(wire.headers);
  if (encoded?.contentType) headers.set("content-type", encoded.contentType);
  for (const credential of request.credentials) {
    if (credential.in === "header") headers.set(credential.name, credential.wire);
  }
  const cookies = [headers.get("cookie"), ...request.credentials.filter((c) => c.in === "cookie").map((c) => `${c.name}=${c.wire}`)];
  if (cookies.some(Boolean)) headers.set("cookie", cookies.filter(Boolean).join("; "));
  for (const [name, value] of Object.entries(request.headers)) headers.set(name, value);
  let response: Response | undefined;
  for (let i = 0; i < request.sends; i++) {
    await response?.body?.cancel();
    response = await fetch(url, { method: operation.method, headers, ...(encoded ? { body: encoded.body } : {}) });
    if (response.status === 429) break;
  }
  return response!;
}

/** The arguments of the client's method: path parameters in path order, the body if the operation has one, then one object with every other parameter by its spec name. */
export function clientArguments(operation: ModelOperation, request: ContractRequest): unknown[] {
  const args: unknown[] = operation.parameters.filter((p) => p.in === "path").map((p) => request.parameters[p.name]);
  // A binary body is bytes to the client; its example in the spec is their text.
  if (operation.body) args.push(request.content?.kind === "binary" ? exampleBytes(request.body) : request.body);
  const others = operation.parameters.filter((p) => p.in !== "path");
  if (others.length > 0) {
    args.push(
      Object.fromEntries(others.filter((p) => request.parameters[p.name] !== undefined).map((p) => [p.name, request.parameters[p.name]])),
    );
  }
  return args;
}
