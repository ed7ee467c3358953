/**
 * One request set for both mocks, generated from the spec: every operation × documented
 * status through `Prefer: code=…` (with and without `Accept: application/json`), then
 * malformed and hostile input per operation. Operations, paths, statuses, media types and
 * bodies come from the generated metadata and the bundled document; nothing names them here.
 */
import { operationMetadata, operationModel, responseExamples } from "@hostup/billing-openapi";
import { MAX_BODY_BYTES } from "@hostup/billing-mock";
import type { RawRequest } from "../support/raw-http.ts";
import { pathOf, requestBodyExample } from "../support/examples.ts";
import { operationIds, responses, type OperationId } from "../support/spec.ts";

export interface Probe {
  /** `<operationId>: <what the request does>`, as the table of differences names it. */
  name: string;
  operationId: OperationId;
  /** The part of the matrix: documented statuses through scenarios, or malformed and hostile input. */
  part: "scenario" | "hostile";
  /** What the request does, as the table's probe column has it; `<success>` stands for the operation's success status. */
  what: string;
  request: RawRequest;
}

/** A token that any mock accepts as present; the stateful mock's fixtures hold it too. */
export const TOKEN = "test-token";
const AUTH: [string, string] = ["Authorization", `Bearer ${TOKEN}`];
const ENC = new TextEncoder();

function operationFacts(operationId: OperationId) {
  const metadata = operationMetadata[operationId];
  const documented = responses(operationId);
  const bodyMediaType = metadata.requestBody ? "application/json" : undefined;
  return {
    method: metadata.method,
    path: pathOf(operationId),
    statuses: Object.keys(responseExamples[operationId]).map(Number),
    success: Number(Object.keys(metadata.success)[0]),
    safe: metadata.safe,
    body: metadata.requestBody ? ENC.encode(JSON.stringify(requestBodyExample(operationId))) : undefined,
    bodyMediaType,
    queryParameters: Object.keys(metadata.queryParameters),
    /** Required header parameters (an Idempotency-Key, say) with the spec's example: a valid request sends them. */
    requiredHeaders: (operationModel.operations[operationId]?.parameters ?? [])
      .filter((p) => p.in === "header" && p.required && p.example !== undefined)
      .map((p): [string, string] => [p.name, String(p.example)]),
    /** The media type of the operation's error answers (its first 4xx). */
    errorMediaType: documented.find((r) => r.status >= 400 && r.mediaType)?.mediaType,
  };
}

/** The lowest 4xx status the operation does not document. */
function undocumentedStatus(statuses: number[]): number {
  let status = 400;
  while (statuses.includes(status)) status += 1;
  return status;
}

/** The path with one letter of its last literal segment and every `-` percent-encoded (RFC 3986 unreserved characters). */
function encodedUnreserved(path: string): string {
  const segments = path.split("/");
  const last = segments.findLastIndex((segment) => /^[a-z]/i.test(segment));
  const segment = segments[last]!;
  segments[last] = `%${segment.charCodeAt(0).toString(16)}${segment.slice(1)}`;
  return segments.join("/").replaceAll("-", "%2D");
}

/** A query parameter name the operation does not declare. */
function undeclaredParameter(declared: string[]): string {
  let name = "unknown";
  while (declared.includes(name)) name = `${name}_`;
  return name;
}

