/**
 * The client's methods are generated: for a spec with operations that are not ours (a GET
 * with a path parameter and a query, a DELETE with a JSON body and a bodiless 204), the
 * generated client has typed, checked, retried methods with no handwritten code for them.
 */
import type { Oas3_1Definition, Oas3PathItem } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dereference, loadSpec } from "../../pipeline/openapi-model.ts";
import { renderClientOperations } from "../../pipeline/render-client.ts";
import { withWidgetOperations } from "../../pipeline/synthetic-spec.ts";
import { compileConsumer, generateClientFor, type GeneratedClient, TYPE_ASSERTIONS } from "../support/generated-client.ts";
import { hang, json, observedFetch, problem } from "../support/observed-fetch.ts";
import { removeRendered, renderedClient, type ClientPackage } from "../support/rendered-client.ts";

interface Widget {
  id: string;
  name: string;
}
interface WidgetClient {
  getWidget(widgetId: string, query?: { verbose?: boolean }, options?: { timeoutMs?: number }): Promise<Widget>;
  removeWidget(body: { id: string }, options?: object): Promise<{ deleted: boolean; id: string } | undefined>;
  renameWidget(widgetId: string, body?: { name?: string }, options?: object): Promise<undefined>;
  getTenantWidget(tenant: string, widgetId: string, options?: object): Promise<Widget>;
}
interface RawClient {
  GET(path: string, init: object): Promise<unknown>;
}

/**
 * The widget operations plus `renameWidget`: a PATCH on getWidget's path, with a narrower
 * pattern for the same parameter, an optional body whose one member is optional too and has a
 * Unicode pattern, and a documented 2xx that has no body.
 */
function withRenameWidget(bundled: Oas3_1Definition): Oas3_1Definition {
  const spec = withWidgetOperations(bundled);
  Object.assign(spec.paths!["/api/v2/billing/widgets/{widgetId}"]!, {
    patch: {
      tags: ["Payments"],
      security: [{ BearerAuth: ["write:billing"] }],
      operationId: "renameWidget",
      summary: "Rename a widget",
      description: "Queue a new name for a widget, or a generated one when no name is given.",
      parameters: [{ name: "widgetId", in: "path", required: true, schema: { type: "string", pattern: "^w_[0-9]+$" } }],
      requestBody: {
        required: false,
        content: {
          "application/json": { schema: { type: "object", properties: { name: { type: "string", pattern: "^\\p{L}[\\p{L} ]*$" } } } },
        },
      },
      responses: { "202": { description: "Queued." }, "400": { $ref: "#/components/responses/BadRequest" } },
    },
  });
  // Two path parameters, the first without a pattern.
  const { get } = spec.paths!["/api/v2/billing/widgets/{widgetId}"] as Oas3PathItem;
  Object.assign(spec.paths!, {
    "/api/v2/billing/tenants/{tenant}/widgets/{widgetId}": {
      get: {
        ...get,
        operationId: "getTenantWidget",
        parameters: [
          { name: "tenant", in: "path", required: true, schema: { type: "string" } },
          { name: "widgetId", in: "path", required: true, schema: { type: "string", pattern: "^w_[a-z0-9]+$" } },
        ],
      },
    },
  });
  return spec;
}

const WIDGET = { id: "w_1", name: "Sprocket" };
const WIDGET_URL = "https://cloud.hostup.se/api/v2/billing/widgets/w_1";
const WIDGETS_URL = "https://cloud.hostup.se/api/v2/billing/widgets";

const spec = withRenameWidget((await loadSpec()).bundled);
const resolved = await dereference(spec);
afterAll(removeRendered);

// Rendered in each test that calls them (rendered-client.ts), imported once.
const client = async (fetch: typeof globalThis.fetch, options: object = {}) =>
  (await renderedClient(resolved)).pkg.createBillingClient({ token: "tok_123", fetch, ...options }) as unknown as WidgetClient;
const rawClient = async (fetch: typeof globalThis.fetch) =>
  (await renderedClient(resolved)).raw.createRawClient({ token: "tok_123", fetch }) as unknown as RawClient;

