/**
 * Specs that are not ours, built from the bundled spec, for measuring and testing the
 * generated client: more copies of the real operations (how cost grows), and two operations
 * of shapes the spec does not have yet (a GET with a path parameter and a query, a DELETE
 * with a JSON body).
 */
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { HTTP_METHODS } from "./openapi-model.ts";

type Paths = NonNullable<Oas3_1Definition["paths"]>;

/**
 * The spec with copies of its operations added until it has `total` operations: each copy
 * under a new path (`/api/v2/synthetic-<n>/...`) and operationId (`<operationId>Copy<n>`).
 */
export function withCopies(bundled: Oas3_1Definition, total: number): Oas3_1Definition {
  const spec = structuredClone(bundled);
  const paths = (spec.paths ??= {});
  const originals = Object.entries(bundled.paths ?? {});
  let count = originals.reduce((sum, [, item]) => sum + HTTP_METHODS.filter((method) => item[method as keyof typeof item]).length, 0);
  for (let n = 1; count < total; n++) {
    for (const [path, item] of originals) {
      if (count >= total) break;
      const copy = structuredClone(item) as Record<string, { operationId?: string } | undefined>;
      for (const method of HTTP_METHODS) {
        const operation = copy[method];
        if (!operation) continue;
        if (count >= total) delete copy[method];
        else {
          operation.operationId = `${operation.operationId}Copy${n}`;
          count++;
        }
      }
      paths[path.replace("/api/v2/", `/api/v2/synthetic-${n}/`)] = copy as Paths[string];
    }
  }
  return spec;
}

const errors = (...statuses: string[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        $ref: `#/components/responses/${{ 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 429: "TooManyRequests", 500: "InternalError" }[status]}`,
      },
    ]),
  );

/**
 * The spec plus `getWidget` (GET with a path parameter and an optional query) and
 * `removeWidget` (DELETE with a required JSON body): the shapes of the CC-recipient list and
 * remove operations, under names that are not the spec's.
 */
export function withWidgetOperations(bundled: Oas3_1Definition): Oas3_1Definition {
  const spec = structuredClone(bundled);
  const common = { tags: ["Payments"], security: [{ BearerAuth: ["read:billing"] }] };
  const widget = {
    type: "object",
    required: ["id", "name"],
    properties: { id: { type: "string" }, name: { type: "string" } },
  };
  spec.paths!["/api/v2/billing/widgets/{widgetId}"] = {
    get: {
      ...common,
      operationId: "getWidget",
      summary: "Get a widget",
      description: "Return one widget.\n\nA second paragraph that the JSDoc leaves out.",
      parameters: [
        { name: "widgetId", in: "path", required: true, schema: { type: "string", pattern: "^w_[a-z0-9]+$" } },
        { name: "verbose", in: "query", required: false, schema: { type: "boolean" } },
      ],
      responses: {
        "200": { description: "The widget.", content: { "application/json": { schema: widget } } },
        ...errors("400", "401", "404", "429", "500"),
      },
    },
  } as Paths[string];
  spec.paths!["/api/v2/billing/widgets"] = {
    delete: {
      ...common,
      operationId: "removeWidget",
      summary: "Remove a widget",
      description: "Remove one widget by ID.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { type: "object", required: ["id"], properties: { id: { type: "string", pattern: "^[0-9]+$" } } },
          },
        },
      },
      responses: {
        "200": {
          description: "Removed.",
          content: {
            "application/json": {
              schema: { type: "object", required: ["deleted", "id"], properties: { deleted: { type: "boolean" }, id: { type: "string" } } },
            },
          },
        },
        "204": { description: "Already gone." },
        ...errors("400", "401", "404", "429", "500"),
      },
    },
  } as Paths[string];
  return spec;
}

/**
 * `spec` as files, the way spec/ is laid out: the entry (`openapi.json`) with `info`,
 * `components` and a `paths` map of `$ref`s, and each path item in its own file under
 * `paths/`, its `#/components/…` references pointing back into the entry. A large synthetic
 * spec then stays under the per-file input limit (spec-limits.ts), as a real one would.
 */
export function asSpecFiles(spec: Oas3_1Definition): Map<string, string> {
  const files = new Map<string, string>();
  const paths: Record<string, { $ref: string }> = {};
  Object.entries(spec.paths ?? {}).forEach(([path, item], index) => {
    const file = `paths/${index}.json`;
    paths[path] = { $ref: file };
    files.set(file, JSON.stringify(item).replaceAll('"#/components/', '"../openapi.json#/components/'));
  });
  files.set("openapi.json", JSON.stringify({ ...spec, paths }));
  return files;
}

/**
 * `bundled` with every operation and component of `other` (a bundled spec too) added: the
 * components under new names (`prefix` + name, so none collides), every reference and
 * security requirement rewritten to match. `pnpm bench:scale` mixes the construct fixture
 * into HostUp's spec this way, so its copies carry every construct the pipeline supports.
 */
export function withOperationsOf(bundled: Oas3_1Definition, other: Oas3_1Definition, prefix = "X"): Oas3_1Definition {
  const spec = structuredClone(bundled);
  const renamed = (text: string) => text.replace(/"#\/components\/(\w+)\/([^"]+)"/g, `"#/components/$1/${prefix}$2"`);
  const components = spec.components as Record<string, Record<string, unknown>>;
  for (const [kind, members] of Object.entries((other.components ?? {}) as Record<string, Record<string, unknown>>)) {
    components[kind] ??= {};
    for (const [name, value] of Object.entries(members)) components[kind][`${prefix}${name}`] = JSON.parse(renamed(JSON.stringify(value)));
  }
  const security = (requirements: Record<string, string[]>[] | undefined) =>
    requirements?.map((requirement) =>
      Object.fromEntries(Object.entries(requirement).map(([name, scopes]) => [`${prefix}${name}`, scopes])),
    );
  for (const [path, item] of Object.entries(other.paths ?? {})) {
    const copy = JSON.parse(renamed(JSON.stringify(item))) as Record<string, { security?: Record<string, string[]>[] } | undefined>;
    for (const method of HTTP_METHODS) {
      const operation = copy[method];
      // An operation without its own security took the other document's: it keeps it, renamed.
      if (operation) operation.security = security(operation.security ?? (other.security as Record<string, string[]>[] | undefined)) ?? [];
    }
    spec.paths![path] = copy as Paths[string];
  }
  return spec;
}
