/**
 * What each operation does once its request passed authentication, rate limiting, scope
 * and the spec's validation. Handlers are synchronous: nothing else runs between reading
 * and changing the state, which is what makes a duplicate check race-free.
 */
import type { CookieParams, HeaderParams, JsonBody, OperationId, PathParams, Problem, QueryParams, Reply, Status } from "./contract.ts";
import type { ProblemInit, ProblemStatus } from "./problems.ts";
import { isoTimes } from "./iso-time.ts";
import type { Store } from "./state.ts";

/** A request that passed authentication, rate limiting, scope and validation: each part parsed in its style and typed by the spec. */
export interface HandlerInput<K extends OperationId> {
  /** Path parameters, percent-decoded and read in their style. */
  params: PathParams<K>;
  /** Query parameters, read in their style (arrays and objects as the spec's `style` and `explode` say), coerced to their schemas' types. */
  query: QueryParams<K>;
  /** Header parameters the operation declares, by lower-case name. */
  headers: HeaderParams<K>;
  /** Cookie parameters the operation declares. */
  cookies: CookieParams<K>;
  /** The request body: JSON parsed, a form as its fields, text as a string, anything else as bytes. */
  body: JsonBody<K>;
  /** A complete Problem document (type, title, code, instance, requestId, timestamp) for this request. */
  problem: (status: Status<K> & ProblemStatus, init: ProblemInit) => Problem;
}

/**
 * The behaviour of each operation. Optional, so that an operation added to the spec compiles
 * and answers its example until it is given behaviour; the contract suite then checks it
 * against those examples, so a missing handler never fails a test.
 */
export type Handlers = { [K in OperationId]?: (input: HandlerInput<K>) => Reply<K> };

export function operationHandlers(store: Store, now: () => Date): Handlers {
  const iso = isoTimes();
  return {
    resendInvoiceEmail({ params, problem }) {
      const invoice = store.invoices.get(params.id);
      if (!invoice) {
        return { status: 404, body: problem(404, { detail: `Invoice ${params.id} does not exist or is not owned by the caller.` }) };
      }
      const { to, queuedAt } = store.queueResend(invoice, iso(now()));
      return { status: 200, body: { queuedAt, email: to } };
    },

    listInvoiceCcRecipients() {
      // A copy: the answer must not change when the recipients do.
      return { status: 200, body: { contacts: [...store.recipients] } };
    },

    addInvoiceCcRecipient({ body, problem }) {
      const recipient = store.addRecipient(body.email, body.description);
      if (recipient === "duplicate") {
        const email = body.email.toLowerCase();
        return {
          status: 400,
          body: problem(400, {
            detail: "The request body failed validation.",
            errors: [{ pointer: "/email", code: "duplicate", detail: `${email} is already an invoice CC recipient.` }],
          }),
        };
      }
      if (recipient === "full") {
        // A documented status and shape, so Prism's validation passes; the mock's limit, not the API's.
        return {
          status: 400,
          body: problem(400, {
            detail: `The mock holds at most ${store.recipientLimit} invoice CC recipients; remove one first.`,
            errors: [{ pointer: "/email", code: "limit_reached", detail: `No more than ${store.recipientLimit} invoice CC recipients.` }],
          }),
        };
      }
      return { status: 201, body: recipient };
    },

    removeInvoiceCcRecipient({ body, problem }) {
      if (!store.removeRecipient(body.id)) {
        return {
          status: 404,
          body: problem(404, { detail: `Invoice CC recipient ${body.id} does not exist or is not owned by the caller.` }),
        };
      }
      return { status: 200, body: { deleted: true, id: body.id } };
    },
  };
}
