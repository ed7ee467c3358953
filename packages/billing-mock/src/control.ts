/**
 * The Node host's control API under `/__mock/`: reset, state, scenarios. Routed and
 * validated by its own OpenAPI document (control-api/openapi.yaml, shipped with the package)
 * through openapi-backend and Ajv, as the billing operations are by the spec; its refusals
 * are the same 400 Problem documents with field errors.
 */
import { readFile } from "node:fs/promises";
import type { Context, Document, OpenAPIBackend } from "openapi-backend";
import { createBackend } from "./backend.ts";
import { parse } from "yaml";
import { isAnswer, readBody } from "./body.ts";
import type { Pipeline } from "./mock.ts";
import { problem } from "./problems.ts";
import { newExchange, respond, type Exchange } from "./replies.ts";
import { ScenarioError } from "./scenarios.ts";
import { stateAnswer } from "./state-answer.ts";
import { invalid } from "./validation.ts";

/** Paths under this prefix are the control API's, never the billing API's. */
export const CONTROL_PREFIX = "/__mock/";

/** The control API document, shipped beside src/ and dist/. */
export const controlApiDocument = new URL("../control-api/openapi.yaml", import.meta.url);

interface Call {
  exchange: Exchange;
  pipeline: Pipeline;
}

type ControlHandler = (context: Context, call: Call) => Response;

const handlers: Record<string, ControlHandler> = {
  resetMock: (_, { exchange, pipeline }) => {
    pipeline.reset();
    return noContent(exchange);
  },
  listRequests: (context, { exchange, pipeline }) => {
    const { operationId } = context.request.query as { operationId?: string };
    return respond(exchange, 200, pipeline.journal.answer(operationId), "application/json");
  },
  clearRequests: (_, { exchange, pipeline }) => {
    pipeline.journal.clear();
    return noContent(exchange);
  },
  getMockState: (_, { exchange, pipeline }) => respond(exchange, 200, stateAnswer(pipeline.store, pipeline.scenarios), "application/json"),
  queueScenario: (context, { exchange, pipeline }) => {
    const {
      operationId,
      times = 1,
      ...words
    } = context.request.requestBody as {
      operationId: string;
      times?: number;
      code?: number;
      example?: string;
      delay?: number;
      fault?: string;
      body?: unknown;
      headers?: Record<string, string>;
    };
    try {
      pipeline.scenarios.add(operationId, { ...words, times });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      return problem(exchange, 400, {
        detail: "The request body failed validation.",
        errors: [{ pointer: error.pointer, code: "invalid_value", detail: error.message }],
      });
    }
    const queued = pipeline.scenarios.pending()[operationId]!.at(-1)!;
    return respond(
      exchange,
      201,
      { operationId, ...queued, ...(words.body !== undefined ? { body: words.body } : {}), times },
      "application/json",
    );
  },
  clearScenarios: (_, { exchange, pipeline }) => {
    pipeline.scenarios.clear();
    return noContent(exchange);
  },
  getControlApiDocument: (_, { exchange }) =>
    new Response(served, { headers: { ...exchange.headers, "content-type": "application/json", "x-request-id": exchange.requestId } }),
  // Stryker disable next-line ArrayDeclaration: openapi-backend always gives validationFail its errors; the fallback is never read.
  validationFail: (context, { exchange }) => invalid(exchange, context.validation.errors ?? [], context.operation),
  notFound: (context, { exchange }) =>
    problem(exchange, 404, { detail: `The control API has no ${context.request.path}; see ${CONTROL_PREFIX}openapi.json.` }),
  methodNotAllowed: (context, { exchange }) => {
    const allowed = context.api.router
      .getOperations()
      .filter((operation) => operation.path === context.request.path)
      .map((operation) => operation.method.toUpperCase());
    exchange.headers.allow = allowed.join(", ");
    return problem(exchange, 405, {
      detail: `${context.request.method.toUpperCase()} is not allowed here; use ${exchange.headers.allow}.`,
    });
  },
};

function noContent(exchange: Exchange): Response {
  return new Response(null, { status: 204, headers: { ...exchange.headers, "x-request-id": exchange.requestId } });
}

let backend: Promise<OpenAPIBackend> | undefined;
let served = "";

/** The control API, compiled once per process on its first call. */
function controlBackend(): Promise<OpenAPIBackend> {
  backend ??= (async () => {
    const definition = parse(await readFile(controlApiDocument, "utf8")) as Document;
    served = JSON.stringify(definition);
    // A copy: openapi-backend dereferences its definition in place, and the document is served as written.
    const api = await createBackend(structuredClone(definition), handlers as never);
    return api;
  })();
  return backend;
}

/** Answers a request under CONTROL_PREFIX for this mock; `headers` (CORS) go on every answer. */
export async function answerControl(request: Request, headers: Record<string, string>, pipeline: Pipeline): Promise<Response> {
  const url = new URL(request.url);
  const exchange = newExchange(pipeline.now(), url.pathname, headers);
  const api = await controlBackend();
  const operation = api.router.matchOperation({ method: request.method, path: url.pathname, headers: {} });
  // Stryker disable next-line BooleanLiteral: over HTTP, readBody may skip reading a body the framing says is absent; reading it gives the same empty body.
  const body = readBody(request, operation?.requestBody ? [{ mediaType: "application/json", kind: "json" }] : undefined, exchange, true);
  const read = body instanceof Promise ? await body : body;
  if (isAnswer(read)) return read;
  return (await api.handleRequest(
    {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(request.headers),
      ...("value" in read ? { body: read.value } : {}),
    },
    { exchange, pipeline } satisfies Call,
  )) as Response;
}
