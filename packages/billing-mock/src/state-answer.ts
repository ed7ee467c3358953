/**
 * The control API's `GET /__mock/state` body, bounded. Resends between two changes of the
 * recipients share one CC list in memory, but an answer writes the list out once per email:
 * 1,000 emails sharing 1,000 of the longest addresses would answer 257 MB. So the outbox in
 * the answer is its newest emails that fit STATE_OUTBOX_BYTES (the newest always shows), and
 * `outboxOmitted` counts the older ones left out; `state.outbox` in code still has them all.
 */
import type { ScenarioQueue } from "./scenarios.ts";
import type { QueuedInvoiceEmail, Store } from "./state.ts";

/** The most bytes of outbox emails a state answer carries, unless the newest alone is more. */
export const STATE_OUTBOX_BYTES = 1024 * 1024;

/** One email's JSON without its strings, and the comma after it. */
export const OUTBOX_EMAIL_FRAME = `{"invoiceId":"","to":"","cc":[],"queuedAt":""},`.length;

const ccBytes = new WeakMap<readonly string[], number>();

/**
 * The bytes one outbox email takes in the answer, at most one over: every string in it is
 * ASCII needing no escape (an invoice id by the spec's pattern, addresses by the email format,
 * an ISO time). Each shared CC list is measured once.
 */
export function outboxEmailBytes(email: QueuedInvoiceEmail): number {
  let cc = ccBytes.get(email.cc);
  if (cc === undefined) {
    cc = 0;
    for (const address of email.cc) cc += address.length + 3;
    ccBytes.set(email.cc, cc);
  }
  return OUTBOX_EMAIL_FRAME + email.invoiceId.length + email.to.length + email.queuedAt.length + cc;
}

/** What the mock holds now, as the state answer gives it; arrays are copies, so a streamed answer is one moment's. */
export function stateAnswer(store: Store, scenarios: ScenarioQueue) {
  const { outbox } = store;
  let from = outbox.length;
  let bytes = 0;
  while (from > 0) {
    const cost = outboxEmailBytes(outbox[from - 1]!);
    if (bytes + cost > STATE_OUTBOX_BYTES && from < outbox.length) break;
    bytes += cost;
    from -= 1;
  }
  return {
    invoices: [...store.invoices.values()],
    recipients: [...store.recipients],
    outbox: outbox.slice(from),
    outboxOmitted: from,
    scenarios: scenarios.pending(),
  };
}
