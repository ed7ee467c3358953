/**
 * A spec shaped like the public sample APIs (Swagger Petstore 3, Train Travel): OpenAPI 3.0, a
 * relative server URL, OAuth 2 and an API key in a header, XML beside JSON, form bodies, answers
 * without examples, `default` answers, responses without content, vendor extensions and
 * `int32`/`int64` formats in schemas, a map of integers, a bytes upload, an unused
 * `requestBodies` component, and no Problem documents, so no error catalog. Nothing in it is
 * HostUp's: the mocks must start on it and serve it.
 */
import type { Oas3_1Definition } from "@redocly/openapi-core";

const pet = {
  type: "object",
  required: ["name", "photoUrls"],
  properties: {
    id: { type: "integer", format: "int64", example: 10 },
    name: { type: "string", example: "doggie" },
    photoUrls: { type: "array", items: { type: "string" } },
    status: { type: "string", enum: ["available", "pending", "sold"] },
  },
  xml: { name: "pet" },
  "x-swagger-router-model": "io.swagger.petstore.model.Pet",
};
const petRef = { $ref: "#/components/schemas/Pet" };
const both = (schema: object, example?: unknown) => ({
  "application/json": { schema, ...(example === undefined ? {} : { example }) },
  "application/xml": { schema },
});
const oauth = [{ petstore_auth: ["write:pets", "read:pets"] }];

export const THIRD_PARTY_SPEC = {
  openapi: "3.0.3",
  info: { title: "Sample pet store", version: "1.0.0" },
  servers: [{ url: "/v3" }],
  paths: {
    "/pet": {
      post: {
        operationId: "addPet",
        summary: "Add a pet",
        security: oauth,
        requestBody: {
          required: true,
          content: { ...both(petRef), "application/x-www-form-urlencoded": { schema: petRef } },
        },
        responses: {
          "200": { description: "Added.", content: both(petRef, { id: 10, name: "doggie", photoUrls: [] }) },
          "405": { description: "Invalid input" },
        },
      },
    },
    "/pet/findByStatus": {
      get: {
        operationId: "findPetsByStatus",
        summary: "Find pets by status",
        security: oauth,
        parameters: [
          {
            name: "status",
            in: "query",
            explode: true,
            schema: { type: "string", enum: ["available", "pending", "sold"], default: "available" },
          },
        ],
        responses: {
          "200": { description: "Pets.", content: both({ type: "array", items: petRef }) },
          "400": { description: "Invalid status value" },
        },
      },
    },
    "/pet/{petId}": {
      get: {
        operationId: "getPetById",
        summary: "Find a pet",
        security: [{ api_key: [] }, ...oauth],
        parameters: [{ name: "petId", in: "path", required: true, schema: { type: "integer", format: "int64" } }],
        responses: {
          "200": {
            description: "The pet.",
            content: both(petRef, { id: 10, name: "doggie", photoUrls: ["https://example.invalid/1.png"] }),
          },
          "400": { description: "Invalid ID supplied" },
          "404": { description: "Pet not found" },
        },
      },
      delete: {
        operationId: "deletePet",
        summary: "Delete a pet",
        security: oauth,
        parameters: [
          { name: "api_key", in: "header", required: false, schema: { type: "string" } },
          { name: "petId", in: "path", required: true, schema: { type: "integer", format: "int64" } },
        ],
        responses: { "400": { description: "Invalid pet value" } },
      },
    },
    "/pet/{petId}/uploadImage": {
      post: {
        operationId: "uploadFile",
        summary: "Upload an image",
        security: oauth,
        parameters: [
          { name: "petId", in: "path", required: true, schema: { type: "integer", format: "int64" } },
          { name: "additionalMetadata", in: "query", required: false, schema: { type: "string" } },
        ],
        requestBody: { content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
        responses: {
          "200": {
            description: "Uploaded.",
            content: {
              "application/json": {
                schema: { type: "object", properties: { code: { type: "integer", format: "int32" }, message: { type: "string" } } },
              },
            },
          },
        },
      },
    },
    "/store/inventory": {
      get: {
        operationId: "getInventory",
        summary: "Inventory by status",
        "x-swagger-router-controller": "OrderController",
        security: [{ api_key: [] }],
        responses: {
          "200": {
            description: "Status → quantity.",
            content: { "application/json": { schema: { type: "object", additionalProperties: { type: "integer", format: "int32" } } } },
          },
        },
      },
    },
    "/user/login": {
      get: {
        operationId: "loginUser",
        summary: "Log in",
        parameters: [
          { name: "username", in: "query", required: false, schema: { type: "string" } },
          { name: "password", in: "query", required: false, schema: { type: "string" } },
        ],
        responses: {
          "200": {
            description: "The session.",
            headers: {
              "X-Rate-Limit": { description: "Calls per hour.", schema: { type: "integer", format: "int32" } },
              "X-Expires-After": { description: "When the token expires.", schema: { type: "string", format: "date-time" } },
            },
            content: { "application/xml": { schema: { type: "string" } }, "application/json": { schema: { type: "string" } } },
          },
          "400": { description: "Invalid username/password supplied" },
        },
      },
    },
    "/user/logout": {
      get: {
        operationId: "logoutUser",
        summary: "Log out",
        parameters: [],
        responses: { default: { description: "successful operation" } },
      },
    },
  },
  components: {
    schemas: { Pet: pet },
    requestBodies: { Pet: { content: both(petRef), description: "A pet." } },
    securitySchemes: {
      petstore_auth: {
        type: "oauth2",
        flows: {
          implicit: {
            authorizationUrl: "https://auth.example.invalid/authorize",
            scopes: { "write:pets": "modify pets", "read:pets": "read pets" },
          },
        },
      },
      api_key: { type: "apiKey", name: "api_key", in: "header" },
    },
  },
} as unknown as Oas3_1Definition;
