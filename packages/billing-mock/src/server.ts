/**
 * `@hostup/billing-mock/server`: the HTTP pieces for another mock server that should answer
 * like this one (the repository's Prism front uses them): listening with Problem answers to
 * requests HTTP cannot parse, the same CORS, Problem documents from the spec's catalog, and
 * the rules both mocks apply to requests no operation describes (path normalisation, `Accept`,
 * bodies, `Prefer`), so the two answer alike; and the gate that keeps web pages off `/__mock/`.
 */
export { listen, type Listening } from "./listen.ts";
export { browserCors } from "./cors.ts";
export { problemDocument, type ProblemInit, type ProblemStatus } from "./problems.ts";
export { acceptsAny, preferredMediaType } from "./negotiation.ts";
export { normalizePath } from "./normalize-path.ts";
export { BODY_NOT_ALLOWED, BOM_DETAIL, formFields, startsWithBom } from "./body.ts";
export { preferWords } from "./prefer.ts";
export { deprecationHeaders } from "./deprecation.ts";
export { checkScenarioAgainst, ScenarioError, type PlayableScenario } from "./scenarios.ts";
export {
  RequestJournal,
  secretsOf,
  type AnsweredBy,
  type JournalAnswer,
  type JournalEntry,
  type JournalLimits,
  type JournalSecrets,
  type Recorded,
} from "./journal.ts";
export { cutJson, drip, FAULTS, isFault, type Fault } from "./faults.ts";
export { controlGate, type ControlAccess, type ControlGate } from "./control-access.ts";
export { refuseRequest } from "./request-check.ts";
