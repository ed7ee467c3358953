/**
 * The case enumeration on HostUp's spec, without a server: which cases each kind of target
 * gets from the operation model, and what changes when the stateful mock has no behaviour
 * for an operation.
 */
import { describe, expect, test } from "vitest";
import { operationModel } from "@hostup/billing-openapi";
import type { ApiTarget, TargetKind } from "../support/target.ts";
import { contractCases, type ContractCase } from "./cases.ts";

const operations = Object.values(operationModel.operations);
const target = (kind: TargetKind, fromExamples: string[] = []): ApiTarget => ({
  name: kind,
  url: "http://127.0.0.1:9",
  kind,
  fromExamples,
});
const keyOf = (c: ContractCase) =>
  `${c.operation.operationId} ${c.response.status} ${c.answer?.mediaType ?? "-"} ${c.requestContent?.mediaType ?? "-"}`;

/** Every operation × documented status × response media type × request media type of the model. */
const documented = operations.flatMap((operation) =>
  operation.responses.flatMap((response) =>
    (response.contents.length > 0 ? response.contents : [undefined]).flatMap((answer) =>
      (operation.body?.contents ?? [undefined]).map(
        (sent) => `${operation.operationId} ${response.status} ${answer?.mediaType ?? "-"} ${sent?.mediaType ?? "-"}`,
      ),
    ),
  ),
);

describe("contract cases from the operation model", () => {
  test.each(["examples", "stateful"] as const)("a %s target gets every operation × status × request and response media type", (kind) => {
    expect([...new Set(contractCases(operationModel, target(kind)).map(keyOf))].sort()).toEqual([...new Set(documented)].sort());
  });

  test("Prism gets one case per named example of every answer, each asked for by Prefer", () => {
    const cases = contractCases(operationModel, target("examples"));
    const examples = operations.flatMap((o) =>
      o.responses.flatMap((r) =>
        // A response without a body (a 204) is still asked for once.
        (r.contents.length > 0 ? r.contents : [{ examples: {} }]).flatMap((c) =>
          (o.body?.contents ?? [undefined]).flatMap(() => (Object.keys(c.examples).length > 0 ? Object.keys(c.examples) : [undefined])),
        ),
      ),
    );
    expect(cases).toHaveLength(examples.length);
    expect(new Set(cases.map((c) => c.provoked))).toEqual(new Set(["prefer"]));
  });

  test("a server gets only what behaviour can provoke, never Prefer", () => {
    const cases = contractCases(operationModel, target("server"));
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.provoked))).toEqual(new Set(["behaviour"]));
  });

  test("every request carries each parameter's example from the spec", async () => {
    for (const contract of contractCases(operationModel, target("examples"))) {
      const request = await contract.request(target("examples"));
      for (const parameter of contract.operation.parameters) expect(request.parameters[parameter.name]).toEqual(parameter.example);
    }
  });

  describe("an operation the stateful mock has no behaviour for", () => {
    // One that names a resource in its path and documents a 404 for it, whatever else the spec holds.
    const [operation] = operations.filter((o) => o.parameters.some((p) => p.in === "path") && o.responses.some((r) => r.status === "404"));
    const mine = (fromExamples: string[]) =>
      contractCases(operationModel, target("stateful", fromExamples)).filter((c) => c.operation === operation);

    test("answers its first success from the spec's examples, compared with the first example", () => {
      const success = mine([operation!.operationId]).filter((c) => /^2/.test(c.response.status));
      expect(success.map((c) => [c.provoked, c.example])).toEqual([["example", Object.keys(success[0]!.answer!.examples)[0]]]);
      expect(
        mine([])
          .filter((c) => /^2/.test(c.response.status))
          .map((c) => c.provoked),
      ).toEqual(["behaviour"]);
    });

    test("reaches a status only its behaviour could give (404) by scenario instead, and keeps the others that come before behaviour", () => {
      const by = (cases: ContractCase[], status: string) => cases.filter((c) => c.response.status === status).map((c) => c.provoked);
      const without = mine([operation!.operationId]);
      expect(by(mine([]), "404")).toEqual(["behaviour"]);
      expect(new Set(by(without, "404"))).toEqual(new Set(["scenario"]));
      const before = ["400", "401", "403", "429"].filter((status) => operation!.responses.some((r) => r.status === status));
      expect(before.length).toBeGreaterThan(0);
      for (const status of before) expect(by(without, status)).toEqual(["behaviour"]);
    });
  });
});
