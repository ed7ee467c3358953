/**
 * `hostup/sunset-dates` and `hostup/deprecation-headers`, as redocly.yaml enables them, on
 * specs built from spec/'s bundle (spec/ itself deprecates nothing).
 */
import { describe, expect, test } from "vitest";
import { getLineColLocation, lintFromString, loadConfig, type Oas3_1Definition, type Oas3PathItem } from "@redocly/openapi-core";
import { stringify } from "yaml";
import { loadSpec } from "../../pipeline/openapi-model.ts";
import { redoclyConfig } from "../../pipeline/paths.ts";
import { sunsetProblem } from "../../pipeline/redocly/sunset-dates.ts";
import { deprecateOperation, deprecateParameter, deprecateProperty } from "../support/deprecated-spec.ts";

const config = await loadConfig({ configPath: redoclyConfig });
const { bundled } = await loadSpec();

/** The problems of our deprecation rules for `spec`, as rule and message. */
async function problemsOf(spec: Oas3_1Definition | string) {
  const source = typeof spec === "string" ? spec : stringify(spec);
  const problems = await lintFromString({ source, absoluteRef: "/virtual/openapi.yaml", config });
  return problems
    .filter((p) => ["hostup/sunset-dates", "hostup/deprecation-headers"].includes(p.ruleId))
    .map((p) => ({ rule: p.ruleId, severity: p.severity, message: p.message, line: getLineColLocation(p.location[0]!).start.line }));
}

const listOperation = (spec: Oas3_1Definition) => (spec.paths!["/api/v2/billing/payment-methods/contacts"] as Oas3PathItem).get!;

const sunsetOn = (spec: Oas3_1Definition, operationId: string, sunset: unknown) => {
  const copy = structuredClone(spec);
  for (const item of Object.values(copy.paths!) as Record<string, { operationId?: string }>[]) {
    for (const operation of Object.values(item))
      if (operation?.operationId === operationId) Object.assign(operation, { "x-sunset": sunset });
  }
  return copy;
};

describe("hostup/sunset-dates", () => {
  test("accepts a deprecated operation, parameter and property, with and without a sunset date", async () => {
    let spec = deprecateOperation(bundled, "listInvoiceCcRecipients", "2027-06-30");
    spec = deprecateOperation(spec, "resendInvoiceEmail");
    spec = deprecateProperty(spec, "AddInvoiceCcRecipientRequest", "description", "2028-02-29");
    expect(await problemsOf(spec)).toEqual([]);
  });

  test("accepts an unquoted YAML date, which the spec's YAML reads as a string", async () => {
    const yaml = stringify(deprecateOperation(bundled, "listInvoiceCcRecipients", "2027-06-30")).replace(
      'x-sunset: "2027-06-30"',
      "x-sunset: 2027-06-30",
    );
    expect(yaml).toContain("x-sunset: 2027-06-30\n");
    expect(await problemsOf(yaml)).toEqual([]);
  });

  for (const sunset of ["2027-02-30", "2027-6-30", "30/06/2027", "2027-06-30T00:00:00Z", "soon", 20270630, ""]) {
    test(`refuses x-sunset ${JSON.stringify(sunset)}, as an error at the x-sunset`, async () => {
      const problems = await problemsOf(
        sunsetOn(deprecateOperation(bundled, "listInvoiceCcRecipients"), "listInvoiceCcRecipients", sunset),
      );
      expect(problems).toEqual([
        expect.objectContaining({ rule: "hostup/sunset-dates", severity: "error", message: expect.stringContaining("YYYY-MM-DD") }),
      ]);
    });
  }

  test("refuses a sunset beside no deprecated: true, on an operation, a parameter or a property", async () => {
    const onOperation = await problemsOf(sunsetOn(bundled, "listInvoiceCcRecipients", "2027-06-30"));
    expect(onOperation).toEqual([
      expect.objectContaining({ rule: "hostup/sunset-dates", message: expect.stringContaining("beside no `deprecated: true`") }),
    ]);
    const property = structuredClone(bundled);
    const schema = property.components!.schemas!.AddInvoiceCcRecipientRequest as { properties: Record<string, object> };
    schema.properties.description = { ...schema.properties.description, deprecated: false, "x-sunset": "2027-06-30" };
    expect((await problemsOf(property)).map((p) => p.rule)).toEqual(["hostup/sunset-dates"]);
    const parameter = structuredClone(bundled);
    Object.assign(parameter.components!.parameters!.InvoiceId!, { "x-sunset": "2027-06-30" });
    expect((await problemsOf(parameter)).map((p) => p.rule)).toEqual(["hostup/sunset-dates"]);
  });

  test("the verdict alone: no sunset is fine, a good one beside deprecated: true is fine", () => {
    expect(sunsetProblem({})).toBeUndefined();
    expect(sunsetProblem({ deprecated: true })).toBeUndefined();
    expect(sunsetProblem({ deprecated: true, "x-sunset": "2027-06-30" })).toBeUndefined();
    expect(sunsetProblem({ deprecated: "true", "x-sunset": "2027-06-30" })).toMatch(/beside no/);
  });
});

describe("hostup/deprecation-headers", () => {
  test("refuses a deprecated operation whose 2xx response declares no Deprecation header, at that response", async () => {
    const spec = structuredClone(bundled);
    Object.assign(listOperation(spec), { deprecated: true });
    const problems = await problemsOf(spec);
    expect(problems).toEqual([
      expect.objectContaining({
        rule: "hostup/deprecation-headers",
        severity: "error",
        message:
          "listInvoiceCcRecipients is deprecated, so its 200 response declares the Deprecation header the mocks send (RFC 9745, RFC 8594).",
      }),
    ]);
  });

  test("asks for Sunset too when the operation gives a sunset date", async () => {
    const spec = deprecateOperation(bundled, "listInvoiceCcRecipients");
    Object.assign(listOperation(spec), { "x-sunset": "2027-06-30" });
    expect((await problemsOf(spec)).map((p) => p.message)).toEqual([expect.stringContaining("declares the Sunset header")]);
  });

  test("finds the headers through a response $ref, whatever their case", async () => {
    const spec = deprecateOperation(bundled, "listInvoiceCcRecipients", "2027-06-30");
    const get = listOperation(spec);
    const ok = get.responses!["200"] as { headers: Record<string, unknown> };
    ok.headers = Object.fromEntries(Object.entries(ok.headers).map(([name, header]) => [name.toUpperCase(), header]));
    (spec.components!.responses ??= {}).ListedOk = ok as never;
    get.responses!["200"] = { $ref: "#/components/responses/ListedOk" } as never;
    expect(await problemsOf(spec)).toEqual([]);
  });
});
