/**
 * The largest bodies of the two answers that grow with what clients send: the list of CC
 * recipients and the control API's `GET /__mock/state`, in bytes, from the mock's limits.
 * Both are streamed past JSON_CHUNK_CHARS (json-body.ts), so concurrent reads hold a chunk
 * each; these bounds are what one read can put on the wire. With the default limits and
 * fixtures: 1,838,015 B for the list, 2,923,217 B for the state.
 */
import { responseExamples } from "@hostup/billing-openapi";
import type { ResolvedFixtures } from "./fixtures.ts";
import { EMAIL_MAX } from "./formats.ts";
import { MAX_DELAY_MS, MAX_QUEUED_SCENARIOS, MAX_SCENARIO_TIMES } from "./scenarios.ts";
import { DESCRIPTION_MAX, type StoreLimits } from "./state.ts";
import { OUTBOX_EMAIL_FRAME, STATE_OUTBOX_BYTES } from "./state-answer.ts";

/** The most bytes one code point takes in JSON: a control character or a lone surrogate, written `\uXXXX`. */
const JSON_BYTES_PER_CODE_POINT = 6;
/** Ids count up from 1 and stay below 2^53. */
const ID_DIGITS_MAX = 16;
/** `toISOString()` of a year past 9999: `+010000-01-01T00:00:00.000Z`. */
const ISO_TIME_MAX = 27;

/** One CC recipient in JSON, with its comma: `{"id":"…","email":"…","description":"…"},`. */
export const RECIPIENT_JSON_MAX =
  `{"id":"","email":"","description":""},`.length + ID_DIGITS_MAX + EMAIL_MAX + DESCRIPTION_MAX * JSON_BYTES_PER_CODE_POINT;

/** The largest list answer: every recipient the mock may hold. */
export function listAnswerMaxBytes(recipientLimit: number): number {
  return `{"contacts":[]}`.length + recipientLimit * RECIPIENT_JSON_MAX;
}

/** The largest state answer for these limits and fixtures (whose invoices it lists as they are). */
export function stateAnswerMaxBytes(limits: StoreLimits, fixtures: ResolvedFixtures): number {
  const invoiceIdMax = Math.max(0, ...fixtures.invoices.map((invoice) => invoice.id.length));
  const outboxEmailMax = OUTBOX_EMAIL_FRAME + invoiceIdMax + EMAIL_MAX + ISO_TIME_MAX + limits.recipientLimit * (EMAIL_MAX + 3);
  return (
    `{"invoices":,"recipients":[],"outbox":[],"outboxOmitted":,"scenarios":}`.length +
    JSON.stringify(fixtures.invoices).length +
    limits.recipientLimit * RECIPIENT_JSON_MAX +
    Math.max(STATE_OUTBOX_BYTES, outboxEmailMax) +
    ID_DIGITS_MAX +
    scenariosMaxBytes()
  );
}

/** Every operation with MAX_QUEUED_SCENARIOS of the longest scenario its spec allows. */
function scenariosMaxBytes(): number {
  let bytes = "{}".length;
  for (const [operationId, statuses] of Object.entries(responseExamples as Record<string, Record<string, readonly string[]>>)) {
    const example = Object.values(statuses)
      .flat()
      .reduce((longest, name) => (name.length > longest.length ? name : longest), "");
    const scenario = JSON.stringify({ code: 599, example, delay: MAX_DELAY_MS, fault: "reset", times: MAX_SCENARIO_TIMES });
    bytes += `${JSON.stringify(operationId)}:[],`.length + MAX_QUEUED_SCENARIOS * (scenario.length + 1);
  }
  return bytes;
}
