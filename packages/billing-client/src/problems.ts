/**
 * `@hostup/billing-client/problems`: narrowing a caught error to one operation's ProblemError,
 * whose `code` is then the union of the codes that operation documents and whose field errors'
 * `pointer`s name its request body's properties. Outside the main entry: a bundle that never
 * narrows ships none of it.
 */
import { ProblemError } from "./errors.ts";
import type { ProblemCodes } from "./responses.gen.ts";

export type { FieldPointer, ProblemCode } from "./errors.ts";
export type { FieldPointers, ProblemCodes } from "./responses.gen.ts";

/**
 * True when `error` is the API's answer to a call of `operation`. Types only narrow: a code
 * the spec does not list still arrives as it was sent, and `code` may be undefined.
 */
export function isProblem<Operation extends keyof ProblemCodes>(error: unknown, operation: Operation): error is ProblemError<Operation> {
  return error instanceof ProblemError && error.operation === operation;
}
