/**
 * The messages module the generator renders for a spec other than HostUp's: a small widget API
 * whose Problem examples take every shape messages.gen.ts reads (one field error, several, one on
 * the whole body or a query parameter, none; a code worded differently by one operation; a
 * request or answer `maxLength`). Each test renders the module and imports it beside a copy of
 * the client's errors.ts, then asks it for the message of each error the client can throw.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type * as Messages from "@hostup/billing-client/messages";
import type * as Errors from "@hostup/billing-client";
import { messageTables, renderMessages } from "../../pipeline/render-messages.ts";
import { renderedModules, type RenderedModules } from "../support/rendered-module.ts";

type Spec = Parameters<typeof renderMessages>[0];

const problem = (description: unknown, value: unknown) => ({ description, value });
const problems = (examples: Record<string, { description?: unknown; value?: unknown }>) => ({
  content: { "application/problem+json": { examples } },
});
const field = (pointer: unknown, code: unknown) => ({ pointer, code });
const json = (properties: Record<string, object>) => ({ content: { "application/json": { schema: { type: "object", properties } } } });

/**
 * What each example says, named for the test that reads it. The wording is plain, as the
 * Problem schema asks, and each is distinct, so a message names the example it came from.
 */
const WORDS = {
  badId: "That widget ID does not look right.",
  notFound: "There is no such widget.",
  listNotFound: "No widget is listed there.",
  renameNotFound: "That widget was removed before it could be renamed.",
  serverError: "Something went wrong on our side.",
  nameTaken: "Another widget already has that name.",
  nameFormat: "Use letters and spaces only.",
  noteMissing: "Write a note for the widget.",
  both: "Correct the name and the note.",
  notJson: "The widget could not be read.",
  tooMany: "Ask for fewer widgets at a time.",
  generic: "The request was not accepted.",
  conflict: "The widget changed meanwhile.",
  busy: "Widgets are being added: try again in a minute.",
} as const;

function widgetSpec(): Spec {
  return {
    openapi: "3.1.0",
    info: { title: "Widgets", version: "1" },
    paths: {
      // Before the widget paths: a path parameter without a 400 of its own gets no message.
      "/gadgets/{gadgetId}": {
        get: {
          operationId: "getGadget",
          parameters: [{ name: "gadgetId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": json({}), "404": problems({ gone: problem(WORDS.notFound, { code: "not_found" }) }) },
        },
      },
      "/widgets/{widgetId}": {
        parameters: [{ name: "widgetId", in: "path", required: true, schema: { type: "string" } }],
        get: {
          operationId: "getWidget",
          parameters: [{ name: "expand", in: "query", schema: { type: "string" } }],
          responses: {
            "200": json({ name: { type: "string" } }),
            // Padded on purpose: the message is the trimmed description.
            "400": problems({ badId: problem(`  ${WORDS.badId}\n`, { code: "invalid_request" }) }),
            "404": problems({ notFound: problem(WORDS.notFound, { code: "not_found" }) }),
            "503": problems({ down: problem(WORDS.serverError, { code: "unavailable" }) }),
            "500": problems({ broke: problem(WORDS.serverError, { code: "internal_error" }) }),
          },
        },
        head: { operationId: "checkWidget", responses: { "200": { description: "Exists." } } },
        patch: {
          operationId: "renameWidget",
          requestBody: json({ name: { type: "string", maxLength: 30 }, note: { type: "string" }, colour: { type: "string" } }),
          responses: {
            "200": json({ note: { type: "string", maxLength: 99 }, name: { type: "string", maxLength: 40 } }),
            "400": problems({
              nameTaken: problem(WORDS.nameTaken, { code: "invalid_request", errors: [field("/name", "duplicate")] }),
              nameFormat: problem(WORDS.nameFormat, { code: "invalid_request", errors: [field("/name", "invalid_format")] }),
              // Worded as the one above: were field-error examples counted for their code, this
              // wording would outvote getWidget's as invalid_request's message.
              nameFormatAgain: problem(WORDS.nameFormat, { code: "invalid_request", errors: [field("/name", "invalid_format")] }),
              noteMissing: problem(WORDS.noteMissing, { code: "invalid_request", errors: [field("/note", "missing_required")] }),
              both: problem(WORDS.both, {
                code: "invalid_request",
                errors: [field("/colour", "invalid_format"), field("/note", "duplicate")],
              }),
              notJson: problem(WORDS.notJson, { code: "malformed", errors: [field("", "invalid_json")] }),
              // An error whose members are not strings names no field.
              odd: problem(WORDS.generic, { code: "invalid_request", errors: [field(4, "x"), field("/name", null), "oops"] }),
              noCode: problem("Not a Problem: no code.", { title: "no code" }),
              noWords: { value: { code: "invalid_request" } },
              noValue: { description: "An example without a value." },
            }),
            "404": problems({ gone: problem(WORDS.renameNotFound, { code: "not_found" }) }),
            "409": problems({ conflict: problem(WORDS.conflict, { code: "conflict", errors: "not a list" }) }),
          },
        },
        put: {
          operationId: "replaceWidget",
          requestBody: json({ summary: { type: "string" } }),
          // "400" comes first among the keys (an integer-like key); the success is the 2XX range.
          responses: { "400": { description: "Invalid." }, "2XX": json({ summary: { type: "string", maxLength: 77 } }) },
        },
      },
      "/widgets": {
        get: {
          operationId: "listWidgets",
          parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }],
          responses: {
            "200": json({}),
            "400": problems({ tooMany: problem(WORDS.tooMany, { code: "too_many", errors: [field("/query/limit", "maximum")] }) }),
            "404": problems({ none: problem(WORDS.listNotFound, { code: "not_found" }) }),
          },
        },
        post: {
          operationId: "addWidget",
          requestBody: { content: { "text/plain": { schema: { type: "object", properties: { name: { maxLength: 5 } } } } } },
          responses: {
            "201": json({}),
            // Two examples word the code alike, against renameWidget's one: theirs is the code's message.
            "409": problems({
              busy: problem(WORDS.busy, { code: "conflict" }),
              stillBusy: problem(WORDS.busy, { code: "conflict" }),
            }),
          },
        },
      },
    },
  } as never;
}

