/**
 * The answer types and the request-ID header are generated, not written per operation: for a
 * spec whose success answer declares headers (one of them `X-Request-Id`), whose error answer
 * lists a code HostUp's do not, and whose body nests arrays and objects, the generated client
 * types and reads them with no handwritten code for them.
 */
import type { Oas3_1Definition, Oas3PathItem } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dereference, loadSpec } from "../../pipeline/openapi-model.ts";
import { withWidgetOperations } from "../../pipeline/synthetic-spec.ts";
import { compileConsumer, generateClientFor, type GeneratedClient, TYPE_ASSERTIONS } from "../support/generated-client.ts";
import { observedFetch } from "../support/observed-fetch.ts";
import { removeRendered, renderedClient } from "../support/rendered-client.ts";

interface WidgetAnswer {
  data: unknown;
  status: number;
  headers: Headers;
  requestId: string | undefined;
  rateLimit: unknown;
}
interface WidgetClient {
  getWidget(widgetId: string, query?: object, options?: { withResponse: true }): Promise<WidgetAnswer>;
  tagWidget(body: object): Promise<unknown>;
}

const WIDGET = { id: "w_1", name: "Blue" };

/**
 * The widget operations, with getWidget's 200 declaring `X-Request-Id` (required) and
 * `X-Cursor`, a 409 whose example has the code `widget_locked`, and `tagWidget`, a POST whose
 * body has a property that needs escaping in a pointer and an array of objects.
 */
function withAnswerConstructs(bundled: Oas3_1Definition): Oas3_1Definition {
  const spec = withWidgetOperations(bundled);
  const get = (spec.paths!["/api/v2/billing/widgets/{widgetId}"] as Oas3PathItem).get!;
  const problem = (code: string) => ({
    description: code,
    content: { "application/problem+json": { schema: { type: "object" }, examples: { [code]: { value: { code, status: 409 } } } } },
  });
  Object.assign(get.responses!["200"]!, {
    headers: {
      "X-Request-Id": { required: true, schema: { type: "string" } },
      "X-Cursor": { schema: { type: "string" } },
    },
  });
  Object.assign(get.responses!, { "409": problem("widget_locked") });
  spec.paths!["/api/v2/billing/widgets/tags"] = {
    post: {
      tags: ["Payments"],
      security: [{ BearerAuth: ["write:billing"] }],
      operationId: "tagWidget",
      summary: "Tag a widget",
      description: "Add labels to a widget.",
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: {
                "a/b~c": { type: "string" },
                labels: { type: "array", items: { type: "object", properties: { text: { type: "string" } } } },
              },
            },
          },
        },
      },
      responses: { "204": { description: "Tagged." }, "409": problem("tag_taken") },
    },
  } as never;
  return spec;
}

const spec = withAnswerConstructs((await loadSpec()).bundled);
const resolved = await dereference(spec);
afterAll(removeRendered);

describe("a client generated for a spec that declares a request-ID header", () => {
  test("reads requestId from that header, before the body's", async () => {
    const { pkg } = await renderedClient(resolved);
    const wire = observedFetch(() => Response.json({ ...WIDGET, requestId: "from-body" }, { headers: { "X-Request-Id": "req_header" } }));
    const billing = pkg.createBillingClient({ token: "tok", fetch: wire.fetch }) as unknown as WidgetClient;
    const answer = await billing.getWidget("w_1", undefined, { withResponse: true });
    expect(answer).toMatchObject({ status: 200, requestId: "req_header", data: { ...WIDGET, requestId: "from-body" } });
  });

  test("narrows a 409 of the new operation with isProblem", async () => {
    const { pkg, problems } = await renderedClient(resolved);
    const wire = observedFetch(() => Response.json({ code: "tag_taken" }, { status: 409 }));
    const billing = pkg.createBillingClient({ token: "tok", fetch: wire.fetch, retry: false }) as unknown as WidgetClient;
    const error = await billing.tagWidget({ labels: [] }).catch((e: unknown) => e);
    expect(problems.isProblem(error, "tagWidget" as never)).toBe(true);
    expect(problems.isProblem(error, "getWidget" as never)).toBe(false);
  });

  describe("typed", () => {
    let generated: GeneratedClient;
    beforeAll(async () => {
      generated = await generateClientFor(spec);
    }, 60_000);
    afterAll(() => generated?.close());

    test("types the declared headers, the new codes and the nested pointers (tsc over a consumer)", async () => {
      const consumer = `import { createBillingClient, type Answer, type ProblemError } from "./src/index.ts";
import { isProblem } from "./src/problems.ts";
${TYPE_ASSERTIONS}declare const billing: ReturnType<typeof createBillingClient>;
const answer = await billing.getWidget("w_1", undefined, { withResponse: true });
expectType<Equal<typeof answer, Answer<200, { id: string; name: string }, "X-Request-Id", "X-Cursor">>>();
const requestId: string = answer.headers.get("x-request-id");
const cursor: string | null = answer.headers.get("X-Cursor");
// @ts-expect-error -- an optional header may be missing
const notCursor: string = answer.headers.get("X-Cursor");
const tagged = await billing.tagWidget({}, { withResponse: true });
expectType<Equal<typeof tagged, Answer<204, undefined, never, never>>>();
expectType<Equal<ProblemError<"tagWidget">["code"], "tag_taken" | undefined>>();
expectType<Equal<ProblemError<"getWidget">["code"] & string, "invalid_request" | "unauthorized" | "not_found" | "rate_limited" | "internal_error" | "widget_locked">>();
expectType<Equal<ProblemError<"tagWidget">["errors"][number]["pointer"], "" | "/a~1b~0c" | "/labels" | \`/labels/\${number}\` | \`/labels/\${number}/text\`>>();
declare const caught: unknown;
if (isProblem(caught, "tagWidget")) {
  const pointer: \`/labels/\${number}/text\` | "" = caught.errors[0]!.pointer === "/labels/0/text" ? "/labels/0/text" : "";
  void pointer;
}
void [requestId, cursor, notCursor];
`;
      expect(await compileConsumer(generated, consumer)).toEqual({ output: "", code: 0 });
    });
  });
});
