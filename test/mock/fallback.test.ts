/**
 * Operations without behaviour answer from the spec: the project's own mock must have
 * behaviour for every operation, and a mock built without one (through the package's
 * internal Behaviour seam) answers its first success example after every check.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createBillingMock, type BillingMock } from "@hostup/billing-mock";
import { errorCatalog, operationModel, serverUrl } from "@hostup/billing-openapi";
import { exampleAnswer, fromExample } from "../../packages/billing-mock/src/examples.ts";
import { mockOf } from "../../packages/billing-mock/src/in-process.ts";
import { createPipeline, operationHandlersOf, type Behaviour } from "../../packages/billing-mock/src/mock.ts";
import { startWith } from "../../packages/billing-mock/src/node.ts";
import { newExchange } from "../../packages/billing-mock/src/replies.ts";
import type { RunningBillingMock } from "@hostup/billing-mock/node";
import { pathOf, responseExample } from "../support/examples.ts";
import { routeOf as modelRoute } from "../support/model-route.ts";
import { success, validate } from "../support/spec.ts";

const RESEND = `${serverUrl}${pathOf("resendInvoiceEmail")}`;
// What the project's mock answers from examples (nothing, unless an operation was just added to
// spec/ without behaviour: the first test then fails, and only that one, naming it). Asked
// inside each test, so that the mock is built by the code under test at that moment.
const unhandled = () => createBillingMock().answeredFromExamples;
const withoutResend: Behaviour = (store, now) => {
  const { resendInvoiceEmail: _, ...others } = operationHandlersOf(store, now);
  return others;
};

test("lists exactly the operations of the spec that have no behaviour, which answer from their examples", () => {
  const operations = unhandled();
  // An operation added to spec/ without behaviour is served, not a failure: it is listed, as `pnpm mock:stateful` lists it.
  const handled = Object.keys(operationHandlersOf(createPipeline({}).store, () => new Date()));
  expect([...operations]).toEqual(Object.keys(operationModel.operations).filter((id) => !handled.includes(id)));
  if (operations.length > 0) console.info(`answered from the spec's examples (no behaviour in operations.ts): ${operations.join(", ")}`);
});

describe("an operation without behaviour", () => {
  let mock: BillingMock;
  beforeAll(() => {
    mock = mockOf(createPipeline({ rateLimit: { limit: 2, windowMs: 60_000 } }, withoutResend));
  });

  test("is named in answeredFromExamples", () => {
    expect([...mock.answeredFromExamples].sort()).toEqual([...unhandled(), "resendInvoiceEmail"].sort());
    // Built here as well, so a change to how the list is built is seen by this test.
    expect(mockOf(createPipeline({}, withoutResend)).answeredFromExamples).toContain("resendInvoiceEmail");
  });

  test("answers its first success example, marked X-Mock-Source: example, and changes no state", async () => {
    const answer = await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } });
    expect(answer.status).toBe(success("resendInvoiceEmail").status);
    expect(answer.headers.get("x-mock-source")).toBe("example");
    const body = await answer.json();
    expect(body).toEqual(responseExample("resendInvoiceEmail"));
    expect(validate(success("resendInvoiceEmail").schema, body)).toEqual([]);
    expect(mock.state.outbox).toEqual([]);
  });

  test("still checks credentials, scope, validation and the rate limit first", async () => {
    expect((await mock.fetch(RESEND, { method: "POST" })).status).toBe(401);
    expect((await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer read-only-token" } })).status).toBe(403);
    const badId = `${serverUrl}${pathOf("resendInvoiceEmail", { id: "42" })}`;
    expect((await mock.fetch(badId, { method: "POST", headers: { Authorization: "Bearer write-only-token" } })).status).toBe(400);
    // A limit of 2 a window: whatever test-token used before, its third call in this window is refused.
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await mock.fetch(RESEND, { method: "POST", headers: { Authorization: "Bearer test-token" } })).status);
    expect(statuses.at(-1)).toBe(429);
  });

  test("the other operations keep their behaviour", async () => {
    const list = await mock.fetch(`${serverUrl}${pathOf("listInvoiceCcRecipients")}`, {
      headers: { Cookie: "hostup_session=sess_abc123" },
    });
    expect(list.headers.get("x-mock-source")).toBeNull();
    expect((await list.json()).contacts.map((r: { email: string }) => r.email)).toEqual(mock.state.recipients.map((r) => r.email));
  });
});

describe("an operation without behaviour on the Node host", () => {
  let server: RunningBillingMock;
  beforeAll(async () => {
    server = await startWith({ rateLimit: false }, withoutResend);
  });
  afterAll(() => server.close());

  test("says so, and lets a browser page read X-Mock-Source", async () => {
    expect([...server.answeredFromExamples].sort()).toEqual([...unhandled(), "resendInvoiceEmail"].sort());
    const another = await startWith({}, withoutResend);
    await another.close();
    expect(another.answeredFromExamples).toContain("resendInvoiceEmail");
    const answer = await fetch(`${server.url}${pathOf("resendInvoiceEmail")}`, {
      method: "POST",
      headers: { Authorization: "Bearer test-token", Origin: "http://localhost:5173" },
    });
    expect(answer.headers.get("x-mock-source")).toBe("example");
    expect(answer.headers.get("access-control-expose-headers")?.toLowerCase().split(",")).toContain("x-mock-source");
  });
});

/**
 * Shapes an operation added to spec/ may have that the spec's operations do not use yet, as the
 * operation model carries them.
 */