let modules: RenderedModules;
let errors: typeof Errors;
beforeAll(async () => {
  modules = await renderedModules();
  errors = await modules.handwritten<typeof Errors>("errors.ts");
});
afterAll(() => modules?.close());

/** Renders the messages module for `spec` and imports it. */
const messagesFor = (spec: Spec = widgetSpec()) => modules.load<typeof Messages>(renderMessages(spec));

/** The ProblemError the client throws for `operation`'s answer `status` with `body`. */
const answered = (operation: string, status: number, body: object, headers: Record<string, string> = {}) =>
  new errors.ProblemError(operation, new Response(null, { status, headers }), body);

describe("the tables, read from the spec's Problem examples", () => {
  test("a code's message is the wording most of its examples share, the first of equals; the description is trimmed", () => {
    const tables = messageTables(widgetSpec());
    expect(tables.problems).toEqual({
      internal_error: WORDS.serverError,
      invalid_request: WORDS.badId,
      malformed: WORDS.notJson,
      not_found: WORDS.notFound,
      too_many: WORDS.tooMany,
      unavailable: WORDS.serverError,
      conflict: WORDS.busy,
    });
    expect(Object.keys(tables.problems)).toEqual([
      "conflict",
      "internal_error",
      "invalid_request",
      "malformed",
      "not_found",
      "too_many",
      "unavailable",
    ]);
  });

  test("an operation keeps its own wording of a code only where it differs from the code's message", () => {
    const { operations } = messageTables(widgetSpec());
    expect(operations).toStrictEqual({
      listWidgets: { not_found: WORDS.listNotFound },
      renameWidget: { conflict: WORDS.conflict, invalid_request: WORDS.generic, not_found: WORDS.renameNotFound },
    });
    expect(Object.keys(operations)).toEqual(["listWidgets", "renameWidget"]);
  });

  test("a field's message per code is the first example with that one field error; two field errors give none", () => {
    const { fields } = messageTables(widgetSpec());
    expect(fields).toStrictEqual({
      "": { invalid_json: WORDS.notJson },
      "/name": { duplicate: WORDS.nameTaken, invalid_format: WORDS.nameFormat },
      "/note": { missing_required: WORDS.noteMissing },
      "/query/limit": { maximum: WORDS.tooMany },
    });
    expect(Object.keys(fields)).toEqual(["", "/name", "/note", "/query/limit"]);
    expect(Object.keys(fields["/name"]!)).toEqual(["duplicate", "invalid_format"]);
  });

  test("the client's refusals: a body member's invalid_format (else missing_required), a path parameter's operation 400 without field errors", () => {
    const { inputs } = messageTables(widgetSpec());
    expect(inputs).toStrictEqual({
      "body.name": WORDS.nameFormat,
      "body.note": WORDS.noteMissing,
      widgetId: WORDS.badId,
    });
    expect(Object.keys(inputs)).toEqual(["body.name", "body.note", "widgetId"]);
  });

  test("a body member's limit is the request's maxLength, else its success answer's; a non-JSON body has none", () => {
    const { limits } = messageTables(widgetSpec());
    expect(limits).toStrictEqual({ renameWidget: { "/name": 30, "/note": 99 }, replaceWidget: { "/summary": 77 } });
    expect(Object.keys(limits)).toEqual(["renameWidget", "replaceWidget"]);
  });

  test("each status keeps the first code documented for it, and every method but GET and HEAD may change something", () => {
    const tables = messageTables(widgetSpec());
    expect(tables.statuses).toEqual({
      "400": "invalid_request",
      "404": "not_found",
      "409": "conflict",
      "500": "internal_error",
      "503": "unavailable",
    });
    expect(tables.unsafe).toEqual(["replaceWidget", "renameWidget", "addWidget"]);
  });
});

