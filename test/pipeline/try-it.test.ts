/**
 * The "try it" commands the mock scripts print, chosen from the operation model of any spec:
 * each must be one the server can answer as meant, so an operation whose required body or
 * parameter has no example is not the one shown first.
 */
import { describe, expect, test } from "vitest";
import { dereference } from "../../pipeline/openapi-model.ts";
import { operationModel } from "../../pipeline/operation-model.ts";
import { tryItCommands } from "../../pipeline/try-it.ts";

const CREDENTIALS = { token: "test-token", session: "sess_1", login: "ada:pw" };
const ok = { "200": { description: "OK", content: { "application/json": { schema: { type: "object" }, example: {} } } } };
const body = (example?: unknown) => ({
  required: true,
  content: { "application/json": { schema: { type: "object" }, ...(example === undefined ? {} : { example }) } },
});

async function commandsFor(paths: Record<string, unknown>): Promise<string[]> {
  const spec = { openapi: "3.1.0", info: { title: "t", version: "1.0.0" }, paths };
  return tryItCommands(operationModel(await dereference(spec as never)), "http://127.0.0.1:1", CREDENTIALS);
}

describe("tryItCommands", () => {
  test("shows first the first operation it can call: not one whose required body or parameter has no example", async () => {
    const commands = await commandsFor({
      "/pets": {
        put: { operationId: "updatePet", requestBody: body(), responses: ok },
        get: {
          operationId: "findPets",
          parameters: [{ name: "status", in: "query", required: true, schema: { type: "string" } }],
          responses: ok,
        },
        post: { operationId: "addPet", requestBody: body({ name: "doggie" }), responses: ok },
      },
      "/pets/inventory": { get: { operationId: "inventory", responses: ok } },
    });
    // addPet is the first it can call; no other operation has a body example to show.
    expect(commands).toEqual(["curl -i -X POST http://127.0.0.1:1/pets -H 'Content-Type: application/json' -d '{\"name\":\"doggie\"}'"]);
  });

  test("then the first other operation whose body has an example, sent with it", async () => {
    const commands = await commandsFor({
      "/pets": { put: { operationId: "updatePet", requestBody: body(), responses: ok } },
      "/pets/inventory": { get: { operationId: "inventory", responses: ok } },
      "/pets/new": { post: { operationId: "addPet", requestBody: body({ name: "doggie" }), responses: ok } },
    });
    expect(commands).toEqual([
      "curl -i -X GET http://127.0.0.1:1/pets/inventory",
      "curl -i -X POST http://127.0.0.1:1/pets/new -H 'Content-Type: application/json' -d '{\"name\":\"doggie\"}'",
    ]);
  });

  test("shows an optional body only with its example, and the first operation when none can be called as required", async () => {
    const commands = await commandsFor({
      "/a": { put: { operationId: "a", requestBody: body(), responses: ok } },
      "/b": { put: { operationId: "b", requestBody: { ...body({ x: 1 }), required: false }, responses: ok } },
    });
    // b's body is optional, so b can be called; a's required body has no example to show.
    expect(commands).toEqual(["curl -i -X PUT http://127.0.0.1:1/b"]);
    const none = await commandsFor({ "/a": { put: { operationId: "a", requestBody: body(), responses: ok } } });
    expect(none).toEqual(["curl -i -X PUT http://127.0.0.1:1/a"]);
  });
});
