/**
 * Breaking changes for clients between two bundled OpenAPI documents.
 *
 * A small focused differ: the maintained ones either do not read OpenAPI 3.1
 * (openapi-diff) or download a Go binary at install time (oasdiff, openapi-changes),
 * which cannot work offline. It covers what breaks a generated client or its callers:
 * removed operations and responses, new required or narrowed request input, removed,
 * optional or widened response output, changed success statuses and security.
 */

type Json = Record<string, unknown>;
export interface BreakingChange {
  rule:
    | "operation-removed"
    | "operation-id-changed"
    | "response-removed"
    | "success-status-changed"
    | "request-field-required"
    | "request-type-narrowed"
    | "response-field-removed"
    | "response-field-optional"
    | "response-type-widened"
    | "security-changed";
  /** `METHOD /path`, plus where inside the operation. */
  where: string;
  message: string;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const CONSTRAINTS_TIGHTER: Record<string, (before: number | undefined, after: number) => boolean> = {
  maxLength: (before, after) => before === undefined || after < before,
  maxItems: (before, after) => before === undefined || after < before,
  maximum: (before, after) => before === undefined || after < before,
  minLength: (before, after) => before === undefined || after > before,
  minItems: (before, after) => before === undefined || after > before,
  minimum: (before, after) => before === undefined || after > before,
};

class Doc {
  readonly root: Json;
  constructor(root: Json) {
    this.root = root;
  }
  deref(node: unknown, seen = 0): Json {
    if (!node || typeof node !== "object") return {};
    const ref = (node as Json).$ref;
    if (typeof ref !== "string" || seen > 32) return node as Json;
    const target = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], this.root);
    return this.deref(target, seen + 1);
  }
  operations(): Map<string, Json> {
    const found = new Map<string, Json>();
    for (const [path, item] of Object.entries((this.root.paths ?? {}) as Record<string, Json>)) {
      for (const method of METHODS) {
        const operation = this.deref(item)[method];
        if (operation) found.set(`${method.toUpperCase()} ${path}`, operation as Json);
      }
    }
    return found;
  }
  security(operation: Json): Json[] {
    return ((operation.security ?? this.root.security ?? []) as Json[]).map((alternative) => alternative);
  }
}

function types(schema: Json): Set<string> {
  const type = schema.type;
  const list = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const out = new Set(list as string[]);
  if (out.has("integer") && out.has("number")) out.delete("integer");
  return out;
}

function requiredOf(schema: Json): Set<string> {
  return new Set((schema.required ?? []) as string[]);
}

function propertiesOf(schema: Json): Record<string, unknown> {
  return (schema.properties ?? {}) as Record<string, unknown>;
}

/** Request input: anything the old schema accepted must still be accepted. */
function compareRequestSchema(base: Doc, head: Doc, before: unknown, after: unknown, where: string, out: BreakingChange[], depth = 0) {
  if (depth > 16) return;
  const a = base.deref(before);
  const b = head.deref(after);
  const typesA = types(a);
  const typesB = types(b);
  if (typesB.size > 0) {
    const lost = [...(typesA.size ? typesA : ["any"])].filter((t) => !typesB.has(t) && !(t === "integer" && typesB.has("number")));
    if (lost.length) out.push({ rule: "request-type-narrowed", where, message: `no longer accepts type ${lost.join(", ")}` });
  }
  if (Array.isArray(b.enum)) {
    const removed = Array.isArray(a.enum) ? a.enum.filter((v) => !(b.enum as unknown[]).includes(v)) : ["(any value)"];
    if (removed.length)
      out.push({
        rule: "request-type-narrowed",
        where,
        message: `enum no longer accepts ${removed.map((v) => JSON.stringify(v)).join(", ")}`,
      });
  }
  for (const [keyword, tighter] of Object.entries(CONSTRAINTS_TIGHTER)) {
    if (typeof b[keyword] === "number" && tighter(a[keyword] as number | undefined, b[keyword])) {
      out.push({ rule: "request-type-narrowed", where, message: `${keyword} tightened from ${a[keyword] ?? "none"} to ${b[keyword]}` });
    }
  }
  for (const keyword of ["pattern", "format", "const"]) {
    if (b[keyword] !== undefined && JSON.stringify(b[keyword]) !== JSON.stringify(a[keyword])) {
      out.push({
        rule: "request-type-narrowed",
        where,
        message: `${keyword} changed from ${JSON.stringify(a[keyword] ?? null)} to ${JSON.stringify(b[keyword])}`,
      });
    }
  }
  if (b.additionalProperties === false && a.additionalProperties !== false) {
    out.push({ rule: "request-type-narrowed", where, message: "no longer accepts additional properties" });
  }
  const requiredA = requiredOf(a);
  for (const name of requiredOf(b)) {
    if (!requiredA.has(name))
      out.push({ rule: "request-field-required", where: `${where}/${name}`, message: `request field "${name}" is now required` });
  }
  const propsA = propertiesOf(a);
  for (const [name, schema] of Object.entries(propertiesOf(b))) {
    if (name in propsA) compareRequestSchema(base, head, propsA[name], schema, `${where}/${name}`, out, depth + 1);
  }
  if (a.items && b.items) compareRequestSchema(base, head, a.items, b.items, `${where}/items`, out, depth + 1);
}