describe("GET /api/v2/billing/widgets/{widgetId} (generated getWidget)", () => {
  test("sends a GET with the path parameter, the query and the token, and resolves with the body", async () => {
    const wire = observedFetch(() => Response.json(WIDGET));
    await expect((await client(wire.fetch)).getWidget("w_1", { verbose: true })).resolves.toEqual(WIDGET);
    const [request] = wire.requests;
    expect(request!.method).toBe("GET");
    expect(request!.url).toBe(`${WIDGET_URL}?verbose=true`);
    expect(request!.headers.get("authorization")).toBe("Bearer tok_123");
    expect(request!.body).toBeNull();
  });

  for (const id of ["..", ".", "", "W_1", "w_1/../x"]) {
    test(`refuses widgetId ${JSON.stringify(id)} against the operation's pattern before any request, through raw too`, async () => {
      const wire = observedFetch(() => Response.json(WIDGET));
      const billing = await client(wire.fetch);
      const error = await billing.getWidget(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf((await renderedClient(resolved)).pkg.InvalidArgumentError);
      expect((error as InstanceType<ClientPackage["InvalidArgumentError"]>).argument).toBe("widgetId");
      expect((error as Error).message).toContain("^w_[a-z0-9]+$");
      const viaRaw = await (
        await rawClient(wire.fetch)
      )
        .GET("/api/v2/billing/widgets/{widgetId}", { params: { path: { widgetId: id } } })
        .catch((e: unknown) => e);
      expect(viaRaw).toBeInstanceOf((await renderedClient(resolved)).pkg.InvalidArgumentError);
      expect(wire.requests).toHaveLength(0);
    });
  }

  test("retries a 429 after Retry-After", async () => {
    const wire = observedFetch(problem(429, { "Retry-After": "0" }), json(200, WIDGET));
    await expect((await client(wire.fetch)).getWidget("w_1")).resolves.toEqual(WIDGET);
    expect(wire.requests).toHaveLength(2);
  });

  test("being safe (GET), also retries a 503 and a timeout", async () => {
    const wire = observedFetch(problem(503, { "Retry-After": "0" }), hang, json(200, WIDGET));
    await expect((await client(wire.fetch, { timeoutMs: 100 })).getWidget("w_1")).resolves.toEqual(WIDGET);
    expect(wire.requests).toHaveLength(3);
  });
});

describe("DELETE /api/v2/billing/widgets (generated removeWidget)", () => {
  test("sends the body as JSON with a DELETE and resolves with the confirmation", async () => {
    const wire = observedFetch(() => Response.json({ deleted: true, id: "42" }));
    await expect((await client(wire.fetch)).removeWidget({ id: "42" })).resolves.toEqual({ deleted: true, id: "42" });
    const [request] = wire.requests;
    expect(request!.method).toBe("DELETE");
    expect(request!.url).toBe(WIDGETS_URL);
    expect(request!.headers.get("content-type")).toBe("application/json");
    expect(await request!.json()).toEqual({ id: "42" });
  });

  test("resolves a documented bodiless 204 to undefined", async () => {
    const wire = observedFetch(() => new Response(null, { status: 204 }));
    await expect((await client(wire.fetch)).removeWidget({ id: "42" })).resolves.toBeUndefined();
  });

  test("checks the body against the operation's schema before sending", async () => {
    const wire = observedFetch(() => Response.json({ deleted: true, id: "42" }));
    const billing = await client(wire.fetch);
    await expect(billing.removeWidget({ id: "4x" })).rejects.toThrow("body.id: must match ^[0-9]+$; no request was sent");
    await expect(billing.removeWidget(undefined as never)).rejects.toThrow("body: is required; no request was sent");
    await expect(billing.removeWidget([] as never)).rejects.toThrow("body: must be of type object; no request was sent");
    expect(wire.requests).toHaveLength(0);
  });

  test("being unsafe (DELETE), does not retry a 503", async () => {
    const wire = observedFetch(problem(503, { "Retry-After": "0" }), json(200, { deleted: true, id: "42" }));
    const error = await (await client(wire.fetch)).removeWidget({ id: "42" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf((await renderedClient(resolved)).pkg.ProblemError);
    expect(wire.requests).toHaveLength(1);
  });
});

describe("PATCH /api/v2/billing/widgets/{widgetId} (generated renameWidget)", () => {
  const queuedWithoutBody = () => new Response(null, { status: 202 });

  test("sends no body when the optional body is left out, and resolves the bodiless 202 to undefined", async () => {
    const wire = observedFetch(queuedWithoutBody);
    await expect((await client(wire.fetch)).renameWidget("w_1")).resolves.toBeUndefined();
    const [request] = wire.requests;
    expect(request!.method).toBe("PATCH");
    expect(request!.url).toBe(WIDGET_URL);
    expect(request!.body).toBeNull();
  });

  test("checks an optional body when one is given, and lets its optional member be left out", async () => {
    const wire = observedFetch(queuedWithoutBody);
    const billing = await client(wire.fetch);
    await expect(billing.renameWidget("w_1", { name: 7 } as never)).rejects.toThrow(
      "body.name: must be of type string; no request was sent",
    );
    await expect(billing.renameWidget("w_1", { name: "7" })).rejects.toThrow(
      "body.name: must match ^\\p{L}[\\p{L} ]*$; no request was sent",
    );
    expect(wire.requests).toHaveLength(0);
    await billing.renameWidget("w_1", {});
    expect(await wire.requests[0]!.text()).toBe("{}");
  });

  test("reads a pattern with Unicode semantics, as the spec's JSON Schema validators do", async () => {
    const wire = observedFetch(queuedWithoutBody);
    await (await client(wire.fetch)).renameWidget("w_1", { name: "Åsa Öberg" });
    expect(await wire.requests[0]!.json()).toEqual({ name: "Åsa Öberg" });
  });

  test("resolves to undefined when no documented 2xx has a body, whatever the server sends along", async () => {
    const wire = observedFetch(() => new Response("Accepted", { status: 202 }));
    await expect((await client(wire.fetch)).renameWidget("w_1")).resolves.toBeUndefined();
  });

  test("raw checks a parameter against the pattern of every operation on its path, and names the one it breaks", async () => {
    const wire = observedFetch(() => Response.json(WIDGET));
    const raw = await rawClient(wire.fetch);
    const refusal = (widgetId: string) =>
      raw.GET("/api/v2/billing/widgets/{widgetId}", { params: { path: { widgetId } } }).catch((e: unknown) => (e as Error).message);
    // "w_a" matches the GET's pattern but not the PATCH's on the same path.
    expect(await refusal("w_a")).toBe("widgetId: must match ^w_[0-9]+$; no request was sent");
    expect(await refusal("x")).toBe("widgetId: must match ^w_[a-z0-9]+$; no request was sent");
    expect(wire.requests).toHaveLength(0);
  });
});

describe("GET /api/v2/billing/tenants/{tenant}/widgets/{widgetId} (generated getTenantWidget)", () => {
  test("takes both path parameters in path order, and checks the one without a pattern against dots only", async () => {
    expect(renderClientOperations(resolved)).toContain(
      '"x":[["tenant",pathSimple,0,{"t":"string","r":1}],["widgetId",pathSimple,0,{"t":"string","x":/^w_[a-z0-9]+$/u,"r":1}]]',
    );
    const wire = observedFetch(
      () => Response.json(WIDGET),
      () => Response.json(WIDGET),
    );
    await expect((await client(wire.fetch)).getTenantWidget("acme corp", "w_1")).resolves.toEqual(WIDGET);
    expect(wire.requests[0]!.url).toBe("https://cloud.hostup.se/api/v2/billing/tenants/acme%20corp/widgets/w_1");
    const refusal = async (tenant: string, widgetId: string) =>
      (await client(wire.fetch)).getTenantWidget(tenant, widgetId).catch((e: unknown) => (e as Error).message);
    // The wording is the path serializer's (wire/path-styles.ts).
    expect(await refusal("..", "w_1")).toMatch(/^tenant: must not .*\.\.; no request was sent$/);
    expect(await refusal("acme", "x")).toBe("widgetId: must match ^w_[a-z0-9]+$; no request was sent");
    expect(wire.requests).toHaveLength(1);
  });
});

describe("the generated operation layer", () => {
  test("documents each method from the spec: summary, first paragraph, errors, retries", () => {
    const operations = renderClientOperations(resolved);
    expect(operations).toMatch(/^\/\/ Generated by `pnpm generate` from spec\/\. Do not edit/);
    expect(operations).toContain("   * Get a widget.\n   *\n   * Return one widget.\n");
    expect(operations).not.toContain("A second paragraph");
    expect(operations).toContain("Rejects with `ProblemError` on 400 `invalid_request`, 401 `unauthorized`, 404 `not_found`");
    expect(operations).toContain("GET is safe (RFC 9110), so it is retried on 429, 502, 503, 504");
    expect(operations).toContain("DELETE is not safe (RFC 9110), so it is retried only on 429");
  });

  describe("typed", () => {
    let generated: GeneratedClient;
    beforeAll(async () => {
      generated = await generateClientFor(spec);
    }, 60_000);
    afterAll(() => generated?.close());

    test("types each method from the generated types (tsc over a consumer)", async () => {
      const consumer = `import { createBillingClient, type CallOptions } from "./src/index.ts";
${TYPE_ASSERTIONS}declare const billing: ReturnType<typeof createBillingClient>;
expectType<Equal<Awaited<ReturnType<typeof billing.getWidget>>, { id: string; name: string }>>();
expectType<Equal<Parameters<typeof billing.getWidget>, [widgetId: string, params?: { verbose?: boolean }, options?: CallOptions]>>();
expectType<Equal<Parameters<typeof billing.removeWidget>, [body: { id: string }, options?: CallOptions]>>();
expectType<Equal<Awaited<ReturnType<typeof billing.removeWidget>>, { deleted: boolean; id: string } | undefined>>();
expectType<Equal<Parameters<typeof billing.resendInvoiceEmail>, [id: string, options?: CallOptions]>>();
// @ts-expect-error -- the body needs an id
void billing.removeWidget({});
// @ts-expect-error -- a path parameter is a string
void billing.getWidget(42);
`;
      expect(await compileConsumer(generated, consumer)).toEqual({ output: "", code: 0 });
    });
  });
});
