/**
 * The example values the spec gives, for scripts and tests that need a request the API
 * accepts: a path with its parameters filled in, a request body, an answer. They come from
 * the resolved model, so a changed example in spec/ changes every caller with it.
 */
import { operationsOf, type MediaType, type OperationEntry, type Parameter, type Spec } from "./openapi-model.ts";

/** The operation with this operationId; throws naming the ids the spec has when there is none. */
export function operationById(spec: Spec, operationId: string): OperationEntry {
  const entries = operationsOf(spec);
  const entry = entries.find((e) => e.operation.operationId === operationId);
  if (!entry)
    throw new Error(`the spec has no operation ${operationId} (it has ${entries.map((e) => e.operation.operationId).join(", ")})`);
  return entry;
}

/** A parameter's `example`, or the value of the first of its named `examples`. */
export function parameterExample(parameter: Parameter): unknown {
  if (parameter.example !== undefined) return parameter.example;
  return Object.values(parameter.examples ?? {})[0]?.value;
}

/** The example of the operation's path parameter `name`; throws when the spec gives none. */
export function pathParameterExample(spec: Spec, operationId: string, name: string): unknown {
  const parameter = operationById(spec, operationId).parameters.find((p) => p.in === "path" && p.name === name);
  const example = parameter && parameterExample(parameter);
  if (example === undefined) throw new Error(`${operationId}: the path parameter ${name} has no example in the spec`);
  return example;
}

/** The operation's path with each parameter replaced by `values[name]`, else by its example from the spec. */
export function examplePath(spec: Spec, operationId: string, values: Record<string, string> = {}): string {
  const { path } = operationById(spec, operationId);
  return path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? String(pathParameterExample(spec, operationId, name))),
  );
}

/** The named examples of a request body or response content, by name: their `value`s. */
export function namedExamples(media: MediaType | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(media?.examples ?? {}).map(([name, example]) => [name, example.value]));
}
