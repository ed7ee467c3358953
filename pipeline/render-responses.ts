/**
 * Renders what the spec documents about each operation's answers, as types the client's users
 * narrow with (`packages/billing-client/src/responses.gen.ts`): the Problem `code`s its error
 * answers list, the JSON Pointers a field error may name in its request body, each success
 * answer's status, body and declared headers (for the `withResponse` call option), and the
 * header the spec declares for a request ID. Only that header's name is a value at run time.
 */
import { join } from "node:path";
import type { Spec } from "./openapi-model.ts";
import { operationModel, type JsonSchema, type ModelOperation } from "./operation-model.ts";
import { root } from "./paths.ts";
import { answerType, DO_NOT_EDIT, methods, successes, type Method } from "./render-client.ts";

/** The client's generated answer types, `packages/billing-client/src/responses.gen.ts`. */
export const clientResponsesFile = join(root, "packages/billing-client/src/responses.gen.ts");

// Declared functions, not arrow constants: what they do then runs inside the test that calls the
// renderer, where mutation testing can see which test reached it.

/** `name` as an interface key: bare when it is an identifier, else quoted. */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** The union of `members`, each once, or `none` when there are none. */
function union(members: Iterable<string>, none: string): string {
  return [...new Set(members)].join(" | ") || none;
}

/**
 * The `code` of every Problem example of the operation's 4xx, 5xx and default answers, in the
 * spec's order. An operation that lists none gets `string`: nothing is known, so nothing narrows.
 */
export function problemCodes(operation: ModelOperation): string[] {
  const codes: string[] = [];
  for (const { status, contents } of operation.responses) {
    if (!/^([45]|default)/.test(status)) continue;
    for (const content of contents) {
      for (const example of Object.values(content.examples)) {
        const code = (example as { code?: unknown } | null)?.code;
        if (typeof code === "string" && !codes.includes(code)) codes.push(code);
      }
    }
  }
  return codes;
}

/** `name` as a JSON Pointer segment: RFC 6901 escapes `~` and `/`. */
function escape(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The JSON Pointers (RFC 6901) into a body of `schema`: "" for the body itself, then every
 * property the spec names, at every depth (an array's items under `${number}`), to a depth of 4
 * so that a recursive schema ends. A schema that names no property gives `string`.
 */
export function bodyPointers(schema: JsonSchema | undefined): string[] {
  const pointers: string[] = [];
  const walk = (node: JsonSchema | undefined, prefix: string, depth: number) => {
    if (!node || depth > 4) return;
    const s = node as {
      properties?: Record<string, JsonSchema>;
      items?: JsonSchema;
      allOf?: JsonSchema[];
      oneOf?: JsonSchema[];
      anyOf?: JsonSchema[];
    };
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      const pointer = `${prefix}/${escape(name)}`;
      pointers.push(pointer);
      walk(property, pointer, depth + 1);
    }
    if (s.items && typeof s.items === "object") {
      const pointer = `${prefix}/\${number}`;
      pointers.push(pointer);
      walk(s.items, pointer, depth + 1);
    }
    for (const branch of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) walk(branch, prefix, depth);
  };
  walk(schema, "", 0);
  return pointers.length > 0 ? ["", ...new Set(pointers)] : [];
}

/**
 * `pointer` as a type: a template literal type where an array index stands for any number. There a
 * backtick, a backslash and a `${` that is not the index placeholder are escaped, so that a
 * property's name stays literal text.
 */
function pointerType(pointer: string): string {
  return pointer.includes("${number}") ? `\`${pointer.replace(/[`\\]|\$(?=\{)(?!\{number\})/g, "\\$&")}\`` : JSON.stringify(pointer);
}

/** The response header the spec declares for a request ID (`X-Request-Id`, `Request-Id`, ...), lower case, if any. */
export function requestIdHeader(operations: ModelOperation[]): string | undefined {
  for (const operation of operations) {
    for (const response of operation.responses) {
      const header = response.headers.find(({ name }) => /^(x-)?request-?id$/i.test(name));
      if (header) return header.name.toLowerCase();
    }
  }
  return undefined;
}

