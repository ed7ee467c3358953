/**
 * Test data taken from the spec's own examples: the invoice id, each operation's path and
 * URL, request bodies and answers by example name. A changed example in spec/ reaches every
 * test that uses one, and no test types out a path.
 */
import { operationMetadata, operationModel, serverUrl } from "@hostup/billing-openapi";
import { examplePath, namedExamples, operationById, pathParameterExample } from "../../pipeline/spec-examples.ts";
import type { Answer } from "./observed-fetch.ts";
import { resolved, response, success, type OperationId } from "./spec.ts";

/** The invoice id the spec gives as the example of resendInvoiceEmail's `id` (the stateful mock's fixtures know it too). */
export const invoiceId = pathParameterExample(resolved, "resendInvoiceEmail", "id") as string;

/** The operation's path with its parameters from the spec's examples, or from `values`. */
export function pathOf(operationId: OperationId, values?: Record<string, string>): string {
  return examplePath(resolved, operationId, values);
}

/** Where the client sends the operation by default: the spec's server and pathOf(). */
export function urlOf(operationId: OperationId, values?: Record<string, string>): string {
  return `${serverUrl}${pathOf(operationId, values)}`;
}

/** `METHOD /path/{template}`, as the tests' describe blocks name an operation. */
export function titleOf(operationId: OperationId): string {
  const { method, path } = operationMetadata[operationId];
  return `${method} ${path}`;
}

/** The operation's request body example `name`, or its first. */
export function requestBodyExample(operationId: OperationId, name?: string): Record<string, unknown> {
  const media = operationById(resolved, operationId).operation.requestBody?.content?.["application/json"];
  const examples = namedExamples(media);
  const value = name === undefined ? Object.values(examples)[0] : examples[name];
  if (value === undefined) throw new Error(`${operationId}: no request body example ${name ?? ""} in the spec`);
  return value as Record<string, unknown>;
}

/** The value of a response example: by status and name, else the success response's first. */
export function responseExample(operationId: OperationId, status?: number, name?: string): Record<string, unknown> {
  const { examples } = status === undefined ? success(operationId) : response(operationId, status);
  const value = name === undefined ? Object.values(examples)[0] : examples[name];
  if (value === undefined) throw new Error(`${operationId}: no ${status ?? "success"} example ${name ?? ""} in the spec`);
  return value as Record<string, unknown>;
}

/** An answer for the test fetch: a response example as the server sends it, with its status and media type. */
export function exampleAnswer(operationId: OperationId, status?: number, name?: string): Answer {
  const documented = status === undefined ? success(operationId) : response(operationId, status);
  const body = JSON.stringify(responseExample(operationId, documented.status, name));
  return () => new Response(body, { status: documented.status, headers: { "Content-Type": documented.mediaType ?? "application/json" } });
}

/** The start of the first "try it" command the mock scripts print: the spec's first operation at its example path, with the test token. */
export function firstTryIt(baseUrl: string): string {
  const [first] = Object.values(operationModel.operations);
  if (!first) throw new Error("the spec has no operation");
  return `curl -i -X ${first.method} ${baseUrl}${pathOf(first.operationId as OperationId)} -H 'Authorization: Bearer test-token'`;
}
