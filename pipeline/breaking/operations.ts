/**
 * Operation rules: paths and operations present, operationIds, webhooks; then each matched
 * operation goes through the parameter, body, response, security and Problem-code groups.
 * A renamed operationId is breaking here (oasdiff rates it informational): the generated
 * client names its methods after it.
 */
import { operationsOf, type Operation, type OperationEntry, type Spec } from "../openapi-model.ts";
import { compareParameters } from "./parameters.ts";
import { compareProblemCodes } from "./problem-codes.ts";
import { compareRequestBody } from "./request-body.ts";
import { compareResponses } from "./responses.ts";
import { compareSecurity } from "./security.ts";
import { deprecatedRemoval, deprecationChange } from "./sunset.ts";
import { breaking, changelog, escapePointer, type Change, type Scope } from "./types.ts";

// `/a/{id}` and `/a/{invoiceId}` are the same URL template.
const template = (path: string) => path.replace(/\{[^}]+\}/g, "{}");
const pointerOf = (entry: OperationEntry) => `/paths/${escapePointer(entry.path)}/${entry.method}`;
const name = (entry: OperationEntry) => `${entry.method.toUpperCase()} ${entry.path}`;

export function compareOperations(base: Spec, revision: Spec, out: Change[], today?: string): void {
  const after = new Map(operationsOf(revision).map((entry) => [`${entry.method} ${template(entry.path)}`, entry]));
  const matched = new Set<OperationEntry>();
  for (const a of operationsOf(base)) {
    const b = after.get(`${a.method} ${template(a.path)}`);
    const scope: Scope = { where: name(b ?? a), pointer: pointerOf(b ?? a), basePointer: pointerOf(a), out, today };
    if (!b) {
      const removed = `operation ${a.operation.operationId ?? ""}`.trim();
      if (deprecatedRemoval(scope, a.operation, "operation", removed)) continue;
      breaking(scope, "operation-removed", `operation ${a.operation.operationId ?? ""} was removed`.replace("  ", " "), "base");
      continue;
    }
    matched.add(b);
    compareOperation(a, b, base, revision, scope);
  }
  for (const b of after.values()) {
    if (!matched.has(b))
      changelog(
        { where: name(b), pointer: pointerOf(b), basePointer: pointerOf(b), out },
        "operation-added",
        `new operation ${b.operation.operationId ?? ""}`.trim(),
      );
  }
  compareWebhooks(base, revision, out);
}

function compareOperation(a: OperationEntry, b: OperationEntry, base: Spec, revision: Spec, scope: Scope) {
  const [opA, opB] = [a.operation, b.operation];
  if (opA.operationId !== undefined && opA.operationId !== opB.operationId)
    breaking(
      scope,
      "operation-id-changed",
      `operationId changed from ${opA.operationId} to ${String(opB.operationId)}: the client's method name changes`,
    );
  if (opA.summary !== opB.summary || opA.description !== opB.description)
    changelog(scope, "description-changed", "summary or description changed");
  deprecationChange(scope, opA, opB, "operation", "operation");
  compareParameters(a, b, scope);
  compareRequestBody(opA, opB, scope);
  compareResponses(opA, opB, scope);
  compareSecurity(opA, opB, base, revision, scope);
  compareProblemCodes(opA, opB, scope);
}

function compareWebhooks(base: Spec, revision: Spec, out: Change[]) {
  const hooksA = (base.webhooks ?? {}) as Record<string, Record<string, Operation>>;
  const hooksB = (revision.webhooks ?? {}) as Record<string, Record<string, Operation>>;
  for (const hook of Object.keys(hooksA)) {
    const scope: Scope = {
      where: `webhook ${hook}`,
      pointer: `/webhooks/${escapePointer(hook)}`,
      basePointer: `/webhooks/${escapePointer(hook)}`,
      out,
    };
    if (!hooksB[hook]) breaking(scope, "webhook-removed", `webhook ${hook} was removed: subscribers stop receiving it`, "base");
  }
  for (const hook of Object.keys(hooksB)) {
    const scope: Scope = {
      where: `webhook ${hook}`,
      pointer: `/webhooks/${escapePointer(hook)}`,
      basePointer: `/webhooks/${escapePointer(hook)}`,
      out,
    };
    if (!hooksA[hook]) changelog(scope, "webhook-added", `new webhook ${hook}`);
  }
}
