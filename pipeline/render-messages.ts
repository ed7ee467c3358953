/**
 * Renders @hostup/billing-client/messages (`packages/billing-client/src/messages.gen.ts`): the
 * plain-language message a screen shows for any error the client throws, so an app never shows
 * a regex, an operationId or a status line to the person using it.
 *
 * The wording is the spec's: each Problem example's `description` (see the Problem schema's
 * description). An example with one field error gives the message for that field and code; one
 * without field errors gives its operation's message for its Problem `code`; the wording most
 * examples of a code share is that code's message everywhere else. The client's own refusals
 * (InvalidArgumentError) take the message of the same field's `invalid_format`, or, for a path
 * parameter, its operation's 400 example without field errors. Only the failures that never
 * reach the API (network, timeout, an unreadable answer) are worded here.
 *
 * A separate module, so the client's main bundle does not carry the words.
 */
import { join } from "node:path";
import type { MediaType, Schema, Spec } from "./openapi-model.ts";
import { operationsOf } from "./openapi-model.ts";
import { root } from "./paths.ts";
import { DO_NOT_EDIT } from "./render-client.ts";

/** The client's generated messages entry, `@hostup/billing-client/messages`. */
export const messagesFile = join(root, "packages/billing-client/src/messages.gen.ts");

interface ProblemExample {
  operationId: string;
  status: number;
  code: string;
  description: string;
  errors: { pointer: string; code: string }[];
}

function problemExamples(spec: Spec): ProblemExample[] {
  const found: ProblemExample[] = [];
  for (const { operation } of operationsOf(spec)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      for (const media of Object.values(response.content ?? {}) as MediaType[]) {
        for (const example of Object.values(media.examples ?? {})) {
          const value = example.value as { code?: unknown; errors?: unknown } | undefined;
          if (typeof value?.code !== "string" || typeof example.description !== "string") continue;
          const errors = Array.isArray(value.errors)
            ? (value.errors as { pointer?: unknown; code?: unknown }[]).filter(
                (e): e is { pointer: string; code: string } => typeof e.pointer === "string" && typeof e.code === "string",
              )
            : [];
          found.push({
            operationId: operation.operationId!,
            status: Number(status),
            code: value.code,
            description: example.description.trim(),
            errors,
          });
        }
      }
    }
  }
  return found;
}

/** The value most often given, the first of equals. */
function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** `record` with its keys in code-unit order (the default sort of strings), so the output does not follow the spec's order. */
function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]!]),
  );
}

export interface MessageTables {
  problems: Record<string, string>;
  operations: Record<string, Record<string, string>>;
  fields: Record<string, Record<string, string>>;
  inputs: Record<string, string>;
  limits: Record<string, Record<string, number>>;
  statuses: Record<string, string>;
  unsafe: string[];
}

