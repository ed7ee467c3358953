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
 */
import { join } from "node:path";
import type { Spec } from "./openapi-model.ts";
import { root } from "./paths.ts";
import { DO_NOT_EDIT, methods, type Method } from "./render-client.ts";

/** The client's generated TanStack Query entry, `@hostup/billing-client/query`. */
export const queryBindingsFile = join(root, "packages/billing-client/src/query.gen.ts");

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const comment = (text: string) => text.replace(/\*\//g, "*\\/");

function doc(m: Method, how: string): string {
  const lines = [m.summary && `${m.summary}${/[.!?]$/.test(m.summary) ? "" : "."}`, `\`${m.meta.method} ${m.meta.path}\`: ${how}`];
  return `  /**\n${lines
    .filter(Boolean)
    .map((line) => comment(line).replace(/^/gm, "   * "))
    .join("\n   *\n")}\n   */\n`;
}

function binding(m: Method): { signature: string; implementation: string } {
  const name = IDENTIFIER.test(m.operationId) ? m.operationId : JSON.stringify(m.operationId);
  const id = JSON.stringify(m.operationId);
  const params = m.arguments.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`);
  const names = m.arguments.map((a) => a.name);
  if (m.meta.safe) {
    // Optional arguments stay in the key as `undefined`, so each operation's key has one shape.
    const key = `readonly [${[id, ...m.arguments.map((a) => `${a.type}${a.optional ? " | undefined" : ""}`)].join(", ")}]`;
    const signature =
      doc(m, "query options, keyed `[" + [id, ...names].join(", ") + "]`. TanStack's signal cancels the call.") +
      `  ${name}(${[...params, "options?: QueryCallOptions"].join(", ")}): BillingQueryOptions<${m.result}, ${key}>;\n`;
    const implementation =
      `    ${name}: (${[...names, "options"].join(", ")}) => ({\n` +
      `      queryKey: [${[id, ...names].join(", ")}] as never,\n` +
      `      queryFn: ({ signal }) => client[${id}](${[...names, "{ ...options, signal }"].join(", ")}),\n` +
      `      retry: false,\n` +
      `    }),\n`;
    return { signature, implementation };
  }
  const variables = m.arguments.length === 0 ? "void" : m.arguments.length === 1 ? m.arguments[0]!.type : `[${params.join(", ")}]`;
  const take = m.arguments.length === 0 ? "()" : m.arguments.length === 1 ? names[0]! : `[${names.join(", ")}]`;
  const signature =
    doc(
      m,
      `mutation options; the variables are ${m.arguments.length === 0 ? "none" : m.arguments.length === 1 ? `\`${names[0]}\`` : `\`[${names.join(", ")}]\``}.`,
    ) + `  ${name}(options?: CallOptions): BillingMutationOptions<${m.result}, ${variables}>;\n`;
  const implementation =
    `    ${name}: (options) => ({\n` +
    `      mutationKey: [${id}],\n` +
    `      mutationFn: (${take}) => client[${id}](${[...names, "options"].join(", ")}),\n` +
    `      retry: false,\n` +
    `    }),\n`;
  return { signature, implementation };
}

/** `packages/billing-client/src/query.gen.ts`. */
export function renderQueryBindings(spec: Spec): string {
  const bindings = methods(spec).map(binding);
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
    ` * error types, so \`queryClient.getQueryData(key)\` is typed. \`retry\` is false: the client\n` +
    ` * already retries what is safe to retry, and TanStack's retries would multiply its attempts.\n` +
    ` */\n` +
    `export type BillingQueryOptions<TData, TKey extends readonly unknown[]> = QueryObserverOptions<TData, BillingError, TData, TData, TKey> & {\n` +
    `  queryKey: DataTag<TKey, TData, BillingError>;\n` +
    `  queryFn: QueryFunction<TData, TKey>;\n` +
    `};\n\n` +
    `/** For \`useMutation\` and the like. \`retry\` is false: the client decides what may run twice. */\n` +
    `export type BillingMutationOptions<TData, TVariables> = MutationOptions<TData, BillingError, TVariables> & {\n` +
    `  mutationKey: readonly [string];\n` +
    `  mutationFn: (variables: TVariables) => Promise<TData>;\n` +
    `};\n\n` +
    `/** TanStack Query options for every operation of the spec, named by its operationId. */\n` +
    `export interface BillingQueries {\n${bindings.map((b) => b.signature).join("\n")}}\n\n` +
    `/** The options for \`client\`'s calls. Framework-agnostic: any TanStack Query adapter takes them. */\n` +
    `export function billingQueries(client: BillingClient): BillingQueries {\n` +
    `  return {\n${bindings.map((b) => b.implementation).join("")}  };\n` +
    `}\n`
  );
}
