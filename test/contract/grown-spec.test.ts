/**
 * The contract suite on a spec that grew: spec/ copied with three operations added
 * (test/fixtures/grown-spec/paths/: a filtered list with a query array in the form style
 * without explode and a `Link` header, a PDF download, a POST with a required
 * Idempotency-Key header, an optional JSON body and a 204), generated into a temporary
 * directory, and the stateful mock started on it. The stateful mock has no behaviour for the
 * new operations: the suite must enumerate their cases from the grown model and pass them
 * from the spec's examples, without a line changed in the mock or the suite.
 *
 * The cases run over raw HTTP (fetch, each parameter in its style), and through a client
 * generated for the grown spec once the client carries every construct in it: until then
 * `hostup/client-supported` refuses the grown spec, and the client's part is skipped with
 * the rule's words in its title. What the client sends for a success is read back from the
 * mock's request journal and must be what the raw side writes for the same parameters.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { errorCatalog } from "@hostup/billing-openapi";
import { generateClientFor } from "../support/generated-client.ts";
import type { ModelOperation } from "@hostup/billing-openapi";
import { growSpec } from "../support/grown-spec.ts";
import { startMockOn } from "../support/mock-on-spec.ts";
import { specValidator } from "../support/spec-validator.ts";
import type { ApiTarget } from "../support/target.ts";
import { wireParameters } from "../support/parameter-wire.ts";
import { caseTitle, contractCases, send, type ContractCase, type ContractRequest } from "./cases.ts";
import { expectAnswer } from "./check-answer.ts";
import { throughClient, type ClientPackage } from "./through-client.ts";

const grown = await growSpec();
const mock = await startMockOn("stateful", grown.bundled);
const target: ApiTarget = {
  name: "the stateful mock on the grown spec",
  url: mock.url,
  kind: "stateful",
  fromExamples: mock.answeredFromExamples,
};
const validator = specValidator(grown.resolved);
const cases = contractCases(grown.model, target);
const added = grown.added.map((id) => grown.model.operations[id]!);
const passed = new Set<ContractCase>();
// The client for the grown spec, generated only when the client claims every construct in it.
const generatedClient = grown.clientRefusals.length === 0 ? await generateClientFor(grown.bundled) : undefined;
const clientPackage = generatedClient
  ? ((await import(pathToFileURL(join(generatedClient.dir, "src/index.ts")).href)) as ClientPackage)
  : undefined;

afterAll(async () => {
  await generatedClient?.close();
  await mock.close();
  await grown.close();
  const fromExamples = cases.filter((c) => c.provoked === "example" && passed.has(c)).map((c) => c.operation.operationId);
  console.log(
    `grown spec: ${cases.length} cases over ${Object.keys(grown.model.operations).length} operations, ${passed.size} passed; ` +
      `answered from the spec's examples: ${fromExamples.join(", ") || "none"}`,
  );
});

const titleOf = (operation: ModelOperation) => `${operation.operationId} (${operation.method} ${operation.path})`;

describe("the grown spec's model", () => {
  test("adds listInvoices, downloadInvoicePdf and sendInvoiceReminder to HostUp's operations", () => {
    expect(grown.added.sort()).toEqual(["downloadInvoicePdf", "listInvoices", "sendInvoiceReminder"]);
  });

  test("carries each added construct: a form array without explode, a Link header, a binary answer, an idempotency key, an optional body, a 204", () => {
    const { listInvoices, downloadInvoicePdf, sendInvoiceReminder } = grown.model.operations;
    expect(listInvoices!.parameters.find((p) => p.name === "status")).toMatchObject({
      in: "query",
      style: "form",
      explode: false,
      shape: "array",
    });
    expect(listInvoices!.responses[0]!.headers.map((h) => h.name)).toContain("Link");
    expect(downloadInvoicePdf!.responses[0]).toMatchObject({ status: "200", kind: "binary" });
    expect(sendInvoiceReminder).toMatchObject({ idempotencyKey: "Idempotency-Key", body: { required: false } });
    expect(sendInvoiceReminder!.responses[0]).toMatchObject({ status: "204", kind: "none" });
  });

  test("puts the list's filter on the wire as the form style without explode writes it", () => {
    const listInvoices = grown.model.operations.listInvoices!;
    expect(wireParameters(listInvoices, { status: ["paid", "unpaid"], limit: 2 }).query).toBe("?status=paid,unpaid&limit=2");
  });

  test("is served by a stateful mock that names every added operation among those it answers from examples", () => {
    expect(mock.answeredFromExamples).toEqual(expect.arrayContaining(grown.added));
  });
});

describe("the cases enumerated from the grown model", () => {
  for (const operation of added) {
    test(`${titleOf(operation)} gets a case for every documented status × media type, its success from the spec's examples`, () => {
      const mine = cases.filter((c) => c.operation === operation);
      const covered = new Set(mine.map((c) => `${c.response.status} ${c.answer?.mediaType ?? "-"}`));
      const documented = operation.responses.flatMap((r) =>
        (r.contents.length > 0 ? r.contents : [undefined]).map((c) => `${r.status} ${c?.mediaType ?? "-"}`),
      );
      expect([...covered].sort()).toEqual([...new Set(documented)].sort());
      expect(mine.filter((c) => c.provoked === "example").map((c) => c.response.status)).toEqual([
        operation.responses.find((r) => /^2/.test(r.status))!.status,
      ]);
    });
  }
});

describe("the requests of the grown operations' cases", () => {
  for (const operation of added) {
    test(`${titleOf(operation)} sends every parameter's example, a fresh idempotency key, and the body example`, async () => {
      const success = cases.find((c) => c.operation === operation && c.provoked === "example")!;
      const request = await success.request(target);
      for (const parameter of operation.parameters) {
        if (parameter.name === operation.idempotencyKey) expect(request.parameters[parameter.name]).not.toBe(parameter.example);
        else expect(request.parameters[parameter.name], parameter.name).toEqual(parameter.example);
      }
      if (operation.body) expect(request.body).toEqual(Object.values(operation.body.contents[0]!.examples)[0]);
    });
  }
});

describe("against the stateful mock on the grown spec", () => {
  for (const contract of cases) {
    describe(titleOf(contract.operation), () => {
      test(`answers ${caseTitle(contract)}, conforming to the spec`, async () => {
        const request = await contract.request(target);
        await expectAnswer(contract, await send(target, contract.operation, request), validator, target);
        passed.add(contract);
      });
    });
  }
});

/** The mock journal's last request of the case's operation carries each query and header parameter as wireParameters() writes it. */
async function expectSentAsWritten(contract: ContractCase, request: ContractRequest) {
  const journal = await fetch(`${mock.url}/__mock/requests?operationId=${contract.operation.operationId}`);
  const { requests } = (await journal.json()) as {
    requests: { seq: number; query: Record<string, string | string[]>; headers: Record<string, string> }[];
  };
  const last = requests.reduce((a, b) => (b.seq > a.seq ? b : a));
  const wire = wireParameters(contract.operation, request.parameters);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(wire.query)) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [seen, value].flat();
  }
  expect(last.query).toEqual(query);
  for (const parameter of contract.operation.parameters.filter((p) => p.in === "header")) {
    expect(last.headers[parameter.name.toLowerCase()], parameter.name).toBe(wire.headers[parameter.name]);
  }
}

const skipped =
  grown.clientRefusals.length > 0
    ? ` (skipped: hostup/client-supported refuses ${grown.clientRefusals.length} constructs, e.g. ${grown.clientRefusals[0]})`
    : "";
describe.skipIf(!clientPackage)(`through the client generated for the grown spec${skipped}`, () => {
  const client = clientPackage && throughClient(clientPackage, validator, errorCatalog);
  for (const contract of cases) {
    test(`${titleOf(contract.operation)}: ${contract.operation.operationId}() gives ${caseTitle(contract)}`, async (context) => {
      const request = await contract.request(target);
      if (!request.clientCanSend) return context.skip("the request is one the client refuses or completes before sending");
      await client!.expectOutcome(contract, await client!.call(target, contract, request));
      // What the client put on the wire, as the mock's journal recorded it: the styles the raw side writes.
      if (contract.provoked === "example") await expectSentAsWritten(contract, request);
    });
  }
});
