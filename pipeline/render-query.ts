/**
 * Renders @hostup/billing-client/query from the spec model: TanStack Query options for every
 * operation (`packages/billing-client/src/query.gen.ts`), bound to a client. A safe operation
 * (GET, HEAD) gets query options, any other gets mutation options.
 *
 * The arguments follow the client's signature rule (render-client.ts): a query's factory takes
 * the method's arguments and its options; a mutation's factory takes the options, and its
 * variables are the method's arguments: the one argument itself, a tuple when there are several.
 * The query key is the operationId followed by the arguments, so invalidating `[operationId]`
 * reaches every cached call of that operation.
 *
 * Waiting belongs to the bindings, so that a screen can say why it waits: every call passes the
 * client `retry.maxDelayMs` of at most CLIENT_WAIT_BOUND_MS, so a longer Retry-After makes the
 * client throw at once, and TanStack's `retry`/`retryDelay` then schedule the retry from the
 * error's `retryAfter`. Shorter waits (and the client's backoff) stay in the client; TanStack
 * retries nothing else, so there is one retry layer for each failure, never two.
 *
 * A mutation invalidates the queries of the safe operations on its own path (the same
 * resource), read from the spec, before it settles.
 */
import { join } from "node:path";
import type { Spec } from "./openapi-model.ts";
import { root } from "./paths.ts";
import { DO_NOT_EDIT, methods, type Method } from "./render-client.ts";

/** The client's generated TanStack Query entry, `@hostup/billing-client/query`. */
export const queryBindingsFile = join(root, "packages/billing-client/src/query.gen.ts");

// Declared functions, not arrow constants: what they do then runs inside the test that calls the
// renderer, where mutation testing can see which test reached it.

