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
