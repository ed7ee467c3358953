/**
 * Response rules: statuses, media types, headers and the body schema (as output).
 *
 * A removed success status is breaking: the generated client types `data` from it. A
 * removed error (or `default`) status is listed, not counted, which is where oasdiff puts
 * it too (`response-non-success-status-removed` is INFO in its rules, and the two corpus
 * pairs that remove a 400 and a 409 are labelled INFO). Why that level is right here: the
 * server answering that status is not changed by documenting it less, and this project's
 * client has no type that branches on an error status: every non-2xx becomes one
 * ProblemError whose `status` is a number, so no client code stops compiling or working.
 * What clients do branch on, a Problem `code`, has its own breaking rule
 * (problem-codes.ts).
 */
import type { MediaType, Operation, Response } from "../openapi-model.ts";
import { compare, isXml } from "./schemas.ts";
import { serialization } from "./serialization.ts";
import { breaking, changelog, child, type Json, type Scope } from "./types.ts";

type Header = NonNullable<Response["headers"]>[string];

const success = (status: string) => /^2/.test(status);

function compareHeaders(a: Response, b: Response, at: Scope) {
  const headersA = (a.headers ?? {}) as Record<string, Header>;
  const headersB = new Map(
    Object.entries((b.headers ?? {}) as Record<string, Header>).map(([name, h]) => [name.toLowerCase(), [name, h] as const]),
  );
  for (const [name, header] of Object.entries(headersA)) {
    const there = child(at, "headers", name);
    const match = headersB.get(name.toLowerCase());
    if (!match) {
      breaking(
        there,
        "response-header-removed",
        `response header ${name} was removed${header.required ? " (it was required)" : ""}`,
        "base",
      );
      continue;
    }
    const [nameB, other] = match;
    const scope = { ...child(at, "headers", nameB), basePointer: there.basePointer };
    if (header.required && !other.required)
      breaking(scope, "response-header-became-optional", `response header ${name} may now be missing`);
    if (serialization(header, "header") !== serialization(other, "header"))
      breaking(
        scope,
        "response-header-serialization-changed",
        `response header ${name} is serialised differently (${serialization(header, "header")} → ${serialization(other, "header")}): clients parse the old form`,
      );
    if (header.description !== other.description)
      changelog(child(scope, "description"), "description-changed", `response header ${name}'s description changed`);
    compare(header.schema, other.schema, {
      ...child(scope, "schema"),
      where: `${at.where} header ${name}`,
      direction: "response",
      text: true,
    });
  }
  for (const [lower, [name]] of headersB) {
    if (!Object.keys(headersA).some((n) => n.toLowerCase() === lower))
      changelog(child(at, "headers", name), "response-header-added", `new response header ${name}`);
  }
}

function compareContent(a: Response, b: Response, at: Scope, status: string) {
  const contentA = (a.content ?? {}) as Record<string, MediaType>;
  const contentB = (b.content ?? {}) as Record<string, MediaType>;
  for (const [type, media] of Object.entries(contentA)) {
    const there = child(at, "content", type);
    const other = contentB[type];
    if (!other) {
      breaking(there, "response-media-type-removed", `response ${status} no longer offers ${type}`, "base");
      continue;
    }
    if (!media.schema !== !other.schema)
      breaking(there, "response-schema-changed", `response ${status} ${type} ${media.schema ? "lost" : "gained"} its schema`);
    else if (media.schema)
      compare(media.schema, other.schema, {
        ...child(there, "schema"),
        where: `${at.where} response ${status}`,
        direction: "response",
        loose: isXml(type),
      });
    const examplesA = Object.keys((media.examples ?? {}) as Json);
    for (const name of Object.keys((other.examples ?? {}) as Json)) {
      if (!examplesA.includes(name))
        changelog(child(there, "examples", name), "example-added", `response ${status} has a new example "${name}"`);
    }
  }
  for (const type of Object.keys(contentB))
    if (!contentA[type]) changelog(child(at, "content", type), "response-media-type-added", `response ${status} also offers ${type}`);
}

export function compareResponses(a: Operation, b: Operation, scope: Scope): void {
  const responsesA = (a.responses ?? {}) as Record<string, Response>;
  const responsesB = (b.responses ?? {}) as Record<string, Response>;
  for (const [status, response] of Object.entries(responsesA)) {
    const at = child(scope, "responses", status);
    const other = responsesB[status];
    if (!other) {
      if (success(status)) breaking(at, "response-success-status-removed", `success response ${status} was removed`, "base");
      else changelog(at, "response-status-removed", `response ${status} is no longer documented`, "base");
      continue;
    }
    compareHeaders(response, other, at);
    compareContent(response, other, at, status);
    if (response.description !== other.description)
      changelog(child(at, "description"), "description-changed", `response ${status}'s description changed`);
  }
  for (const status of Object.keys(responsesB)) {
    if (!responsesA[status]) changelog(child(scope, "responses", status), "response-status-added", `new response ${status}`);
  }
}