/** Response output: everything a client could rely on must still be there, with no new types. */
function compareResponseSchema(base: Doc, head: Doc, before: unknown, after: unknown, where: string, out: BreakingChange[], depth = 0) {
  if (depth > 16) return;
  const a = base.deref(before);
  const b = head.deref(after);
  const typesA = types(a);
  const added = typesA.size ? [...types(b)].filter((t) => !typesA.has(t) && !(t === "integer" && typesA.has("number"))) : [];
  if (added.length) out.push({ rule: "response-type-widened", where, message: `may now be ${added.join(", ")}` });
  const requiredB = requiredOf(b);
  for (const name of requiredOf(a)) {
    if (!requiredB.has(name)) {
      const removed = !(name in propertiesOf(b));
      out.push(
        removed
          ? { rule: "response-field-removed", where: `${where}/${name}`, message: `response field "${name}" was removed` }
          : { rule: "response-field-optional", where: `${where}/${name}`, message: `response field "${name}" is no longer required` },
      );
    }
  }
  const propsB = propertiesOf(b);
  for (const [name, schema] of Object.entries(propertiesOf(a))) {
    if (!(name in propsB)) {
      if (!requiredOf(a).has(name))
        out.push({ rule: "response-field-removed", where: `${where}/${name}`, message: `response field "${name}" was removed` });
    } else compareResponseSchema(base, head, schema, propsB[name], `${where}/${name}`, out, depth + 1);
  }
  if (a.items && b.items) compareResponseSchema(base, head, a.items, b.items, `${where}/items`, out, depth + 1);
}

function parameterKey(parameter: Json) {
  return `${parameter.in}:${String(parameter.name).toLowerCase()}`;
}

function securityKey(alternative: Json) {
  return Object.keys(alternative).sort().join("+");
}

