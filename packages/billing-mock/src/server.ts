/**
 * `@hostup/billing-mock/server`: the HTTP pieces for another mock server that should answer
 * like this one (the repository's Prism front uses them): listening with Problem answers to
 * requests HTTP cannot parse, the same CORS, and Problem documents from the spec's catalog.
 */
export { listen, type Listening } from "./listen.ts";
export { browserCors } from "./cors.ts";
export { problemDocument, type ProblemInit, type ProblemStatus } from "./problems.ts";
export { RequestJournal, type AnsweredBy, type JournalAnswer, type JournalEntry, type JournalLimits, type Recorded } from "./journal.ts";
export { cutJson, drip, FAULTS, isFault, type Fault } from "./faults.ts";
