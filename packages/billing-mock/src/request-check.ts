/**
 * The stateful mock's parameter and body validation for another mock server (the repository's
 * Prism front), so a request either mock refuses gets the same 400 Problem from both: the
 * operation's parameters read in their styles and its body checked against the operation
 * model's schemas, each operation's validators compiled once.
 */
import type { ModelOperation } from "@hostup/billing-openapi";
import type { ErrorObject } from "ajv";
import { newExchange } from "./replies.ts";
import { parseParameters, type RawRequestParameters } from "./request-parameters.ts";
import { compileRequestValidators, type RequestValidators } from "./request-validator.ts";
import { invalid } from "./validation.ts";

const compiled = new WeakMap<ModelOperation, RequestValidators>();

/**
 * The 400 Problem answer for a request whose parameters (or body, when `body` holds its parsed
 * value with its media type) the operation refuses; undefined when they pass. `body` undefined
 * means none was sent (which a required body refuses); null, one this check does not read.
 * `credentialNames` are query names that carry an API key.
 */
export function refuseRequest(
  operation: ModelOperation,
  request: RawRequestParameters,
  instance: string,
  credentialNames: ReadonlySet<string> = new Set(),
  body?: { mediaType: string; value: unknown } | null,
): Response | undefined {
  let validators = compiled.get(operation);
  if (!validators) compiled.set(operation, (validators = compileRequestValidators(operation, credentialNames)));
  const errors: ErrorObject[] = [];
  if (!validators.parameters(parseParameters(operation.parameters, request, credentialNames)))
    errors.push(...(validators.parameters.errors ?? []));
  const validateBody = body === null ? undefined : validators.body(body?.mediaType);
  if (validateBody && !validateBody(body ? { requestBody: body.value } : {})) errors.push(...(validateBody.errors ?? []));
  return errors.length > 0 ? invalid(newExchange(new Date(), instance), errors, operation) : undefined;
}
