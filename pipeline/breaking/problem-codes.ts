/**
 * Problem `code` rule. The spec tells clients to branch on a Problem's `code`; the codes an
 * operation documents are the `code` values of its error responses' examples. Removing one
 * breaks the branch a client wrote for it.
 */
import type { MediaType, Operation, Response } from "../openapi-model.ts";
import { breaking, changelog, child, type Json, type Scope } from "./types.ts";

/** code → the status it is documented under. */
function codesOf(operation: Operation): Map<string, string> {
  const codes = new Map<string, string>();
  for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Response>)) {
    if (!/^[45]/.test(status)) continue;
    for (const media of Object.values((response.content ?? {}) as Record<string, MediaType>)) {
      const values = [media.example, ...Object.values((media.examples ?? {}) as Record<string, Json>).map((e) => e.value)];
      for (const value of values) {
        const code = (value as Json | undefined)?.code;
        if (typeof code === "string" && !codes.has(code)) codes.set(code, status);
      }
    }
  }
  return codes;
}

export function compareProblemCodes(a: Operation, b: Operation, scope: Scope): void {
  const before = codesOf(a);
  const after = codesOf(b);
  for (const [code, status] of before) {
    if (!after.has(code))
      breaking(
        child(scope, "responses", status),
        "problem-code-removed",
        `Problem code "${code}" (${status}) is no longer documented`,
        "base",
      );
  }
  for (const [code, status] of after) {
    if (!before.has(code)) changelog(child(scope, "responses", status), "problem-code-added", `new Problem code "${code}" (${status})`);
  }
}