export function breakingChanges(baseRoot: Json, headRoot: Json): BreakingChange[] {
  const base = new Doc(baseRoot);
  const head = new Doc(headRoot);
  const out: BreakingChange[] = [];
  const headOperations = head.operations();

  for (const [where, a] of base.operations()) {
    const b = headOperations.get(where);
    if (!b) {
      out.push({ rule: "operation-removed", where, message: `operation ${String(a.operationId ?? "")} was removed` });
      continue;
    }
    if (a.operationId !== b.operationId) {
      out.push({
        rule: "operation-id-changed",
        where,
        message: `operationId changed from ${String(a.operationId)} to ${String(b.operationId)}`,
      });
    }

    // Responses and success statuses.
    const responsesA = (a.responses ?? {}) as Json;
    const responsesB = (b.responses ?? {}) as Json;
    const success = (responses: Json) =>
      Object.keys(responses)
        .filter((s) => /^2/.test(s))
        .sort();
    if (success(responsesA).join() !== success(responsesB).join()) {
      out.push({
        rule: "success-status-changed",
        where,
        message: `success status changed from ${success(responsesA).join(", ")} to ${success(responsesB).join(", ") || "none"}`,
      });
    }
    for (const [status, response] of Object.entries(responsesA)) {
      if (!(status in responsesB)) {
        if (!/^2/.test(status)) out.push({ rule: "response-removed", where, message: `response ${status} was removed` });
        continue;
      }
      const contentA = (base.deref(response).content ?? {}) as Record<string, Json>;
      const contentB = (head.deref(responsesB[status]).content ?? {}) as Record<string, Json>;
      for (const [mediaType, media] of Object.entries(contentA)) {
        if (!contentB[mediaType]) {
          out.push({ rule: "response-removed", where, message: `response ${status} no longer offers ${mediaType}` });
        } else compareResponseSchema(base, head, media.schema, contentB[mediaType].schema, `${where} response ${status}`, out);
      }
    }

    // Request body and parameters.
    const bodyA = base.deref(a.requestBody);
    const bodyB = head.deref(b.requestBody);
    if (b.requestBody && bodyB.required && !bodyA.required) {
      out.push({ rule: "request-field-required", where, message: "the request body is now required" });
    }
    const contentA = (bodyA.content ?? {}) as Record<string, Json>;
    const contentB = (bodyB.content ?? {}) as Record<string, Json>;
    for (const [mediaType, media] of Object.entries(contentA)) {
      if (b.requestBody && !contentB[mediaType]) {
        out.push({ rule: "request-type-narrowed", where, message: `the request body no longer accepts ${mediaType}` });
      } else if (contentB[mediaType]) {
        compareRequestSchema(base, head, media.schema, contentB[mediaType].schema, `${where} body`, out);
      }
    }
    const parametersA = new Map(((a.parameters ?? []) as unknown[]).map((p) => base.deref(p)).map((p) => [parameterKey(p), p]));
    for (const parameter of ((b.parameters ?? []) as unknown[]).map((p) => head.deref(p))) {
      const before = parametersA.get(parameterKey(parameter));
      const name = `${String(parameter.in)} parameter ${String(parameter.name)}`;
      if (parameter.required && !before?.required) {
        out.push({ rule: "request-field-required", where, message: `${name} is now required` });
      }
      if (before) compareRequestSchema(base, head, before.schema, parameter.schema, `${where} ${name}`, out);
    }

    // Security: every way a caller could authenticate before must still work, with no new scopes.
    const alternativesB = new Map(head.security(b).map((alternative) => [securityKey(alternative), alternative]));
    for (const alternative of base.security(a)) {
      const match = alternativesB.get(securityKey(alternative));
      const label = securityKey(alternative) || "(none)";
      if (!match) {
        out.push({ rule: "security-changed", where, message: `security alternative ${label} was removed` });
        continue;
      }
      for (const [scheme, scopes] of Object.entries(match)) {
        const added = (scopes as string[]).filter((scope) => !((alternative[scheme] ?? []) as string[]).includes(scope));
        if (added.length) out.push({ rule: "security-changed", where, message: `${scheme} now also needs ${added.join(", ")}` });
      }
    }
  }

  const schemesA = ((baseRoot.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  const schemesB = ((headRoot.components as Json | undefined)?.securitySchemes ?? {}) as Json;
  for (const [name, scheme] of Object.entries(schemesA)) {
    const a = base.deref(scheme);
    const b = head.deref(schemesB[name]);
    for (const key of ["type", "scheme", "in", "name"]) {
      if (a[key] !== b[key]) {
        out.push({
          rule: "security-changed",
          where: `security scheme ${name}`,
          message: `${key} changed from ${String(a[key])} to ${String(b[key])}`,
        });
      }
    }
  }
  return out;
}

/** True when `head`'s major version is above `base`'s, which declares the breaks intended. */
export function majorRaised(baseRoot: Json, headRoot: Json): boolean {
  const major = (doc: Json) => Number(String((doc.info as Json | undefined)?.version ?? "0").split(".")[0]);
  return major(headRoot) > major(baseRoot);
}
