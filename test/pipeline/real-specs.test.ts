/**
 * Two real third-party specs, as published (Swagger Petstore, OpenAPI 3.0; Train Travel,
 * OpenAPI 3.1; from @readme/oas-examples), through the whole pipeline with only a Redocly
 * configuration written for them (test/fixtures/real-specs/redocly.yaml): linted and bundled
 * by loadSpec, the client generated for each type-checks and puts a call on the wire, and
 * both mocks serve each to the default token.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadSpec, type SpecModel } from "../../pipeline/openapi-model.ts";
import { root } from "../../pipeline/paths.ts";
import { compileConsumer, generateClientFor, type GeneratedClient } from "../support/generated-client.ts";
import { startMockOn, type MockKind, type MockOnSpec } from "../support/mock-on-spec.ts";
import { json, observedFetch } from "../support/observed-fetch.ts";

const examples = dirname(createRequire(import.meta.url).resolve("@readme/oas-examples/package.json"));
const CONFIG = join(root, "test/fixtures/real-specs/redocly.yaml");

interface RealSpec {
  name: string;
  file: string;
  /** A call of the generated client, and the URL (from the spec's server) it must send. */
  call: (billing: Record<string, (...args: unknown[]) => Promise<unknown>>) => Promise<unknown>;
  sent: string;
  /** A request each mock must answer 200 with the default token. */
  request: { path: string; headers: Record<string, string> };
  /** For an answer documented in more than one media type: what each `Accept` gets. */
  negotiated?: [accept: string, contentType: RegExp][];
  /** A JSON answer the spec gives no example for, and the members its schema's sample has. */
  sampled?: { path: string; members: string[] };
}

const SPECS: RealSpec[] = [
  {
    name: "Swagger Petstore (OpenAPI 3.0)",
    file: "3.0/yaml/petstore.yaml",
    call: (billing) => billing.findPetsByStatus!({ status: ["sold"] }),
    sent: "http://petstore.swagger.io/v2/pet/findByStatus?status=sold",
    request: { path: "/pet/findByStatus?status=available", headers: { Authorization: "Bearer test-token", Accept: "application/json" } },
    negotiated: [
      ["application/json", /^application\/json/],
      ["application/xml", /^application\/xml/],
      ["application/xml;q=0.5, application/json", /^application\/json/],
      ["*/*", /^application\/xml/],
    ],
    sampled: { path: "/store/order/1", members: ["complete", "id", "petId", "quantity", "shipDate", "status"] },
  },
  {
    name: "Train Travel (OpenAPI 3.1)",
    file: "3.1/json/train-travel.json",
    call: (billing) => billing["get-trips"]!({ origin: "a", destination: "b", date: "2024-02-01T09:00:00Z" }),
    sent: "https://api.example.com/trips?origin=a&destination=b&date=2024-02-01T09%3A00%3A00Z",
    request: { path: "/stations", headers: { Authorization: "Bearer test-token" } },
  },
];

describe.each(SPECS)("$name", ({ file, call, sent, request, negotiated, sampled }) => {
  let spec: SpecModel;
  let client: GeneratedClient | undefined;
  beforeAll(async () => {
    spec = await loadSpec(join(examples, file), CONFIG);
    client = await generateClientFor(spec.bundled);
  }, 60_000);
  afterAll(() => client?.close());

  test("the generated client type-checks, and a call goes out to the spec's server with its query", async () => {
    const consumer = `import { createBillingClient } from "./src/index.ts";\nexport const billing = createBillingClient({ token: "t" });\n`;
    expect(await compileConsumer(client!, consumer)).toEqual({ output: "", code: 0 });
    const pkg = (await import(pathToFileURL(join(client!.dir, "src/index.ts")).href)) as typeof import("@hostup/billing-client");
    const wire = observedFetch(json(200, []));
    await call(pkg.createBillingClient({ token: "t", fetch: wire.fetch }) as never);
    expect(wire.requests.map((sentRequest) => sentRequest.url)).toEqual([sent]);
  }, 60_000);

  describe.each<MockKind>(["stateful", "prism"])("the %s mock", (kind) => {
    let mock: MockOnSpec | undefined;
    beforeAll(async () => {
      mock = await startMockOn(kind, spec.bundled);
    }, 60_000);
    afterAll(() => mock?.close());

    test("serves the spec to the default token", async () => {
      const answer = await fetch(`${mock!.url}${request.path}`, { headers: request.headers });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(/json/);
    });

    test.runIf(sampled)("answers a JSON answer without examples with a body of its schema's shape, not an empty one", async () => {
      const answer = await fetch(`${mock!.url}${sampled!.path}`, { headers: { Accept: "application/json" } });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(sampled!.members);
      expect(body).toMatchObject({ id: expect.any(Number), shipDate: expect.any(String), complete: expect.any(Boolean) });
    });

    test.runIf(negotiated)("answers in the media type Accept prefers, the spec's first when it admits all", async () => {
      for (const [accept, contentType] of negotiated ?? []) {
        const answer = await fetch(`${mock!.url}${request.path}`, { headers: { ...request.headers, Accept: accept } });
        expect([accept, answer.status, answer.headers.get("content-type")]).toEqual([accept, 200, expect.stringMatching(contentType)]);
      }
    });
  });
});