/** `name` as a member name: bare when it is an identifier, else quoted. */
function memberName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** `text` made safe inside a block comment: a `*\/` in it would end the comment. */
function comment(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

function doc(m: Method, how: string): string {
  const lines = [m.summary && `${m.summary}${/[.!?]$/.test(m.summary) ? "" : "."}`, `\`${m.meta.method} ${m.meta.path}\`: ${how}`];
  return `  /**\n${lines
    .filter(Boolean)
    .map((line) => comment(line).replace(/^/gm, "   * "))
    .join("\n   *\n")}\n   */\n`;
}

/** The operationIds of the safe operations that read the resource `m` writes: those on its path. */
function readersOf(m: Method, all: Method[]): string[] {
  return all.filter((other) => other.meta.safe && other.meta.path === m.meta.path).map((other) => other.operationId);
}

function binding(m: Method, all: Method[]): { signature: string; implementation: string } {
  const name = memberName(m.operationId);
  const id = JSON.stringify(m.operationId);
  const params = m.arguments.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`);
  const names = m.arguments.map((a) => a.name);
  if (m.meta.safe) {
    // Optional arguments stay in the key as `undefined`, so each operation's key has one shape.
    const key = `readonly [${[id, ...m.arguments.map((a) => `${a.type}${a.optional ? " | undefined" : ""}`)].join(", ")}]`;
    const signature =
      doc(
        m,
        "query options, keyed `[" +
          [id, ...names].join(", ") +
          "]`. TanStack's signal cancels the call; a long Retry-After is waited out by TanStack's retry.",
      ) + `  ${name}(${[...params, "options?: QueryCallOptions"].join(", ")}): BillingQueryOptions<${m.result}, ${key}>;\n`;
    const implementation =
      `    ${name}: (${[...names, "options"].join(", ")}) => ({\n` +
      `      queryKey: [${[id, ...names].join(", ")}] as never,\n` +
      `      queryFn: ({ signal }) => client[${id}](${[...names, "{ ...bounded(options), signal }"].join(", ")}),\n` +
      `      retry: queryRetry,\n` +
      `      retryDelay,\n` +
      `    }),\n`;
    return { signature, implementation };
  }
  const variables = m.arguments.length === 0 ? "void" : m.arguments.length === 1 ? m.arguments[0]!.type : `[${params.join(", ")}]`;
  const take = m.arguments.length === 0 ? "" : m.arguments.length === 1 ? names[0]! : `[${names.join(", ")}]`;
  const readers = readersOf(m, all);
  const invalidates = readers.length
    ? `on success it invalidates ${readers.map((r) => `\`[${JSON.stringify(r)}]\``).join(", ")} (same path).`
    : "it invalidates no query (no safe operation shares its path).";
  const signature =
    doc(
      m,
      `mutation options; the variables are ${m.arguments.length === 0 ? "none" : m.arguments.length === 1 ? `\`${names[0]}\`` : `\`[${names.join(", ")}]\``}; ${invalidates}`,
    ) + `  ${name}(options?: CallOptions): BillingMutationOptions<${m.result}, ${variables}>;\n`;
  const onSuccess = readers.length
    ? `      onSuccess: (_data, _variables, _result, { client: queryClient }) =>\n` +
      `        Promise.all([${readers.map((r) => `queryClient.invalidateQueries({ queryKey: [${JSON.stringify(r)}] })`).join(", ")}]),\n`
    : "";
  const implementation =
    `    ${name}: (options) => ({\n` +
    `      mutationKey: [${id}],\n` +
    `      mutationFn: (${take}) => client[${id}](${[...names, "bounded(options)"].join(", ")}),\n` +
    `      retry: mutationRetry,\n` +
    `      retryDelay,\n` +
    onSuccess +
    `    }),\n`;
  return { signature, implementation };
}

/** `packages/billing-client/src/query.gen.ts`. */
export function renderQueryBindings(spec: Spec): string {
  const all = methods(spec);
  const bindings = all.map((m) => binding(m, all));
  return (
    `// ${DO_NOT_EDIT}\n` +
    `import type { DataTag, MutationOptions, QueryFunction, QueryObserverOptions } from "@tanstack/query-core";\n` +
    `import type { operations } from "@hostup/billing-openapi";\n` +
    `import type { BillingClient, CallOptions } from "./client.ts";\n` +
    `import type { InvalidArgumentError, NetworkError, ProblemError, TimeoutError, UnexpectedResponseError } from "./errors.ts";\n\n` +
    `/**\n` +
    ` * What a call rejects with. \`ProblemError\` is the API's answer (narrow with \`instanceof\` to read\n` +
    ` * \`status\`, \`code\` and the field \`errors\`); the others are failures before or around it.\n` +
    ` */\n` +
    `export type BillingError = ProblemError | NetworkError | TimeoutError | UnexpectedResponseError | InvalidArgumentError;\n\n` +
    `/** A query's CallOptions: TanStack Query owns cancellation, so the signal is its own. */\n` +
    `export type QueryCallOptions = Omit<CallOptions, "signal">;\n\n` +
    `/**\n` +
    ` * For \`useQuery\`, \`queryClient.fetchQuery\` and the like. The key is tagged with the data and\n` +
    ` * error types, so \`queryClient.getQueryData(key)\` is typed. \`retry\` and \`retryDelay\` are the\n` +
    ` * bindings' policy (see \`retry\` below): TanStack retries only what the client handed back.\n` +
    ` */\n` +
    `export type BillingQueryOptions<TData, TKey extends readonly unknown[]> = QueryObserverOptions<TData, BillingError, TData, TData, TKey> & {\n` +
    `  queryKey: DataTag<TKey, TData, BillingError>;\n` +
    `  queryFn: QueryFunction<TData, TKey>;\n` +
    `};\n\n` +
    `/** For \`useMutation\` and the like. The client decides what may run twice; TanStack only waits out a long Retry-After. */\n` +
    `export type BillingMutationOptions<TData, TVariables> = MutationOptions<TData, BillingError, TVariables> & {\n` +
    `  mutationKey: readonly [string];\n` +
    `  mutationFn: (variables: TVariables) => Promise<TData>;\n` +
    `};\n\n` +
    `/**\n` +
    ` * The longest Retry-After, in ms, that the client sleeps through inside a query or mutation\n` +
    ` * function. A longer one makes the client throw at once (its \`retry.maxDelayMs\`), and TanStack\n` +
    ` * schedules the retry, so the screen can say "Retrying in 27 s" instead of loading for a minute.\n` +
    ` */\n` +
    `export const CLIENT_WAIT_BOUND_MS = 2000;\n\n` +
    `/** How many retries TanStack schedules for one query or mutation after a long Retry-After. */\n` +
    `export const SCHEDULED_RETRIES = 3;\n\n` +
    `/**\n` +
    ` * The wait in ms before TanStack retries \`error\`: its \`retryAfter\`, when the client would have\n` +
    ` * retried it (a 429; a 502-504 for a \`safe\` operation) but handed the wait back because it was\n` +
    ` * longer than CLIENT_WAIT_BOUND_MS. Else undefined: the client already did all the retrying.\n` +
    ` */\n` +
    `export function scheduledRetryDelayMs(error: unknown, safe: boolean): number | undefined {\n` +
    `  const { status, retryAfter } = (error ?? {}) as { status?: unknown; retryAfter?: unknown };\n` +
    `  const retried = status === 429 || (safe && typeof status === "number" && status > 501 && status < 505);\n` +
    `  return retried && typeof retryAfter === "number" && retryAfter * 1000 > CLIENT_WAIT_BOUND_MS ? retryAfter * 1000 : undefined;\n` +
    `}\n\n` +
    `/** A query's \`retry\`: only what the client handed back for a long Retry-After, SCHEDULED_RETRIES times. */\n` +
    `export const queryRetry = (failureCount: number, error: BillingError): boolean =>\n` +
    `  failureCount < SCHEDULED_RETRIES && scheduledRetryDelayMs(error, true) !== undefined;\n\n` +
    `/** A mutation's \`retry\`: only a 429 with a long Retry-After (the server did nothing), SCHEDULED_RETRIES times. */\n` +
    `export const mutationRetry = (failureCount: number, error: BillingError): boolean =>\n` +
    `  failureCount < SCHEDULED_RETRIES && scheduledRetryDelayMs(error, false) !== undefined;\n\n` +
    `/** \`retryDelay\` for both: what the server asked for. */\n` +
    `export const retryDelay = (_failureCount: number, error: BillingError): number => scheduledRetryDelayMs(error, true) ?? 0;\n\n` +
    `/** The caller's options with the client's wait bounded; \`retry: false\` stays false. */\n` +
    `function bounded<T extends CallOptions | undefined>(options: T): T {\n` +
    `  if (options?.retry === false) return options;\n` +
    `  const maxDelayMs = Math.min(options?.retry?.maxDelayMs ?? CLIENT_WAIT_BOUND_MS, CLIENT_WAIT_BOUND_MS);\n` +
    `  return { ...options, retry: { ...options?.retry, maxDelayMs } } as T;\n` +
    `}\n\n` +
    `/** TanStack Query options for every operation of the spec, named by its operationId. */\n` +
    `export interface BillingQueries {\n${bindings.map((b) => b.signature).join("\n")}}\n\n` +
    `/** The options for \`client\`'s calls. Framework-agnostic: any TanStack Query adapter takes them. */\n` +
    `export function billingQueries(client: BillingClient): BillingQueries {\n` +
    `  return {\n${bindings.map((b) => b.implementation).join("")}  };\n` +
    `}\n`
  );
}
