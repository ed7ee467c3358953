/** openapi-backend set up as both of the mock's documents need it: Ajv for JSON Schema 2020-12 with formats, ready to use. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { OpenAPIBackend, type Document, type Handler } from "openapi-backend";
import { addMockFormats } from "./formats.ts";

/**
 * An initialised openapi-backend for `definition`, which it dereferences in place (pass a
 * copy to keep the original). Validators are compiled when an operation is first validated.
 */
export async function createBackend(definition: Document, handlers?: Record<string, Handler>): Promise<OpenAPIBackend> {
  const api = new OpenAPIBackend({
    definition,
    // Fail closed rather than warn. With the mock's linted documents, handlers only for their operations,
    // a validationFail handler and no security handlers, nothing strict mode reacts to occurs.
    // Stryker disable next-line BooleanLiteral: see above
    strict: true,
    // Skips openapi-backend's own check of the document, which knows OpenAPI 3.0 only and rejects
    // 3.1's jsonSchemaDialect and `examples`; `pnpm lint:spec` lints both documents with Redocly.
    quick: true,
    customizeAjv: (_default, options) => {
      const ajv = new Ajv2020({ ...options, allErrors: true });
      addMockFormats(ajv);
      return ajv;
    },
    ...(handlers ? { handlers } : {}),
  });
  // In quick mode init() starts json-schema-ref-parser's parse() of the document without awaiting
  // it, and nothing reads the result; in a browser (MSW) that parser calls Node's Buffer, and the
  // promise rejects unhandled on every page load. The document is already an object: use it as is.
  // Stryker disable next-line ArrowFunction: nothing reads api.document in quick mode; what matters is that parse() never runs
  api.loadDocument = async () => (api.document = api.inputDocument as Document);
  await api.init();
  return api;
}
