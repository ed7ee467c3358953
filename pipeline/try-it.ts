/**
 * The "try it" commands the mock scripts print: curl requests for the spec being served, built
 * from its operation model (each operation's method, path, parameter examples, body example and
 * security), so a script prints working commands for whatever spec it serves.
 */
import type { ModelOperation, OperationModel } from "./operation-model.ts";

/** The credentials the commands send, by the kind of scheme that takes them. */
export interface TryItCredentials {
  /** Sent as a bearer token, and as an API key in a header or the query. */
  token: string;
  /** Sent as an API key in a cookie. */
  session: string;
  /** `user:password`, sent as basic credentials. */
  login: string;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The operation's path with each path parameter's example, as its style writes a primitive or a list. */
function examplePath(operation: ModelOperation): string {
  return operation.path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const parameter = operation.parameters.find((p) => p.in === "path" && p.name === name);
    if (!parameter || parameter.example === undefined) return whole;
    const value = [parameter.example]
      .flat()
      .map((item) => encodeURIComponent(String(item)))
      .join(",");
    return parameter.style === "label" ? `.${value}` : parameter.style === "matrix" ? `;${name}=${value}` : value;
  });
}

/** The curl arguments that carry the credentials of the operation's first security requirement, and its query. */
function credentialsOf(
  model: OperationModel,
  operation: ModelOperation,
  credentials: TryItCredentials,
): { flags: string[]; query: string[] } {
  const flags: string[] = [];
  const query: string[] = [];
  for (const { scheme } of operation.security[0] ?? []) {
    const declared = model.securitySchemes[scheme];
    if (!declared) continue;
    if (declared.credential === "bearer") flags.push(`-H ${quote(`Authorization: Bearer ${credentials.token}`)}`);
    else if (declared.credential === "basic") flags.push(`-u ${quote(credentials.login)}`);
    else if (declared.in === "header") flags.push(`-H ${quote(`${declared.name}: ${credentials.token}`)}`);
    else if (declared.in === "query") query.push(`${encodeURIComponent(declared.name!)}=${encodeURIComponent(credentials.token)}`);
    else flags.push(`-H ${quote(`Cookie: ${declared.name}=${credentials.session}`)}`);
  }
  return { flags, query };
}

/**
 * The required header and query parameters with their examples: without them the server
 * refuses the command (an `Idempotency-Key` header, a mandatory filter).
 */
function requiredParameters(operation: ModelOperation): { flags: string[]; query: string[] } {
  const flags: string[] = [];
  const query: string[] = [];
  for (const parameter of operation.parameters) {
    if (!parameter.required || parameter.example === undefined) continue;
    const values = [parameter.example].flat().map(String);
    if (parameter.in === "header") flags.push(`-H ${quote(`${parameter.name}: ${values.join(",")}`)}`);
    else if (parameter.in === "query" && parameter.explode)
      for (const value of values) query.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(value)}`);
    else if (parameter.in === "query") query.push(`${encodeURIComponent(parameter.name)}=${values.map(encodeURIComponent).join(",")}`);
  }
  return { flags, query };
}

/** A curl command for `operation` at `baseUrl`, with its credentials, `extra` arguments and, when `withBody`, its body's example. */
export function curlFor(
  model: OperationModel,
  operation: ModelOperation,
  baseUrl: string,
  credentials: TryItCredentials,
  options: { withBody?: boolean; extra?: string[] } = {},
): string {
  const credentialed = credentialsOf(model, operation, credentials);
  const required = requiredParameters(operation);
  const flags = [...credentialed.flags, ...required.flags];
  const query = [...required.query, ...credentialed.query];
  const url = `${baseUrl}${examplePath(operation)}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  const parts = ["curl -i", `-X ${operation.method}`, query.length > 0 ? quote(url) : url, ...flags, ...(options.extra ?? [])];
  const content = operation.body?.contents[0];
  const example = bodyExample(operation);
  if ((options.withBody || operation.body?.required) && content && example !== undefined) {
    parts.push(`-H ${quote(`Content-Type: ${content.mediaType}`)}`);
    parts.push(`-d ${quote(typeof example === "string" ? example : JSON.stringify(example))}`);
  }
  return parts.join(" ");
}

/** The first example of the operation's first body media type, if it has one. */
function bodyExample(operation: ModelOperation): unknown {
  const content = operation.body?.contents[0];
  return content && Object.values(content.examples)[0];
}

/** Whether a command can carry all the operation requires: an example of a required body and of each required parameter. */
function callable(operation: ModelOperation): boolean {
  if (operation.body?.required && bodyExample(operation) === undefined) return false;
  return operation.parameters.every((parameter) => !parameter.required || parameter.example !== undefined);
}

/**
 * Commands for the spec's first operation a command can call as the spec requires (else its
 * first), the first other that takes a body with an example, and that first operation asked
 * through `Prefer` for the first failure status it documents an example of.
 */
export function tryItCommands(model: OperationModel, baseUrl: string, credentials: TryItCredentials): string[] {
  const operations = Object.values(model.operations);
  const first = operations.find(callable) ?? operations[0];
  if (!first) return [];
  const commands = [curlFor(model, first, baseUrl, credentials)];
  const withBody = operations.find((operation) => operation !== first && bodyExample(operation) !== undefined);
  if (withBody) commands.push(curlFor(model, withBody, baseUrl, credentials, { withBody: true }));
  const failure = first.responses.find((r) => /^[45]\d\d$/.test(r.status) && Object.keys(r.contents[0]?.examples ?? {}).length > 0);
  if (failure) commands.push(curlFor(model, first, baseUrl, credentials, { extra: [`-H ${quote(`Prefer: code=${failure.status}`)}`] }));
  return commands;
}
