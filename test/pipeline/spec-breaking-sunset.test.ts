/**
 * Removal after deprecation in the breaking-change guard: a removal announced with
 * `deprecated: true` and an `x-sunset` that has come is a changelog entry; one made before the
 * date, or with no date announced, breaks; one never announced keeps its group's own rule.
 * Deprecating something, or moving its sunset, is listed. "Today" is injected.
 */
import { afterEach, describe, expect, test } from "vitest";
import { breakingChanges, diffSpecs, type Change } from "../../pipeline/breaking/index.ts";
import { breakingToday } from "../../pipeline/breaking/sunset.ts";
import { dereference } from "../../pipeline/openapi-model.ts";

type Json = Record<string, any>;
const SUNSET = "2027-06-30";

/**
 * GET /things/{id} (getThing: optional query `verbose`, a response with required `id` and
 * optional `note`) and POST /things (createThing: a body of `name` and `legacy` that refuses
 * unlisted properties). `tweak` marks or removes parts.
 */
function doc(tweak: (parts: { get: Json; post: Json; response: Json; body: Json }) => void = () => {}): Json {
  const response = {
    type: "object",
    required: ["id", "code"],
    properties: { id: { type: "string" }, code: { type: "string" }, note: { type: "string" } },
  };
  const body = { type: "object", additionalProperties: false, properties: { name: { type: "string" }, legacy: { type: "string" } } };
  const get: Json = {
    operationId: "getThing",
    parameters: [
      { name: "id", in: "path", required: true, schema: { type: "string" } },
      { name: "verbose", in: "query", required: false, schema: { type: "boolean" } },
    ],
    responses: { "200": { description: "ok", content: { "application/json": { schema: response } } } },
  };
  const post: Json = {
    operationId: "createThing",
    requestBody: { required: true, content: { "application/json": { schema: body } } },
    responses: { "201": { description: "created" } },
  };
  tweak({ get, post, response, body });
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1.0.0" },
    paths: { "/things/{id}": { get }, "/things": { post } },
  };
}

const deprecate = (node: Json, sunset?: string) => Object.assign(node, { deprecated: true }, sunset ? { "x-sunset": sunset } : {});

async function diff(base: Json, revision: Json, today?: string): Promise<Change[]> {
  return diffSpecs(await dereference(base), await dereference(revision), today ? { today } : {});
}
const summary = (changes: Change[]) => changes.map((c) => `${c.kind} ${c.rule}`);

afterEach(() => {
  delete process.env.SPEC_BREAKING_TODAY;
});

describe("an operation removed", () => {
  const base = (sunset?: string) => doc(({ get }) => deprecate(get, sunset));
  const revision = doc();
  delete revision.paths["/things/{id}"];

  test("on its sunset date or after is a changelog entry, operation-removed-after-sunset", async () => {
    for (const today of [SUNSET, "2027-07-01", "2030-01-01"]) {
      const changes = await diff(base(SUNSET), revision, today);
      expect(summary(changes), today).toEqual(["changelog operation-removed-after-sunset"]);
      expect(changes[0]!.message).toBe(`operation getThing was removed after its sunset date ${SUNSET}, as announced`);
      expect(changes[0]).toMatchObject({ where: "GET /things/{id}", side: "base", pointer: "/paths/~1things~1{id}/get" });
    }
  });

  test("the day before its sunset date breaks, operation-removed-before-sunset, naming the date and today", async () => {
    const changes = await diff(base(SUNSET), revision, "2027-06-29");
    expect(summary(changes)).toEqual(["breaking operation-removed-before-sunset"]);
    expect(changes[0]!.message).toBe(
      `operation getThing was removed before its sunset date ${SUNSET} (today is 2027-06-29): clients were told they had until then`,
    );
  });

  test("deprecated with no sunset date, breaks whatever the date", async () => {
    const changes = await diff(base(), revision, "2099-01-01");
    expect(summary(changes)).toEqual(["breaking operation-removed-before-sunset"]);
    expect(changes[0]!.message).toMatch(/no sunset date announced/);
  });

  test("never deprecated, breaks under the group's own rule, operation-removed, whatever the date", async () => {
    expect(summary(await diff(doc(), revision, "2099-01-01"))).toEqual(["breaking operation-removed"]);
  });

  test("a sunset date without deprecated: true announces nothing", async () => {
    expect(
      summary(
        await diff(
          doc(({ get }) => (get["x-sunset"] = SUNSET)),
          revision,
          "2099-01-01",
        ),
      ),
    ).toEqual(["breaking operation-removed"]);
  });

  test("today comes from SPEC_BREAKING_TODAY when no option gives it, else from the clock", async () => {
    process.env.SPEC_BREAKING_TODAY = "2027-07-01";
    expect(summary(breakingChanges(await dereference(base(SUNSET)), await dereference(revision)))).toEqual([]);
    process.env.SPEC_BREAKING_TODAY = "2027-06-01";
    expect(summary(breakingChanges(await dereference(base(SUNSET)), await dereference(revision)))).toEqual([
      "breaking operation-removed-before-sunset",
    ]);
    // The option wins over the environment.
    expect(summary(await diff(base(SUNSET), revision, "2027-07-01"))).toEqual(["changelog operation-removed-after-sunset"]);
    expect(breakingToday({})).toBe(new Date().toISOString().slice(0, 10));
    expect(breakingToday({ SPEC_BREAKING_TODAY: "" })).toBe(new Date().toISOString().slice(0, 10));
    expect(breakingToday({ SPEC_BREAKING_TODAY: "2027-07-01" })).toBe("2027-07-01");
    expect(() => breakingToday({ SPEC_BREAKING_TODAY: "1 July 2027" })).toThrow(/SPEC_BREAKING_TODAY=1 July 2027 is not a date/);
  });
});