describe("the first success example of an operation documented unlike the current ones", () => {
  const routeOf = (responses: Record<string, unknown>) => modelRoute("archiveInvoice", responses);

  test("a success without a body answers its status with no body, and each header's example wherever the spec gives it", async () => {
    // Headers the earlier steps set (here a rate limit) give way to the documented example, as on answers with a body.
    const exchange = newExchange(new Date(), "/archive", { "x-ratelimit-limit": "3" });
    const answer = fromExample(
      exchange,
      routeOf({
        "204": {
          description: "Archived.",
          headers: {
            "X-RateLimit-Limit": { schema: { type: "integer" }, example: 60 },
            "X-From-Schema": { schema: { type: "integer", example: 7 } },
            "X-From-Schema-Examples": { schema: { type: "string", examples: ["first", "second"] } },
            "X-Without-Example": { schema: { type: "string" } },
            "X-Without-Schema": { description: "Neither an example nor a schema." },
          },
        },
        "404": { description: "Not found.", content: { "application/problem+json": { example: { status: 404 } } } },
      }),
    );
    expect(answer.status).toBe(204);
    expect(Object.fromEntries(answer.headers)).toEqual({
      "x-mock-source": "example",
      "x-ratelimit-limit": "60",
      "x-from-schema": "7",
      "x-from-schema-examples": "first",
      "x-request-id": exchange.requestId,
    });
    expect(await answer.text()).toBe("");
  });

  test("a body given as a single `example` rather than named `examples` is answered", async () => {
    const answer = fromExample(
      newExchange(new Date(), "/archive"),
      routeOf({ "200": { description: "Archived.", content: { "application/json": { example: { archived: true } } } } }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-mock-source")).toBe("example");
    expect(await answer.json()).toEqual({ archived: true });
  });

  test("a JSON body without examples is answered with its schema's sample, not an empty body", async () => {
    const schema = { type: "object", properties: { archived: { type: "boolean" }, at: { type: "string", format: "date-time" } } };
    const answer = fromExample(
      newExchange(new Date(), "/archive"),
      routeOf({ "200": { description: "Archived.", content: { "application/json": { schema } } } }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-mock-source")).toBe("example");
    expect(await answer.json()).toEqual({ archived: true, at: "2019-08-24T14:15:22Z" });
  });

  test("an example, where the spec gives one, wins over the schema's sample", async () => {
    const schema = { type: "object", properties: { archived: { type: "boolean" } } };
    const answer = fromExample(
      newExchange(new Date(), "/archive"),
      routeOf({
        "200": { description: "Archived.", content: { "application/json": { schema, examples: { no: { value: { archived: false } } } } } },
      }),
    );
    expect(await answer.json()).toEqual({ archived: false });
  });

  test("a status the operation documents as a range or as `default` answers that response's example", async () => {
    const route = routeOf({
      "2XX": { description: "Done.", content: { "application/json": { example: { from: "2XX" } } } },
      default: { description: "Anything else.", content: { "application/problem+json": { example: { from: "default" } } } },
    });
    const answers = [201, 404].map((status) => exampleAnswer(newExchange(new Date(), "/archive"), route, status));
    expect(answers.map((answer) => [answer.status, answer.headers.get("content-type")])).toEqual([
      [201, "application/json"],
      [404, "application/problem+json"],
    ]);
    expect(await Promise.all(answers.map((answer) => answer.json()))).toEqual([{ from: "2XX" }, { from: "default" }]);
  });

  describe("an answer documented in two media types", () => {
    const route = routeOf({
      "200": {
        description: "Archived.",
        content: {
          "application/json": { examples: { first: { value: { as: "json" } } } },
          // An example named "undefined" is still only picked by that name.
          "application/xml": { examples: { undefined: { value: "<as>undefined</as>" }, onlyXml: { value: "<as>xml</as>" } } },
        },
      },
    });
    const answered = async (accept: string | null, name?: string) => {
      const exchange = newExchange(new Date(), "/archive");
      exchange.accept = accept;
      const answer = exampleAnswer(exchange, route, 200, name);
      return [answer.headers.get("content-type"), await answer.text()];
    };

    test("without a name, the media type Accept prefers, else the first", async () => {
      expect(await answered(null)).toEqual(["application/json", '{"as":"json"}']);
      expect(await answered("application/xml")).toEqual(["application/xml", "<as>undefined</as>"]);
      expect(await answered("application/xml;q=0.5, application/json")).toEqual(["application/json", '{"as":"json"}']);
    });

    test("a named example in the media type that holds it, whatever Accept prefers", async () => {
      expect(await answered("application/json", "onlyXml")).toEqual(["application/xml", "<as>xml</as>"]);
      expect(await answered(null, "first")).toEqual(["application/json", '{"as":"json"}']);
    });
  });

  test("a scenario's own header replaces the documented example of that header, and one an earlier step set, whatever its case", async () => {
    const route = routeOf({
      "200": {
        description: "Archived.",
        headers: { "X-Archive-Id": { schema: { type: "string" }, example: "from-spec" } },
        content: { "application/json": { example: { archived: true } } },
      },
    });
    // The rate-limit step set its header in lower case; the scenario's is written as the spec writes it.
    const exchange = newExchange(new Date(), "/archive", { "x-ratelimit-limit": "3" });
    const answer = exampleAnswer(exchange, route, 200, undefined, { headers: { "X-Archive-Id": "custom", "X-RateLimit-Limit": "7" } });
    expect(answer.headers.get("x-archive-id")).toBe("custom");
    expect(answer.headers.get("x-ratelimit-limit")).toBe("7");
    expect(answer.headers.get("x-mock-source")).toBe("scenario");
  });

  test("an operation that documents no success answers a 500 Problem naming it", async () => {
    const exchange = newExchange(new Date(), "/archive");
    const answer = fromExample(
      exchange,
      routeOf({ "404": { description: "Not found.", content: { "application/problem+json": { example: { status: 404 } } } } }),
    );
    expect(answer.status).toBe(500);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.headers.get("x-mock-source")).toBeNull();
    expect(await answer.json()).toMatchObject({
      status: 500,
      code: errorCatalog[500].code,
      instance: "/archive",
      requestId: exchange.requestId,
      detail: "archiveInvoice has no behaviour in this mock and documents no success to answer instead.",
    });
  });
});