/** The tables messages.gen.ts carries, read from the resolved spec. */
export function messageTables(spec: Spec): MessageTables {
  const examples = problemExamples(spec);
  const byCode = new Map<string, string[]>();
  const operations: Record<string, Record<string, string>> = {};
  const fields: Record<string, Record<string, string>> = {};
  const statuses: Record<string, string> = {};
  for (const example of examples) {
    statuses[example.status] ??= example.code;
    const [only, ...more] = example.errors;
    if (only && more.length === 0) (fields[only.pointer] ??= {})[only.code] ??= example.description;
    // A field error names an input to correct; one on the whole body ("") or a query parameter
    // names none, so its wording also speaks for its code.
    if (example.errors.some((e) => e.pointer.startsWith("/") && !e.pointer.startsWith("/query/"))) continue;
    byCode.set(example.code, [...(byCode.get(example.code) ?? []), example.description]);
    if (example.errors.length === 0) (operations[example.operationId] ??= {})[example.code] ??= example.description;
  }
  // A path parameter the client refuses gets what the server says without a field error.
  const perOperation = structuredClone(operations);
  const problems = Object.fromEntries([...byCode].map(([code, descriptions]) => [code, mostCommon(descriptions)]));
  // Only what differs from the code's own message.
  for (const [operationId, codes] of Object.entries(operations)) {
    for (const [code, text] of Object.entries(codes)) if (problems[code] === text) delete codes[code];
    if (Object.keys(codes).length === 0) delete operations[operationId];
  }

  const inputs: Record<string, string> = {};
  const limits: Record<string, Record<string, number>> = {};
  const unsafe: string[] = [];
  for (const { method, operation, parameters } of operationsOf(spec)) {
    const operationId = operation.operationId!;
    if (method !== "get" && method !== "head") unsafe.push(operationId);
    const pathMessage = perOperation[operationId]?.invalid_request;
    for (const parameter of parameters) if (parameter.in === "path" && pathMessage) inputs[parameter.name] ??= pathMessage;
    const body = (operation.requestBody?.content?.["application/json"] as MediaType | undefined)?.schema as Schema | undefined;
    const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith("2"))?.[1];
    const answer = (success?.content?.["application/json"] as MediaType | undefined)?.schema as Schema | undefined;
    for (const [name, property] of Object.entries((body?.properties ?? {}) as Record<string, Schema>)) {
      const text = fields[`/${name}`]?.invalid_format ?? fields[`/${name}`]?.missing_required;
      if (text) inputs[`body.${name}`] ??= text;
      // A value longer than the answer's limit is cut by the server, not refused: the screen should say so first.
      const limit = property.maxLength ?? (answer?.properties?.[name] as Schema | undefined)?.maxLength;
      if (typeof limit === "number") (limits[operationId] ??= {})[`/${name}`] = limit;
    }
  }
  return {
    problems: sorted(problems),
    operations: sorted(operations),
    fields: sorted(Object.fromEntries(Object.entries(fields).map(([pointer, codes]) => [pointer, sorted(codes)]))),
    inputs: sorted(inputs),
    limits: sorted(limits),
    statuses: sorted(statuses),
    unsafe,
  };
}

/** A documented constant holding `value`. A declared function, so that its run belongs to the test that renders. */
function constant(doc: string, declaration: string, value: unknown): string {
  return `/** ${doc} */\n${declaration} = ${JSON.stringify(value, null, 2)};\n\n`;
}

