/**
 * The contract suite's cases, enumerated from the spec: every (operation, documented status,
 * named example), with the request that provokes it on each kind of target. Nothing here
 * names an operation: a new operation in spec/ gets its cases without a change here.
 *
 * Prism answers any documented status and example when asked by `Prefer`. The stateful mock
 * is driven by behaviour where behaviour can produce the status (the table `BEHAVIOUR`, keyed
 * by status), and by the scenario vocabulary (`Prefer: code=…, example=…`) for the rest.
 */
import fixtures from "@hostup/billing-mock/fixtures.json" with { type: "json" };
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { operationMetadata } from "@hostup/billing-openapi";
import type { Schema } from "../../pipeline/openapi-model.ts";
import { namedExamples, operationById, pathParameterExample } from "../../pipeline/spec-examples.ts";
import type { ApiTarget } from "../support/target.ts";
import { operation, operationIds, resolved, responses, type OperationId, type ResponseSpec } from "../support/spec.ts";

export const TOKEN = "test-token";

/** How a case reaches its status on a target. */
export type Provoked = "prefer" | "behaviour" | "scenario";

export interface ContractCase {
  operationId: OperationId;
  documented: ResponseSpec;
  /** The named example the answer must equal (Prism), or be an answer to (scenario); absent for behaviour and for a response without examples. */
  example?: string;
  provoked: Provoked;
  /** Builds the request afresh for each run (a stateful target may need a resource created first). */
  request(target: ApiTarget): Promise<ContractRequest>;
}

export interface ContractRequest {
  path: Record<string, string>;
  /** A query string, `?` included. */
  query?: string;
  body?: unknown;
  headers: Record<string, string>;
  /** How often to send it: the answer of the last send counts (a rate limit needs several). */
  sends: number;
  /** Whether the client would send this request as it is (it refuses invalid input before sending). */
  clientCanSend: boolean;
}

/** Every (operation, status) the spec documents, read straight from the bundled document. */
export function documentedPairs(): [OperationId, number][] {
  const pairs: [OperationId, number][] = [];
  for (const item of Object.values(spec.paths) as Record<string, { operationId?: string; responses?: object }>[]) {
    for (const op of Object.values(item)) {
      if (op?.operationId)
        for (const status of Object.keys(op.responses ?? {})) pairs.push([op.operationId as OperationId, Number(status)]);
    }
  }
  return pairs;
}

