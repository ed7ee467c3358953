/**
 * Answers outside any operation's behaviour: a request that is not one, a Problem written by a
 * host, a handler that answers a status its operation does not document, a dropped connection.
 */
import { describe, expect, test } from "vitest";
import { createBillingMock } from "@hostup/billing-mock";
import { problemDocument } from "../../packages/billing-mock/src/problems.ts";
import { dropConnection, dropReason, newExchange, reply } from "../../packages/billing-mock/src/replies.ts";
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
