/**
 * Answers outside any operation's behaviour: a request that is not one, a Problem written by a
 * host, a handler that answers a status its operation does not document, a dropped connection.
 */
import { describe, expect, test, vi } from "vitest";
import { createBillingMock } from "@hostup/billing-mock";
import { problemDocument } from "../../packages/billing-mock/src/problems.ts";
import { dropConnection, dropReason, newExchange, reply, respondWith } from "../../packages/billing-mock/src/replies.ts";
import { routeOf } from "../support/model-route.ts";
import { pathOf } from "../support/examples.ts";
import { compiledAfresh } from "../support/fresh-routes.ts";

describe("request ids", () => {
  test("each is req_ and 26 hex digits, none repeats over many draws, and every digit turns up in every place", () => {
    const ids = Array.from({ length: 5000 }, () => newExchange(new Date(0)).requestId);
    for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Random digits: over 5,000 ids each of the 16 digits shows in each of the 26 places (a
    // place that missed one would do so by chance with odds of about 26 * 16 * (15/16)^5000).
    for (let place = 4; place < 30; place++) expect(new Set(ids.map((id) => id[place])).size).toBe(16);
  });

  test("are drawn 256 at a time: any 512 ids in a row take two draws of random bytes", () => {
    const draw = vi.spyOn(crypto, "getRandomValues");
    try {
      for (let i = 0; i < 512; i++) newExchange(new Date(0));
      expect(draw).toHaveBeenCalledTimes(2);
    } finally {
      draw.mockRestore();
    }
  });
});

describe("respondWith: a value in the media type the spec gives", () => {
  const answer = async (value: unknown, mediaType: string | undefined, status = 200) => {
    const response = respondWith(newExchange(new Date(0)), status, value, mediaType);
    return [response.status, response.headers.get("content-type"), await response.text()];
  };

  test("a JSON media type, with parameters or a +json suffix, gets the value as JSON, a string included", async () => {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "application/json;v=1",
      "application/vnd.api+json",
      "APPLICATION/JSON",
    ])
      expect(await answer("hi", type), type).toEqual([200, type, '"hi"']);
  });

  test("a type that only names JSON somewhere else is not JSON: a string goes out as it is", async () => {
    for (const type of ["text/plain; profile=application/json", "application/json-seq", "application/x+json+xml", "text/json"])
      expect(await answer("hi", type), type).toEqual([200, type, "hi"]);
  });

  test("another media type gets a string as it is, bytes as they are, any other value as its JSON, and none as an empty body", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7");
    expect(await answer("<a/>", "application/xml")).toEqual([200, "application/xml", "<a/>"]);
    expect(await answer(pdf, "application/pdf")).toEqual([200, "application/pdf", "%PDF-1.7"]);
    expect(await answer(pdf.buffer, "application/pdf")).toEqual([200, "application/pdf", "%PDF-1.7"]);
    expect(await answer({ a: 1 }, "text/plain")).toEqual([200, "text/plain", '{"a":1}']);
    expect(await answer(undefined, "text/plain")).toEqual([200, "text/plain", ""]);
  });

  test("no media type, a 204 or a 304 has no body, whatever the value; without a media type no Content-Type either", async () => {
    expect(await answer("ignored", undefined)).toEqual([200, null, ""]);
    expect(await answer("ignored", "text/plain", 204)).toEqual([204, "text/plain", ""]);
    expect(await answer("ignored", "text/plain", 304)).toEqual([304, "text/plain", ""]);
  });

  test("a handler's reply takes the media type of its status, else of its range, else of `default`", async () => {
    const route = routeOf("archiveInvoice", {
      "200": { description: "Done.", content: { "text/plain": { example: "done" } } },
      "2XX": { description: "Other successes.", content: { "application/xml": { example: "<done/>" } } },
      default: { description: "Anything else.", content: { "application/problem+json": { example: { status: 500 } } } },
    });
    const types = [200, 201, 503].map((status) =>
      reply(newExchange(new Date(0)), route, { status, body: "x" }).headers.get("content-type"),
    );
    expect(types).toEqual(["text/plain", "application/xml", "application/problem+json"]);
    const narrow = routeOf("archiveInvoice", { "200": { description: "Done.", content: { "text/plain": { example: "done" } } } });
    expect(() => reply(newExchange(new Date(0)), narrow, { status: 201, body: "x" })).toThrow(
      "archiveInvoice does not document status 201",
    );
  });
});

describe("answers outside an operation", () => {
  test("a request that cannot be built is a 400 Problem at instance /", async () => {
    const answer = await createBillingMock().fetch("http://[not-a-host/");
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ status: 400, instance: "/", detail: expect.stringMatching(/^Not a valid request: /) });
  });

  test("a host's Problem document is at instance / unless it names another", () => {
    expect(problemDocument(400, { detail: "Bad framing." })).toMatchObject({ status: 400, instance: "/", detail: "Bad framing." });
    expect(problemDocument(400, { detail: "Bad framing." }, "/x").instance).toBe("/x");
  });

  test("a handler's status that its operation does not document is a bug, thrown rather than answered", async () => {
    const route = (await compiledAfresh()).route("GET", pathOf("listInvoiceCcRecipients"));
    expect(() => reply(newExchange(new Date(0)), route, { status: 418, body: {} })).toThrow(
      "listInvoiceCcRecipients does not document status 418",
    );
  });

  test("a dropped connection's reason is logged as given, and a network error from elsewhere as dropped", () => {
    expect(dropReason(dropConnection("the scenario asked for fault=reset"))).toBe("the scenario asked for fault=reset");
    expect(dropReason(Response.error())).toBe("dropped");
  });
});