describe("a parameter removed", () => {
  const base = (sunset?: string) => doc(({ get }) => deprecate(get.parameters[1], sunset));
  const revision = doc(({ get }) => get.parameters.pop());

  test("after its sunset is listed; before it, or never deprecated, it breaks", async () => {
    expect(summary(await diff(base(SUNSET), revision, SUNSET))).toEqual(["changelog request-parameter-removed-after-sunset"]);
    const early = await diff(base(SUNSET), revision, "2027-01-01");
    expect(summary(early)).toEqual(["breaking request-parameter-removed-before-sunset"]);
    expect(early[0]!.message).toMatch(/^query parameter "verbose" was removed before its sunset date 2027-06-30/);
    expect(summary(await diff(doc(), revision, SUNSET))).toEqual(["breaking request-parameter-removed"]);
  });
});

describe("a property removed", () => {
  test("a required response field: after its sunset listed, before it breaking, never deprecated breaking as before", async () => {
    const base = (sunset?: string) => doc(({ response }) => deprecate(response.properties.code, sunset));
    const revision = doc(({ response }) => {
      delete response.properties.code;
      response.required = ["id"];
    });
    expect(summary(await diff(base(SUNSET), revision, "2027-07-01"))).toEqual(["changelog response-property-removed-after-sunset"]);
    expect(summary(await diff(base(SUNSET), revision, "2027-06-29"))).toEqual(["breaking response-property-removed-before-sunset"]);
    expect(summary(await diff(doc(), revision, "2027-07-01"))).toEqual(["breaking response-required-property-removed"]);
  });

  test("an optional response field, the same way", async () => {
    const base = (sunset?: string) => doc(({ response }) => deprecate(response.properties.note, sunset));
    const revision = doc(({ response }) => delete response.properties.note);
    expect(summary(await diff(base(SUNSET), revision, SUNSET))).toEqual(["changelog response-property-removed-after-sunset"]);
    expect(summary(await diff(base(), revision, SUNSET))).toEqual(["breaking response-property-removed-before-sunset"]);
    expect(summary(await diff(doc(), revision, SUNSET))).toEqual(["breaking response-property-removed"]);
  });

  test("a request field of a body that refuses unlisted ones, the same way; one that accepts them is listed either way", async () => {
    const base = (sunset?: string) => doc(({ body }) => deprecate(body.properties.legacy, sunset));
    const revision = doc(({ body }) => delete body.properties.legacy);
    expect(summary(await diff(base(SUNSET), revision, SUNSET))).toEqual(["changelog request-property-removed-after-sunset"]);
    expect(summary(await diff(base(SUNSET), revision, "2027-06-29"))).toEqual(["breaking request-property-removed-before-sunset"]);
    expect(summary(await diff(doc(), revision, SUNSET))).toEqual(["breaking request-property-removed"]);
    const open = (d: Json) => (delete d.paths["/things"].post.requestBody.content["application/json"].schema.additionalProperties, d);
    expect(summary(await diff(open(base()), open(revision), "2027-06-29"))).toEqual(["changelog request-property-removed"]);
  });
});

describe("marking something deprecated", () => {
  test("an operation, a parameter, a request and a response field: one changelog entry each, with the sunset date or its absence", async () => {
    const revision = doc(({ get, response, body }) => {
      deprecate(get, SUNSET);
      deprecate(get.parameters[1]);
      deprecate(response.properties.note, "2027-01-31");
      deprecate(body.properties.legacy, SUNSET);
    });
    const changes = await diff(doc(), revision, "2026-12-01");
    expect(changes.map((c) => `${c.kind} ${c.rule}: ${c.message}`)).toEqual([
      `changelog operation-deprecated: operation is deprecated (sunset ${SUNSET})`,
      `changelog request-parameter-deprecated: query parameter "verbose" is deprecated (no sunset date announced)`,
      `changelog response-property-deprecated: response field "note" is deprecated (sunset 2027-01-31)`,
      `changelog request-property-deprecated: request field "legacy" is deprecated (sunset ${SUNSET})`,
    ]);
  });

  test("a sunset date set, moved or dropped on something already deprecated is listed", async () => {
    const at = (sunset?: string) => doc(({ get }) => deprecate(get, sunset));
    expect((await diff(at(), at(SUNSET))).map((c) => `${c.rule}: ${c.message}`)).toEqual([
      `operation-sunset-changed: operation's sunset date changed from none to ${SUNSET}`,
    ]);
    expect((await diff(at(SUNSET), at("2027-12-31"))).map((c) => c.rule)).toEqual(["operation-sunset-changed"]);
    expect((await diff(at(SUNSET), at())).map((c) => c.message)).toEqual([`operation's sunset date changed from ${SUNSET} to none`]);
    expect(await diff(at(SUNSET), at(SUNSET))).toEqual([]);
  });

  test("an undeprecation is no entry of these rules", async () => {
    expect(
      summary(
        await diff(
          doc(({ get }) => deprecate(get, SUNSET)),
          doc(),
        ),
      ),
    ).toEqual([]);
  });
});
