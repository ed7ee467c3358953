/**
 * The client never builds a URL that a URL parser normalises outside its operation's template:
 * a path parameter's value stays one segment, whatever it holds. Checked on a generated client
 * whose operation has a path parameter without a pattern (the spec's own have patterns, which
 * refuse all of these values before the encoding is even reached).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Oas3_1Definition } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { withWidgetOperations } from "../../pipeline/synthetic-spec.ts";
import { generateClientFor, type GeneratedClient } from "../support/generated-client.ts";
import { json, observedFetch } from "../support/observed-fetch.ts";

type Package = typeof import("@hostup/billing-client");
const TEMPLATE = "/api/v2/billing/tenants/{tenant}/widgets";

/** The widget operations plus one whose path parameter has no pattern: any string may reach the URL. */
function withTenantWidgets(bundled: Oas3_1Definition): Oas3_1Definition {
  const spec = withWidgetOperations(bundled);
  Object.assign(spec.paths!, {
    [TEMPLATE]: {
      get: {
        tags: ["Payments"],
        security: [{ BearerAuth: ["read:billing"] }],
        operationId: "listTenantWidgets",
        summary: "List a tenant's widgets",
        description: "Every widget of one tenant.",
        parameters: [{ name: "tenant", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "The widgets.", content: { "application/json": { schema: { type: "object" } } } },
          "400": { $ref: "#/components/responses/BadRequest" },
        },
      },
    },
  });
  return spec;
}

let generated: GeneratedClient;
let pkg: Package;
beforeAll(async () => {
  generated = await generateClientFor(withTenantWidgets((await loadSpec()).bundled));
  pkg = (await import(pathToFileURL(join(generated.dir, "src/index.ts")).href)) as Package;
});
afterAll(() => generated?.close());

// Dot segments in every spelling a URL parser honours (WHATWG: `.`, `%2e`, any case), slashes
// and backslashes that would add a segment, look-alikes, and what ends a path.
const HOSTILE = [
  "..",
  ".",
  "%2e%2e",
  "%2E%2e",
  ".%2e",
  "..%2f..%2fadmin",
  "../../admin",
  "..\\..\\admin",
  "a/../../admin",
  "\u2024\u2024",
  "\uff0e\uff0e",
  "?admin",
  "#admin",
  "a;b=c",
  "%00",
  " ..",
  "..\t",
];

describe(`a path parameter without a pattern stays one segment of ${TEMPLATE}`, () => {
  for (const tenant of HOSTILE) {
    test(`${JSON.stringify(tenant)} is refused, or sent as one segment that no parser normalises away`, async () => {
      const wire = observedFetch(json(200, {}));
      const billing = pkg.createBillingClient({ fetch: wire.fetch }) as unknown as Record<string, (tenant: string) => Promise<unknown>>;
      const outcome = await billing.listTenantWidgets!(tenant).catch((e: unknown) => e);
      if (outcome instanceof pkg.InvalidArgumentError) {
        expect(wire.requests).toHaveLength(0);
        return;
      }
      expect(outcome).toEqual({});
      const url = new URL(wire.requests[0]!.url);
      const [before, after] = TEMPLATE.split("{tenant}") as [string, string];
      expect(url.pathname.startsWith(before)).toBe(true);
      expect(url.pathname.endsWith(after)).toBe(true);
      const segment = url.pathname.slice(before.length, -after.length);
      expect(segment).not.toContain("/");
      expect(decodeURIComponent(segment)).toBe(tenant);
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
    });
  }
});