/** The operation's path parameters in the order the path names them. */
export function pathParameterNames(operationId: OperationId): string[] {
  return [...operationMetadata[operationId].path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

/** The arguments of the client's method for the operation: path parameters in path order, then the body if it has one. */
export function clientArguments(operationId: OperationId, request: ContractRequest): unknown[] {
  const args: unknown[] = pathParameterNames(operationId).map((name) => request.path[name]);
  if (operation(operationId).requestBody) args.push(request.body);
  return args;
}

function requestSchema(operationId: OperationId): Schema | undefined {
  return operation(operationId).requestBody?.content?.["application/json"]?.schema;
}

/** A new address per call: a stateful target rejects an address it has seen. */
export const freshEmail = () => `ap+${crypto.randomUUID().slice(0, 8)}@example.com`;

/** The operation's first request body example, every `format: email` property given a fresh address. */
function exampleBody(operationId: OperationId): Record<string, unknown> | undefined {
  const examples = namedExamples(operation(operationId).requestBody?.content?.["application/json"]);
  const example = Object.values(examples)[0] as Record<string, unknown> | undefined;
  if (!example) return undefined;
  const properties = requestSchema(operationId)?.properties ?? {};
  const fresh = Object.entries(properties).filter(([name, schema]) => schema.format === "email" && name in example);
  return { ...example, ...Object.fromEntries(fresh.map(([name]) => [name, freshEmail()])) };
}

function examplePathValues(operationId: OperationId): Record<string, string> {
  return Object.fromEntries(
    pathParameterNames(operationId).map((name) => [name, String(pathParameterExample(resolved, operationId, name))]),
  );
}

/** The identifiers a request names a resource by: its path parameters, and a body property `id`. */
function identifiers(operationId: OperationId): { path: string[]; body: string[] } {
  const body = Object.keys(requestSchema(operationId)?.properties ?? {}).filter((name) => name === "id");
  return { path: pathParameterNames(operationId), body };
}

/** A value shaped like the spec's example (so it passes the pattern) that no fixture or created resource has. */
function unknownLike(value: string): string {
  return /^\d+$/.test(value) ? "9".repeat(12) : value.replace(/\d/g, "9");
}

/**
 * The operation on the same path that creates a resource (answers 201 to a request body):
 * a stateful target only knows a body `id` it handed out, so a success that names one
 * creates it first.
 */
function creatorOf(operationId: OperationId): OperationId | undefined {
  const { path } = operationMetadata[operationId];
  return operationIds.find(
    (id) => id !== operationId && operationMetadata[id].path === path && operation(id).requestBody && operation(id).responses?.["201"],
  );
}

async function created(target: ApiTarget, creator: OperationId): Promise<Record<string, unknown>> {
  const { method, path } = operationMetadata[creator];
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify(exampleBody(creator)),
  });
  if (response.status !== 201) throw new Error(`${creator} could not create a resource: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A fixture token without one of the operation's scopes, for a 403. */
function tokenLackingScope(operationId: OperationId): string | undefined {
  const needed = operation(operationId).security?.flatMap((requirement) => requirement.BearerAuth ?? []) ?? [];
  return fixtures.tokens.find((token) => !("rateLimit" in token) && needed.some((scope) => !token.scopes.includes(scope)))?.token;
}

/** A fixture token with its own rate limit and the operation's scopes, for a 429. */
function rateLimitedToken(operationId: OperationId): { token: string; limit: number } | undefined {
  const needed = operation(operationId).security?.flatMap((requirement) => requirement.BearerAuth ?? []) ?? [];
  for (const token of fixtures.tokens) {
    const limit = "rateLimit" in token && token.rateLimit ? token.rateLimit.limit : undefined;
    if (limit !== undefined && needed.every((scope) => token.scopes.includes(scope))) return { token: token.token, limit };
  }
  return undefined;
}

function baseRequest(operationId: OperationId): ContractRequest {
  const body = exampleBody(operationId);
  return {
    path: examplePathValues(operationId),
    ...(body ? { body } : {}),
    headers: { Authorization: `Bearer ${TOKEN}` },
    sends: 1,
    clientCanSend: true,
  };
}

type Behaviour = (operationId: OperationId) => ((target: ApiTarget) => Promise<ContractRequest>) | undefined;

/**
 * How the stateful mock is brought to a status by behaviour, keyed by status; undefined where
 * the operation gives behaviour no way to reach it (the case then runs by scenario).
 */
const BEHAVIOUR: Record<number, Behaviour> = {
  // The spec's example request; a body `id` names a resource created first on the same path.
  200: (operationId) => success(operationId),
  201: (operationId) => success(operationId),
  // A body without its required properties, a path parameter against its pattern, or else a
  // query parameter the operation does not declare.
  400: (operationId) => {
    if (requestSchema(operationId)?.required?.length) {
      return async () => ({ ...baseRequest(operationId), body: {}, clientCanSend: false });
    }
    const patterned = pathParameterNames(operationId).find((name) =>
      operationById(resolved, operationId).parameters.some((p) => p.name === name && p.schema?.pattern),
    );
    if (!patterned) {
      const declared = operationById(resolved, operationId)
        .parameters.filter((p) => p.in === "query")
        .map((p) => p.name);
      const unknown = ["unknown", ...declared].join("_");
      return async () => ({ ...baseRequest(operationId), query: `?${unknown}=1`, clientCanSend: false });
    }
    return async () => {
      const request = baseRequest(operationId);
      return { ...request, path: { ...request.path, [patterned]: "not-a-valid-id" }, clientCanSend: false };
    };
  },
  // No credentials at all.
  401: (operationId) => async () => ({ ...baseRequest(operationId), headers: {} }),
  // A fixture token that lacks one of the operation's scopes.
  403: (operationId) => {
    const token = tokenLackingScope(operationId);
    return token ? async () => ({ ...baseRequest(operationId), headers: { Authorization: `Bearer ${token}` } }) : undefined;
  },
  // Identifiers no fixture and no earlier request has.
  404: (operationId) => {
    const { path, body } = identifiers(operationId);
    if (path.length === 0 && body.length === 0) return undefined;
    return async () => {
      const request = baseRequest(operationId);
      const unknown = (values: Record<string, unknown>, names: string[]) =>
        Object.fromEntries(
          Object.entries(values).map(([name, value]) => [name, names.includes(name) ? unknownLike(String(value)) : value]),
        );
      return {
        ...request,
        path: unknown(request.path, path) as Record<string, string>,
        ...(request.body ? { body: unknown(request.body as Record<string, unknown>, body) } : {}),
      };
    };
  },
  // A fixture token with its own rate limit, sent once more than the limit allows.
  429: (operationId) => {
    const limited = rateLimitedToken(operationId);
    if (!limited) return undefined;
    return async () => ({ ...baseRequest(operationId), headers: { Authorization: `Bearer ${limited.token}` }, sends: limited.limit + 1 });
  },
};

function success(operationId: OperationId): (target: ApiTarget) => Promise<ContractRequest> {
  return async (target) => {
    const request = baseRequest(operationId);
    const { body: ids } = identifiers(operationId);
    const creator = creatorOf(operationId);
    if (ids.length === 0 || !creator || !request.body) return request;
    const resource = await created(target, creator);
    return { ...request, body: { ...(request.body as object), ...Object.fromEntries(ids.map((name) => [name, resource[name]])) } };
  };
}

/**
 * A status the stateful mock can only answer when asked by the scenario vocabulary
 * (`Prefer: code=…, example=…`), such as a 500: these cases need the stateful mock to
 * read `Prefer` as Prism does, and fail against a build of it that does not.
 */
function byScenario(operationId: OperationId, status: number, example: string | undefined) {
  const prefer = [`code=${status}`, ...(example ? [`example=${example}`] : [])].join(", ");
  return async (): Promise<ContractRequest> => {
    const request = baseRequest(operationId);
    return { ...request, headers: { ...request.headers, Prefer: prefer } };
  };
}

/** Each named example of the response, or one case without a name where it has none. */
function exampleNames(documented: ResponseSpec): (string | undefined)[] {
  const names = Object.keys(documented.examples);
  return names.length > 0 ? names : [undefined];
}

/** The cases of one target, in spec order. */
export function contractCases(target: ApiTarget): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const operationId of operationIds) {
    for (const documented of responses(operationId)) {
      const { status } = documented;
      if (target.kind === "examples") {
        for (const example of exampleNames(documented)) {
          const prefer = byScenario(operationId, status, example);
          cases.push({ operationId, documented, ...(example ? { example } : {}), provoked: "prefer", request: prefer });
        }
        continue;
      }
      const behaviour = BEHAVIOUR[status]?.(operationId);
      if (behaviour) cases.push({ operationId, documented, provoked: "behaviour", request: behaviour });
      else if (target.kind === "stateful") {
        for (const example of exampleNames(documented)) {
          cases.push({
            operationId,
            documented,
            ...(example ? { example } : {}),
            provoked: "scenario",
            request: byScenario(operationId, status, example),
          });
        }
      }
    }
  }
  return cases;
}

/** Sends a case's request with fetch; the answer of the last send. */
export async function send(target: ApiTarget, operationId: OperationId, request: ContractRequest): Promise<Response> {
  const { method, path } = operationMetadata[operationId];
  const url = `${target.url}${path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(request.path[name]!))}${request.query ?? ""}`;
  let response: Response | undefined;
  for (let i = 0; i < request.sends; i++) {
    await response?.body?.cancel();
    response = await fetch(url, {
      method,
      headers: { ...(request.body !== undefined ? { "Content-Type": "application/json" } : {}), ...request.headers },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    if (response.status === 429) break;
  }
  return response!;
}