export function conformanceProbes(): Probe[] {
  const probes: Probe[] = [];
  for (const operationId of operationIds) {
    const facts = operationFacts(operationId);
    const add = (part: Probe["part"], what: string, request: Partial<RawRequest> & { headers: [string, string][] }) =>
      probes.push({
        name: `${operationId}: ${what}`,
        operationId,
        part,
        what,
        request: { method: facts.method, target: facts.path, ...request },
      });
    // A valid request: the example body with its media type, and a known token.
    const valid: [string, string][] = [
      AUTH,
      ...(facts.bodyMediaType ? [["Content-Type", facts.bodyMediaType] as [string, string]] : []),
      ...facts.requiredHeaders,
    ];
    const validBody = facts.body ? { body: facts.body } : {};
    const preferSuccess: [string, string] = ["Prefer", `code=${facts.success}`];

    for (const status of facts.statuses) {
      add("scenario", `Prefer: code=${status}`, { headers: [...valid, ["Prefer", `code=${status}`]], ...validBody });
      add("scenario", `Prefer: code=${status} with Accept: application/json`, {
        headers: [...valid, ["Prefer", `code=${status}`], ["Accept", "application/json"]],
        ...validBody,
      });
    }

    // Bodies.
    if (!facts.body) {
      add("hostile", "a JSON body on an operation without a requestBody", {
        headers: [AUTH, ...facts.requiredHeaders, ["Content-Type", "application/json"]],
        body: ENC.encode("{}"),
      });
    } else {
      add("hostile", "a JSON body that starts with a byte order mark", {
        headers: valid,
        body: new Uint8Array([0xef, 0xbb, 0xbf, ...facts.body]),
      });
      add("hostile", "a body without Content-Type", { headers: [AUTH, ...facts.requiredHeaders], body: facts.body });
      add("hostile", "a body sent as text/plain", {
        headers: [AUTH, ...facts.requiredHeaders, ["Content-Type", "text/plain"]],
        body: facts.body,
      });
      add("hostile", "a body sent as another +json media type (application/vnd.api+json)", {
        headers: [AUTH, ...facts.requiredHeaders, ["Content-Type", "application/vnd.api+json"]],
        body: facts.body,
      });
    }
    add("hostile", "an oversized body (one byte over the limit)", {
      headers: [AUTH, ...facts.requiredHeaders, ["Content-Type", "application/json"]],
      body: ENC.encode(JSON.stringify({ padding: "x".repeat(MAX_BODY_BYTES) }).slice(0, MAX_BODY_BYTES + 1)),
    });
    add("hostile", "a truncated body (Content-Length larger than sent, then half-closed)", {
      headers: [AUTH, ...facts.requiredHeaders, ["Content-Type", "application/json"]],
      body: (facts.body ?? ENC.encode("{}")).subarray(0, 1),
      declaredLength: (facts.body?.byteLength ?? 2) + 100,
      halfClose: true,
    });

    // Query and path.
    add("hostile", "an undeclared query parameter", {
      target: `${facts.path}?${undeclaredParameter(facts.queryParameters)}=1`,
      headers: valid,
      ...validBody,
    });
    add("hostile", "percent-encoded unreserved characters in the path, with Prefer: code=<success>", {
      target: encodedUnreserved(facts.path),
      headers: [...valid, preferSuccess],
      ...validBody,
    });
    if (facts.safe)
      add("hostile", "percent-encoded unreserved characters in the path", { target: encodedUnreserved(facts.path), headers: valid });

    // Accept.
    add("hostile", "an Accept that excludes every documented media type (text/html)", {
      headers: [...valid, ["Accept", "text/html"]],
      ...validBody,
    });
    if (facts.errorMediaType) {
      add("hostile", "an Accept that admits only the error media type, with Prefer: code=<success>", {
        headers: [...valid, ["Accept", facts.errorMediaType], preferSuccess],
        ...validBody,
      });
    }

    // Prefer.
    add("hostile", "Prefer: code that is not a number", { headers: [...valid, ["Prefer", "code=abc"]], ...validBody });
    add("hostile", "Prefer: code of a status the operation does not document", {
      headers: [...valid, ["Prefer", `code=${undocumentedStatus(facts.statuses)}`]],
      ...validBody,
    });
    add("hostile", "Prefer: example that the operation does not have", {
      headers: [...valid, ["Prefer", "example=no-such-example"]],
      ...validBody,
    });
    add("hostile", "an unknown preference beside Prefer: code=<success>", {
      headers: [...valid, ["Prefer", `respond-async, code=${facts.success}`]],
      ...validBody,
    });

    // Credentials, and the order of the checks.
    add("hostile", "no credentials", { headers: valid.filter(([name]) => name !== "Authorization"), ...validBody });
    add("hostile", "a bearer token the stateful mock's fixtures do not hold", {
      headers: [["Authorization", `Bearer not-${TOKEN}-${operationId}`], ...valid.filter(([name]) => name !== "Authorization")],
      ...validBody,
    });
    add("hostile", "no credentials and Prefer: fault=reset", {
      headers: [...valid.filter(([name]) => name !== "Authorization"), ["Prefer", "fault=reset"]],
      ...validBody,
    });
    if (facts.body) {
      add("hostile", "no credentials and a JSON body that starts with a byte order mark", {
        headers: valid.filter(([name]) => name !== "Authorization"),
        body: new Uint8Array([0xef, 0xbb, 0xbf, ...facts.body]),
      });
    }
    add("hostile", "no credentials and an invalid Prefer", {
      headers: [...valid.filter(([name]) => name !== "Authorization"), ["Prefer", "code=abc"]],
      ...validBody,
    });
    add("hostile", "Prefer: code=<success> with an undeclared query parameter", {
      target: `${facts.path}?${undeclaredParameter(facts.queryParameters)}=1`,
      headers: [...valid, preferSuccess],
      ...validBody,
    });
  }
  return probes;
}
