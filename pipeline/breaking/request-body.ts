/** Request body rules: presence, requiredness, media types, and the body schema (as input). */
import type { MediaType, Operation } from "../openapi-model.ts";
import { compare, isXml } from "./schemas.ts";
import { breaking, changelog, child, type Scope } from "./types.ts";

export function compareRequestBody(a: Operation, b: Operation, scope: Scope): void {
  const [bodyA, bodyB] = [a.requestBody, b.requestBody];
  const at = child(scope, "requestBody");
  if (!bodyA && !bodyB) return;
  if (bodyA && !bodyB)
    return breaking(at, "request-body-removed", "the request body was removed: clients that send one may be refused", "base");
  if (!bodyA && bodyB) {
    if (bodyB.required) breaking(at, "request-body-added-required", "a request body is now required");
    else changelog(at, "request-body-added", "new optional request body");
    return;
  }
  if (bodyB!.required && !bodyA!.required) breaking(at, "request-body-became-required", "the request body is now required");
  const contentA = (bodyA!.content ?? {}) as Record<string, MediaType>;
  const contentB = (bodyB!.content ?? {}) as Record<string, MediaType>;
  for (const [type, media] of Object.entries(contentA)) {
    const there = child(at, "content", type);
    const other = contentB[type];
    if (!other) {
      breaking(there, "request-body-media-type-removed", `the request body no longer accepts ${type}`, "base");
      continue;
    }
    if (!media.schema && other.schema) breaking(there, "request-body-schema-added", `the ${type} request body now has a schema to match`);
    else if (media.schema && other.schema)
      compare(media.schema, other.schema, {
        ...child(there, "schema"),
        where: `${scope.where} body`,
        direction: "request",
        loose: isXml(type),
      });
  }
  for (const type of Object.keys(contentB))
    if (!contentA[type]) changelog(child(at, "content", type), "request-body-media-type-added", `the request body also accepts ${type}`);
}