describe("errorMessage for the API's answers", () => {
  test("a known field error gets its own message at its field", async () => {
    const { errorMessage } = await messagesFor();
    const error = answered("renameWidget", 400, { code: "invalid_request", errors: [{ pointer: "/name", code: "duplicate" }] });
    expect(errorMessage(error)).toEqual({ message: WORDS.nameTaken, field: "/name" });
  });

  test("a field error the spec does not word is refused at its field, never in the code's words", async () => {
    const { errorMessage, problemMessages } = await messagesFor();
    const error = answered("renameWidget", 400, { code: "invalid_request", errors: [{ pointer: "/colour", code: "invalid_format" }] });
    const message = errorMessage(error);
    expect(message.field).toBe("/colour");
    expect(Object.values(problemMessages)).not.toContain(message.message);
    expect(message.message).toMatch(/not accepted/);
  });

  test("a field error on a query parameter or the whole body names no field: the code's message speaks", async () => {
    const { errorMessage } = await messagesFor();
    const query = answered("listWidgets", 400, { code: "too_many", errors: [{ pointer: "/query/other", code: "maximum" }] });
    expect(errorMessage(query)).toEqual({ message: WORDS.tooMany });
    const body = answered("renameWidget", 400, { code: "malformed", errors: [{ pointer: "", code: "unknown" }] });
    expect(errorMessage(body)).toEqual({ message: WORDS.notJson });
  });

  test("a field error without a pointer is passed over for the code's message", async () => {
    const { errorMessage } = await messagesFor();
    const error = answered("getWidget", 400, { code: "invalid_request", errors: [{ code: "duplicate" }] });
    expect(errorMessage(error)).toEqual({ message: WORDS.badId });
  });

  test("an operation's own wording of a code comes before the code's", async () => {
    const { errorMessage } = await messagesFor();
    expect(errorMessage(answered("renameWidget", 404, { code: "not_found" }))).toEqual({ message: WORDS.renameNotFound });
    expect(errorMessage(answered("getWidget", 404, { code: "not_found" }))).toEqual({ message: WORDS.notFound });
    expect(errorMessage(answered("renameWidget", 400, { code: "invalid_request" }))).toEqual({ message: WORDS.generic });
    expect(errorMessage(answered("getWidget", 400, { code: "invalid_request" }))).toEqual({ message: WORDS.badId });
  });

  test("a body without a code is read by its status; an unknown status gives a general refusal", async () => {
    const { errorMessage, problemMessages } = await messagesFor();
    expect(errorMessage(answered("getWidget", 404, {}))).toEqual({ message: WORDS.notFound });
    const refused = errorMessage(answered("getWidget", 418, {}));
    expect(Object.values(problemMessages)).not.toContain(refused.message);
    expect(refused).toEqual({ message: expect.stringMatching(/did not accept/) });
    expect(errorMessage(answered("getWidget", 418, { code: "teapot" }))).toEqual(refused);
  });

  test("a server error carries the request ID, from the body before the header; an undocumented one takes the first 5xx's code", async () => {
    const { errorMessage } = await messagesFor();
    const withBody = answered("getWidget", 500, { code: "internal_error", requestId: "req_body" }, { "x-request-id": "req_head" });
    expect(errorMessage(withBody)).toEqual({ message: WORDS.serverError, requestId: "req_body" });
    expect(errorMessage(answered("getWidget", 502, {}, { "x-request-id": "req_head" }))).toEqual({
      message: WORDS.serverError,
      requestId: "req_head",
    });
    expect(errorMessage(answered("getWidget", 502, { code: "no_such_code" }))).toEqual({ message: WORDS.serverError });
  });

  test("a client error carries no request ID, even when the server sent one", async () => {
    const { errorMessage } = await messagesFor();
    const error = answered("getWidget", 499, { code: "not_found", requestId: "req_1" }, { "x-request-id": "req_2" });
    expect(errorMessage(error)).toEqual({ message: WORDS.notFound });
  });

  test("without any documented server error, an undocumented 5xx says the answer could not be read", async () => {
    const spec = widgetSpec() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    for (const status of ["500", "503"]) delete spec.paths["/widgets/{widgetId}"]!.get!.responses![status];
    const { errorMessage } = await messagesFor(spec as never);
    expect(errorMessage(answered("getWidget", 500, {}))).toEqual({ message: expect.stringMatching(/cannot read/) });
  });
});

