/**
 * Parameter rules: path, query, header and cookie parameters, the path item's included
 * (an operation inherits them). Path parameters are matched by their place in the path,
 * so renaming `{id}` to `{invoiceId}` is no change at all: the URL is the same and the
 * generated client takes path values by position.
 */
import type { OperationEntry, Parameter } from "../openapi-model.ts";
import { compare } from "./schemas.ts";
import { formExploded, serialization } from "./serialization.ts";
import { deprecatedRemoval, deprecationChange } from "./sunset.ts";
import { breaking, changelog, child, same, show, type Json, type Scope } from "./types.ts";

function key(parameter: Parameter, path: string): string {
  if (parameter.in === "path") {
    const place = path.match(/\{[^}]+\}/g)?.indexOf(`{${parameter.name}}`) ?? -1;
    return `path:${place >= 0 ? place : parameter.name}`;
  }
  // Header names are case-insensitive (RFC 9110).
  return `${parameter.in}:${parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name}`;
}

/**
 * The parameters an operation takes, one per key: a parameter declared on the path item and
 * again on the operation is one parameter, the operation's declaration winning (header
 * names compared without case, as HTTP does).
 */
function parametersOf(entry: OperationEntry): Map<string, Parameter> {
  const own = new Set(entry.operation.parameters ?? []);
  const byKey = new Map<string, Parameter>();
  for (const parameter of [...entry.parameters.filter((p) => !own.has(p)), ...own]) byKey.set(key(parameter, entry.path), parameter);
  return byKey;
}

/** Where a parameter is written: on the operation, or on its path item. */
function pointerOf(entry: OperationEntry, parameter: Parameter, operationPointer: string): string {
  const own = (entry.operation.parameters ?? []).indexOf(parameter);
  if (own >= 0) return `${operationPointer}/parameters/${own}`;
  const pathPointer = operationPointer.slice(0, operationPointer.lastIndexOf("/"));
  return `${pathPointer}/parameters/${entry.parameters.filter((p) => !(entry.operation.parameters ?? []).includes(p)).indexOf(parameter)}`;
}

function schemaOf(parameter: Parameter): Json | undefined {
  return (parameter.schema ?? Object.values((parameter.content ?? {}) as Record<string, Json>)[0]?.schema) as Json | undefined;
}

const isArray = (schema: Json | undefined) => schema?.type === "array" || (Array.isArray(schema?.type) && schema.type.includes("array"));

export function compareParameters(base: OperationEntry, revision: OperationEntry, scope: Scope & { basePointer: string }): void {
  const before = parametersOf(base);
  const after = parametersOf(revision);
  for (const [id, a] of before) {
    const label = `${a.in} parameter "${a.name}"`;
    const b = after.get(id);
    const at: Scope = { ...scope, pointer: pointerOf(revision, b ?? a, scope.pointer), basePointer: pointerOf(base, a, scope.basePointer) };
    if (!b) {
      if (deprecatedRemoval(at, a, "request-parameter", label)) continue;
      breaking(at, "request-parameter-removed", `${label} was removed: clients that send it may be refused`, "base");
      continue;
    }
    deprecationChange(at, a, b, "request-parameter", label);
    if (b.required && !a.required) breaking(at, "request-parameter-became-required", `${label} is now required`);
    if (serialization(a) !== serialization(b))
      breaking(
        at,
        "request-parameter-serialization-changed",
        `${label} is serialised differently (${serialization(a)} → ${serialization(b)})`,
      );
    if (a.allowEmptyValue === true && b.allowEmptyValue !== true)
      breaking(
        at,
        "request-parameter-empty-value-refused",
        `${label} no longer allows an empty value: clients that send "${a.name}=" may be refused`,
      );
    const [schemaA, schemaB] = [schemaOf(a), schemaOf(b)];
    // A default is what the server assumes when the client leaves the parameter out.
    if (!b.required && !same(schemaA?.default, schemaB?.default))
      breaking(
        at,
        "request-parameter-default-changed",
        `${label}'s default changed from ${show(schemaA?.default)} to ${show(schemaB?.default)}`,
      );
    if (a.description !== b.description) changelog(child(at, "description"), "description-changed", `${label}'s description changed`);
    // `?token=x` is a one-item array when the array is form-exploded: the old single value still fits the items.
    const [single, items] = !isArray(schemaA) && isArray(schemaB) && formExploded(b) ? [true, schemaB!.items] : [false, schemaB];
    compare(schemaA, items, {
      ...child(at, b.schema ? "schema" : "content", ...(single ? ["items"] : [])),
      basePointer: at.basePointer + "/schema",
      where: `${scope.where} ${label}`,
      direction: "request",
      text: true,
    });
  }
  for (const [id, b] of after) {
    if (before.has(id)) continue;
    const at: Scope = { ...scope, pointer: pointerOf(revision, b, scope.pointer) };
    if (b.required) breaking(at, "request-parameter-added-required", `new ${b.in} parameter "${b.name}" is required`);
    else changelog(at, "request-parameter-added", `new optional ${b.in} parameter "${b.name}"`);
  }
}
