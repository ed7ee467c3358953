/**
 * What the mock may answer, derived from the generated `operations` types. A handler
 * that returns a status, body or header the spec does not document for its operation
 * fails `tsc`, and so does a spec change that removes something a handler relies on.
 */
import type { components, operations } from "@hostup/billing-openapi";

export type OperationId = keyof operations;
export type Problem = components["schemas"]["Problem"];
export type ProblemFieldError = components["schemas"]["ProblemFieldError"];
export type InvoiceCcRecipient = components["schemas"]["InvoiceCcRecipient"];
export type InvoiceEmailResend = components["schemas"]["InvoiceEmailResend"];
export type AddInvoiceCcRecipientRequest = components["schemas"]["AddInvoiceCcRecipientRequest"];

type Responses<K extends OperationId> = operations[K]["responses"];

/** The statuses the spec documents for operation K. */
export type Status<K extends OperationId> = keyof Responses<K> & number;

type BodyOf<R> = R extends { content: infer C } ? C[keyof C] : never;

// openapi-typescript adds `[name: string]: unknown` to every response's headers; keep the named ones.
type NamedHeaders<R> = R extends { headers: infer H } ? { [N in keyof H as string extends N ? never : N]: H[N] } : Record<never, never>;

type HeadersOf<R> = keyof NamedHeaders<R> extends never
  ? { headers?: Record<string, string> }
  : { headers: NamedHeaders<R> & Record<string, string | number> };

/** One documented answer of operation K: status, body of that status's media type, its declared headers. */
export type Reply<K extends OperationId> = {
  [S in Status<K>]: { status: S; body: BodyOf<Responses<K>[S]> } & HeadersOf<Responses<K>[S]>;
}[Status<K>];

/** Path parameters of operation K (`undefined` when it has none). */
export type PathParams<K extends OperationId> = operations[K]["parameters"] extends { path: infer P } ? P : undefined;

type ParametersIn<K extends OperationId, L extends string> = operations[K]["parameters"] extends { [P in L]?: infer Q }
  ? Exclude<Q, undefined> extends never
    ? Record<string, never>
    : Exclude<Q, undefined>
  : Record<string, never>;

/** Query parameters of operation K, by name. */
export type QueryParams<K extends OperationId> = ParametersIn<K, "query">;
/** Header parameters of operation K (the mock holds them by lower-case name). */
export type HeaderParams<K extends OperationId> = {
  [N in keyof ParametersIn<K, "header"> as Lowercase<N & string>]: ParametersIn<K, "header">[N];
};
/** Cookie parameters of operation K, by name. */
export type CookieParams<K extends OperationId> = ParametersIn<K, "cookie">;

/**
 * The request body of operation K: the value of its media type (JSON parsed, text a string,
 * bytes a Uint8Array); `undefined` when it takes none, or may be sent without one.
 */
export type JsonBody<K extends OperationId> = operations[K] extends { requestBody: { content: infer C } }
  ? C[keyof C]
  : operations[K] extends { requestBody?: { content: infer C } }
    ? C[keyof C] | undefined
    : undefined;