describe("errorMessage for what never reached the API, or never came back", () => {
  test("a lost connection says so, and for an operation that may change something, that the change may be made", async () => {
    const { errorMessage } = await messagesFor();
    const read = errorMessage(new errors.NetworkError("getWidget", new TypeError("fetch failed")));
    const check = errorMessage(new errors.NetworkError("checkWidget", new TypeError("fetch failed")));
    const write = errorMessage(new errors.NetworkError("renameWidget", new TypeError("fetch failed")));
    expect(read).toEqual({ message: expect.stringMatching(/^Could not reach/) });
    expect(check).toEqual(read);
    expect(write.message).toMatch(/^The connection was lost\. .*may have been made/);
  });

  test("a timeout says the service was slow, and adds the warning for an unsafe operation", async () => {
    const { errorMessage } = await messagesFor();
    const read = errorMessage(new errors.TimeoutError("getWidget", 10)).message;
    const write = errorMessage(new errors.TimeoutError("addWidget", 10)).message;
    expect(read).toMatch(/did not answer in time/);
    expect(write).toBe(`${read} The change may have been made: reload to check before you try again.`);
  });

  test("an unreadable answer says so, with the request ID its headers carry", async () => {
    const { errorMessage } = await messagesFor();
    const unreadable = (operation: string, headers: Record<string, string> = {}) =>
      errorMessage(new errors.UnexpectedResponseError(operation, new Response(null, { status: 200, headers }), "bad body"));
    expect(unreadable("getWidget", { "X-Request-Id": "req_9" })).toEqual({
      message: expect.stringMatching(/cannot read/),
      requestId: "req_9",
    });
    expect(unreadable("getWidget")).toEqual({ message: expect.stringMatching(/cannot read/) });
    expect(unreadable("renameWidget").message).toMatch(/cannot read.*may have been made/);
  });

  test("a refused argument gets its input's message, a body member at its field, anything else a set-up message", async () => {
    const { errorMessage } = await messagesFor();
    const refusal = (argument: string) => errorMessage(new errors.InvalidArgumentError(argument, "must match"));
    expect(refusal("body.name")).toEqual({ message: WORDS.nameFormat, field: "/name" });
    expect(refusal("widgetId")).toEqual({ message: WORDS.badId });
    expect(refusal("body.colour")).toEqual({ message: expect.stringMatching(/not accepted/), field: "/colour" });
    expect(refusal("token")).toEqual({ message: expect.stringMatching(/not set up/) });
  });

  test("anything else is worded as an unreachable service, without its own text", async () => {
    const { errorMessage } = await messagesFor();
    expect(errorMessage(new Error("renameWidget: secret"))).toEqual({ message: expect.stringMatching(/^Could not reach/) });
    expect(errorMessage(undefined)).toEqual({ message: expect.stringMatching(/^Could not reach/) });
    expect(errorMessage(null)).toEqual({ message: expect.stringMatching(/^Could not reach/) });
  });
});

test("the module exports the tables it words with, and the limits a screen shows", async () => {
  const module = await messagesFor();
  const tables = messageTables(widgetSpec());
  expect(module.problemMessages).toEqual(tables.problems);
  expect(module.fieldMessages).toEqual(tables.fields);
  expect(module.inputMessages).toEqual(tables.inputs);
  expect(module.bodyLimits).toEqual(tables.limits);
});