/** What operations.gen.ts imports for the overloads below. */
export const WITH_RESPONSE_IMPORTS =
  `import type { Answers } from "./responses.gen.ts";\n` + `import type { WithResponseOptions } from "./response-meta.ts";\n`;

/**
 * The `withResponse` overload of a method, rendered into operations.gen.ts just before the
 * method's own signature: first, so that options typed as WithResponseOptions pick it. It
 * carries the method's documentation (`doc`, its paragraphs), its deprecation included.
 */
export function withResponseOverload({ operationId, arguments: args }: Method, doc: string[], jsdoc: (lines: string[]) => string): string {
  // The options come last and are required here, so an optional argument before them takes `undefined`.
  const params = [...args.map((a) => `${a.name}: ${a.type}${a.optional ? " | undefined" : ""}`), "options: WithResponseOptions"];
  const tags = doc.filter((line) => line.startsWith("@"));
  const lines = [
    ...doc.filter((line) => !line.startsWith("@")),
    "With `withResponse: true`, resolves with the answer's status, headers, request ID and rate limit beside its body (`data`).",
    ...tags,
  ];
  return `${jsdoc(lines)}  ${key(operationId)}(${params.join(", ")}): Promise<Answers[${JSON.stringify(operationId)}]>;\n`;
}

/** `packages/billing-client/src/responses.gen.ts`. */
export function renderResponses(spec: Spec): string {
  const model = operationModel(spec);
  const operations = Object.values(model.operations);
  const codes = operations.map(
    (operation) =>
      `  ${key(operation.operationId)}: ${union(
        problemCodes(operation).map((c) => JSON.stringify(c)),
        "string",
      )};\n`,
  );
  const pointers = operations.map((operation) => {
    const content = operation.body?.contents[0];
    const names = content && ["json", "problem"].includes(content.kind) ? bodyPointers(content.schema) : [];
    return `  ${key(operation.operationId)}: ${union(names.map(pointerType), "string")};\n`;
  });
  const answers = methods(spec).map(({ operationId, meta }) => {
    const op = `operations[${JSON.stringify(operationId)}]`;
    const each = successes(meta).map((response) => {
      const status = Number.isInteger(Number(response.status)) ? response.status : "number";
      const required = response.headers.filter((h) => h.required).map((h) => JSON.stringify(h.name));
      const optional = response.headers.filter((h) => !h.required).map((h) => JSON.stringify(h.name));
      return `Answer<${status}, ${answerType(op, response)}, ${union(required, "never")}, ${union(optional, "never")}>`;
    });
    return `  ${key(operationId)}: ${union(each, "Answer<number, unknown, never, never>")};\n`;
  });
  const header = requestIdHeader(operations);
  return (
    `// ${DO_NOT_EDIT}\n` +
    `import type { operations } from "@hostup/billing-openapi";\n` +
    `import type { Answer } from "./response-meta.ts";\n\n` +
    `/** The \`code\` of each operation's documented Problem answers, from the spec's examples (\`string\` where it lists none). */\n` +
    `export interface ProblemCodes {\n${codes.join("")}}\n\n` +
    `/** The JSON Pointers a field error may name: "" (the whole body) and each property of the request body (\`string\` where the spec names none). */\n` +
    `export interface FieldPointers {\n${pointers.join("")}}\n\n` +
    `/** What each operation resolves with under \`withResponse\`: one member per documented success answer. */\n` +
    `export interface Answers {\n${answers.join("")}}\n\n` +
    `/** The response header the spec declares for a request ID, lower case; without one, the body's \`requestId\` is read. */\n` +
    `export const requestIdHeader: string | undefined = ${JSON.stringify(header) ?? "undefined"};\n`
  );
}
