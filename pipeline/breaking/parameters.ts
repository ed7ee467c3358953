/**
 * Parameter rules: path, query, header and cookie parameters, the path item's included
 * (an operation inherits them). Path parameters are matched by their place in the path,
 * so renaming `{id}` to `{invoiceId}` is not a removal.
 */
import type { OperationEntry, Parameter } from "../openapi-model.ts";
import { compare } from "./schemas.ts";
import { breaking, changelog, child, same, show, type Json, type Scope } from "./types.ts";

function key(parameter: Parameter, path: string): string {
  if (parameter.in === "path") return `path:${path.match(/\{[^}]+\}/g)?.indexOf(`{${parameter.name}}`) ?? parameter.name}`;
  // Header names are case-insensitive (RFC 9110).
  return `${parameter.in}:${parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name}`;
}

/** Where a parameter is written: on the operation, or on its path item. */
function pointerOf(entry: OperationEntry, parameter: Parameter, operationPointer: string): string {
  const own = (entry.operation.parameters ?? []).findIndex((p) => p.name === parameter.name && p.in === parameter.in);
  if (own >= 0) return `${operationPointer}/parameters/${own}`;
  const pathPointer = operationPointer.slice(0, operationPointer.lastIndexOf("/"));
  return `${pathPointer}/parameters/${entry.parameters.filter((p) => !(entry.operation.parameters ?? []).includes(p)).indexOf(parameter)}`;
}

function schemaOf(parameter: Parameter): unknown {
  return parameter.schema ?? Object.values((parameter.content ?? {}) as Record<string, Json>)[0]?.schema;
}

export function compareParameters(base: OperationEntry, revision: OperationEntry, scope: Scope & { basePointer: string }): void {
  const before = new Map(base.parameters.map((p) => [key(p, base.path), p]));
  const after = new Map(revision.parameters.map((p) => [key(p, revision.path), p]));
  for (const [id, a] of before) {
    const label = `${a.in} parameter "${a.name}"`;
    const b = after.get(id);
    const at: Scope = { ...scope, pointer: pointerOf(revision, b ?? a, scope.pointer), basePointer: pointerOf(base, a, scope.basePointer) };
    if (!b) {
      breaking(at, "request-parameter-removed", `${label} was removed: clients that send it may be refused`, "base");
      continue;
    }
    if (b.required && !a.required) breaking(at, "request-parameter-became-required", `${label} is now required`);
    if ((a.style ?? null) !== (b.style ?? null) || (a.explode ?? null) !== (b.explode ?? null))
      breaking(at, "request-parameter-serialization-changed", `${label} is serialised differently (style/explode changed)`);
    const [schemaA, schemaB] = [schemaOf(a) as Json | undefined, schemaOf(b) as Json | undefined];
    // A default is what the server assumes when the client leaves the parameter out.
    if (!b.required && !same(schemaA?.default, schemaB?.default))
      breaking(
        at,
        "request-parameter-default-changed",
        `${label}'s default changed from ${show(schemaA?.default)} to ${show(schemaB?.default)}`,
      );
    if (a.name !== b.name) changelog(at, "path-parameter-renamed", `path parameter "${a.name}" is now named "${b.name}"`);
    compare(schemaA, schemaB, {
      ...child(at, b.schema ? "schema" : "content"),
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