/** `packages/billing-client/src/messages.gen.ts`. */
export function renderMessages(spec: Spec): string {
  const t = messageTables(spec);
  const serverError = Object.entries(t.statuses).find(([status]) => status.startsWith("5"))?.[1];
  return (
    `// ${DO_NOT_EDIT}\n` +
    `import { InvalidArgumentError, NetworkError, ProblemError, TimeoutError, UnexpectedResponseError } from "./errors.ts";\n\n` +
    `/** What a screen shows for an error, in the words of the spec's Problem examples. */\n` +
    `export interface ErrorMessage {\n` +
    `  /** One or two plain sentences for the person using the app. */\n` +
    `  message: string;\n` +
    `  /** The JSON Pointer of the request body member at fault (\`/email\`), to show the message at that input. */\n` +
    `  field?: string;\n` +
    `  /** The request's ID, given for a server error, for the person to quote to support. */\n` +
    `  requestId?: string;\n` +
    `}\n\n` +
    constant(
      "Each Problem `code`'s message: the wording most of its examples in the spec share.",
      "export const problemMessages: Record<string, string>",
      t.problems,
    ) +
    constant(
      "An operation's own message for a Problem `code`, where its examples word it otherwise.",
      "const operationMessages: Record<string, Record<string, string>>",
      t.operations,
    ) +
    constant(
      'Per request body member (a JSON Pointer; `""` is the whole body) and field error `code`: the spec\'s example with that one field error.',
      "export const fieldMessages: Record<string, Record<string, string>>",
      t.fields,
    ) +
    constant(
      "Per argument the client checks before sending (`body.email`, a path parameter's name): the message for a value it refuses.",
      "export const inputMessages: Record<string, string>",
      t.inputs,
    ) +
    constant(
      "The longest value the server keeps, per operation and body member: the request schema's `maxLength`, else the one its success answer gives that member (the server cuts a longer value).",
      "export const bodyLimits: Record<string, Record<string, number>>",
      t.limits,
    ) +
    constant(
      "Each documented status's Problem `code`, for an answer whose body has none.",
      "const statusCodes: Record<string, string>",
      t.statuses,
    ) +
    constant(
      "Operations that may change something: a lost answer leaves it unknown whether they did.",
      "const unsafe: string[]",
      t.unsafe,
    ) +
    `const UNREACHABLE = "Could not reach the billing service. Check your connection and try again.";\n` +
    `const SLOW = "The billing service did not answer in time. Try again.";\n` +
    `const UNREADABLE = "The billing service sent an answer this page cannot read. Try again in a moment.";\n` +
    `const MAYBE_DONE = " The change may have been made: reload to check before you try again.";\n` +
    `const REFUSED = "The billing service did not accept this. Reload the page and try again.";\n` +
    `const NOT_SET_UP = "This page is not set up to reach the billing service.";\n` +
    `const FIELD_REFUSED = "This value was not accepted. Check it and try again.";\n\n` +
    `/**\n` +
    ` * The message for any error the client throws (anything else gets a general one): the field\n` +
    ` * error's message at its field, else the Problem code's, with the requestId for a server error.\n` +
    ` */\n` +
    `export function errorMessage(error: unknown): ErrorMessage {\n` +
    `  if (error instanceof ProblemError) {\n` +
    `    const requestId = error.status >= 500 ? (error.requestId ?? error.headers.get("x-request-id") ?? undefined) : undefined;\n` +
    `    const withId = (message: string, field?: string): ErrorMessage => ({ message, ...(field ? { field } : {}), ...(requestId ? { requestId } : {}) });\n` +
    `    const first = error.errors.find((e) => typeof e.pointer === "string");\n` +
    `    if (first) {\n` +
    `      const known = fieldMessages[first.pointer];\n` +
    `      if (known?.[first.code]) return withId(known[first.code]!, first.pointer);\n` +
    `      if (first.pointer.startsWith("/") && !first.pointer.startsWith("/query/")) return withId(FIELD_REFUSED, first.pointer);\n` +
    `    }\n` +
    `    const code = error.code ?? statusCodes[error.status] ?? (error.status >= 500 ? ${JSON.stringify(serverError)} : undefined);\n` +
    `    const message = code && (operationMessages[error.operation]?.[code] ?? problemMessages[code]);\n` +
    `    return withId(message || (error.status >= 500 ? problemMessages[${JSON.stringify(serverError)}] ?? UNREADABLE : REFUSED));\n` +
    `  }\n` +
    `  const maybeDone = (error as { operation?: unknown } | null)?.operation;\n` +
    `  const suffix = typeof maybeDone === "string" && unsafe.includes(maybeDone) ? MAYBE_DONE : "";\n` +
    `  if (error instanceof NetworkError) return { message: (suffix ? "The connection was lost." : UNREACHABLE) + suffix };\n` +
    `  if (error instanceof TimeoutError) return { message: SLOW + suffix };\n` +
    `  if (error instanceof UnexpectedResponseError) {\n` +
    `    const requestId = error.headers.get("x-request-id") ?? undefined;\n` +
    `    return { message: UNREADABLE + suffix, ...(requestId ? { requestId } : {}) };\n` +
    `  }\n` +
    `  if (error instanceof InvalidArgumentError) {\n` +
    `    const field = error.argument.startsWith("body.") ? \`/\${error.argument.slice(5)}\` : undefined;\n` +
    `    const message = inputMessages[error.argument] ?? (field ? FIELD_REFUSED : NOT_SET_UP);\n` +
    `    return field ? { message, field } : { message };\n` +
    `  }\n` +
    `  return { message: UNREACHABLE };\n` +
    `}\n`
  );
}
