/**
 * Scenarios: what a caller asks the mock to answer instead of the operation's behaviour.
 * The words are Prism's (`code`, `example`) plus `delay` and `fault`, read per request from
 * `Prefer` (see prefer.ts) or queued per operation from code (`mock.scenarios`) and the Node
 * host's control API. Statuses and example names are checked against the generated
 * `responseExamples`, so they are the spec's, at compile time and at run time alike.
 */
import { responseExamples } from "@hostup/billing-openapi";
import type { OperationId } from "./contract.ts";
import { customBodyProblems, type ResponseBody } from "./custom-responses.ts";
import { bodilessSuccess, FAULTS, isFault, type Fault } from "./faults.ts";

/** The longest `delay` accepted, in milliseconds: a longer one is refused with 400. */
export const MAX_DELAY_MS = 30_000;

/** How many scenarios one operation may have queued at once: the queue must stay bounded. */
export const MAX_QUEUED_SCENARIOS = 100;

/** The most calls one queued scenario may cover. */
export const MAX_SCENARIO_TIMES = 1_000_000;

type Examples = typeof responseExamples;

/** The statuses the spec documents for operation K. */
export type DocumentedStatus<K extends OperationId> = {
  [S in keyof Examples[K]]: S extends `${infer N extends number}` ? N : never;
}[keyof Examples[K]];

/** The names of the examples the spec gives operation K for status S. */
export type ExampleName<K extends OperationId, S extends number = DocumentedStatus<K>> = S extends unknown
  ? `${S}` extends keyof Examples[K]
    ? Examples[K][`${S}`] extends readonly (infer N)[]
      ? N
      : never
    : never
  : never;

type SuccessStatus<K extends OperationId> = Extract<DocumentedStatus<K>, 200 | 201 | 202 | 203 | 204 | 206>;

/**
 * Server errors a queued scenario may ask for even when the operation does not document
 * them, for an app's error states (a 503 during maintenance); they are answered with a
 * Problem in the catalog's shape. `Prefer` asks for documented statuses only, as on Prism.
 */
export type ServerErrorStatus = 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511;

/** Headers a custom answer sends, over the example values of the status's documented headers. */
export type CustomHeaders = Record<string, string>;

/**
 * Which answer: a documented status (and one of its examples, or a body of the type the
 * spec gives that status), an example of a success status by name, or a server error.
 */
export type ScenarioAnswer<K extends OperationId> =
  | { [S in DocumentedStatus<K>]: { code: S; example?: ExampleName<K, S>; body?: undefined; headers?: CustomHeaders } }[DocumentedStatus<K>]
  | { [S in DocumentedStatus<K>]: { code: S; example?: undefined; body: ResponseBody<K, S>; headers?: CustomHeaders } }[DocumentedStatus<K>]
  | { code?: undefined; example: ExampleName<K, SuccessStatus<K>> }
  | { code: ServerErrorStatus; example?: undefined }
  | { code?: undefined; example?: undefined };

/** One scenario for operation K; every member is optional, but it must ask for something. */
export type Scenario<K extends OperationId> = ScenarioAnswer<K> & {
  /** Answer this many milliseconds later (at most MAX_DELAY_MS). */
  delay?: number;
  /**
   * `reset`: drop the connection before any byte of an answer; `drop-after-commit`: behave
   * (make the change), then drop it; `slow-body`: headers at once, the body over `delay`;
   * `malformed`: a success status whose JSON body does not parse.
   */
  fault?: Fault;
  /** How many calls of the operation it covers (default 1). */
  times?: number;
};

/** The scenario words of one request or queued entry, untyped: as read from `Prefer` or JSON. */
export interface ScenarioWords {
  code?: number;
  example?: string;
  delay?: number;
  fault?: string;
  /** A custom body for `code` (queued scenarios only: a body does not fit a header). */
  body?: unknown;
  headers?: unknown;
}

/** A scenario the spec allows, ready to play. */
export interface PlayableScenario {
  /** The status to answer instead of behaving, if any. */
  code?: number;
  /** The example to answer with; absent for an undocumented server error or a status without examples. */
  example?: string;
  delay: number;
  fault?: Fault;
  /** A body to answer instead of the example, already checked against the status's schema. */
  body?: unknown;
  headers?: CustomHeaders;
}

/** Why scenario words were refused: the member at fault (a JSON pointer) and a sentence. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super(message);
    this.pointer = pointer;
  }
}

const examples = responseExamples as unknown as Record<string, Record<string, readonly string[]>>;

/** Whether the spec has an operation with this id. */
export function isOperationId(value: string): value is OperationId {
  return Object.hasOwn(examples, value);
}

/**
 * Checks scenario words against operation `operationId`; throws ScenarioError naming the
 * member at fault. `undocumentedServerErrors` admits any 5xx (queued scenarios), else only
 * the statuses the operation documents (Prefer, as on Prism).
 */
export function checkScenario(operationId: OperationId, words: ScenarioWords, undocumentedServerErrors: boolean): PlayableScenario {
  const { body, headers, ...rest } = words;
  const playable = checkScenarioAgainst(operationId, examples[operationId]!, rest, undocumentedServerErrors);
  const { code, fault } = playable;
  if (fault === "drop-after-commit" && (body !== undefined || headers !== undefined)) {
    throw new ScenarioError(
      "/fault",
      "fault=drop-after-commit lets the operation behave (its change is made) and loses the answer; it takes no code, example, body or headers.",
    );
  }
  if (headers !== undefined) playable.headers = checkHeaders(headers, code);
  if (body === undefined) return playable;
  if (code === undefined || !Object.hasOwn(examples[operationId]!, String(code))) {
    throw new ScenarioError(
      "/code",
      `A body answers a status ${operationId} documents: give its code, one of ${Object.keys(examples[operationId]!).join(", ")}.`,
    );
  }
  if (words.example !== undefined) throw new ScenarioError("/example", "Give a body or an example, not both.");
  const [problem] = customBodyProblems(operationId, code, body);
  if (problem) throw new ScenarioError(`/body${problem.pointer}`, `${operationId} ${code}: ${problem.detail}`);
  delete playable.example;
  return { ...playable, body };
}

function checkHeaders(headers: unknown, code: number | undefined): CustomHeaders {
  if (code === undefined) throw new ScenarioError("/code", "Headers go with a status: give its code.");
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    throw new ScenarioError("/headers", "headers must be an object of header names and string values.");
  }
  const checked: CustomHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const pointer = `/headers/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (typeof value !== "string") throw new ScenarioError(pointer, `The value of header ${JSON.stringify(name)} must be a string.`);
    try {
      new Headers([[name, value]]);
    } catch {
      throw new ScenarioError(pointer, `${JSON.stringify(name)}: ${JSON.stringify(value)} is not a header HTTP can send.`);
    }
    checked[name.toLowerCase()] = value;
  }
  return checked;
}

/**
 * checkScenario's words without a custom body, against a spec's example names (status →
 * names): the stateful mock's own, or, for Prism's front after a reload, another spec's.
 * The faults' combinations are checked here, so both mocks refuse the same Prefer words.
 */
export function checkScenarioAgainst(
  operationId: string,
  statuses: Record<string, readonly string[]>,
  words: ScenarioWords,
  undocumentedServerErrors: boolean,
): PlayableScenario {
  const playable = checkWords(operationId, statuses, words, undocumentedServerErrors);
  const { code, fault } = playable;
  if (fault === "slow-body" && playable.delay === 0) {
    throw new ScenarioError("/delay", "fault=slow-body sends the body over delay milliseconds; give a delay of 1 or more.");
  }
  if (fault === "drop-after-commit" && code !== undefined) {
    throw new ScenarioError(
      "/fault",
      "fault=drop-after-commit lets the operation behave (its change is made) and loses the answer; it takes no code, example, body or headers.",
    );
  }
  if (fault === "malformed") {
    if (code !== undefined && !(code >= 200 && code <= 299)) {
      throw new ScenarioError("/code", `fault=malformed answers a success status; ${code} is not one.`);
    }
    // The cut body needs an answer that can have one: malformedAnswer passes over a 204 or 205.
    const successes =
      code !== undefined
        ? [code]
        : Object.keys(statuses)
            .map(Number)
            .filter((status) => status >= 200 && status <= 299);
    if (successes.length > 0 && successes.every(bodilessSuccess)) {
      throw new ScenarioError(
        code !== undefined ? "/code" : "/fault",
        `fault=malformed answers a success with a body, and ${operationId}'s ${successes.join(", ")} has none.`,
      );
    }
  }
  return playable;
}

function checkWords(
  operationId: string,
  statuses: Record<string, readonly string[]>,
  words: ScenarioWords,
  undocumentedServerErrors: boolean,
): PlayableScenario {
  const { code, example, delay = 0, fault } = words;
  if (!Number.isSafeInteger(delay) || delay < 0 || delay > MAX_DELAY_MS) {
    throw new ScenarioError("/delay", `delay must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}; got ${String(delay)}.`);
  }
  if (fault !== undefined && !isFault(fault)) {
    throw new ScenarioError("/fault", `fault must be one of ${FAULTS.join(", ")}; got ${JSON.stringify(fault)}.`);
  }
  const playable: PlayableScenario = { delay, ...(fault ? { fault } : {}) };
  if (code !== undefined) {
    const names = statuses[String(code)];
    if (!names) {
      if (undocumentedServerErrors && Number.isInteger(code) && code >= 500 && code <= 599) return { ...playable, code };
      throw new ScenarioError(
        "/code",
        `${operationId} does not document status ${String(code)}; it documents ${Object.keys(statuses).join(", ")}` +
          `${undocumentedServerErrors ? ", and any 5xx may be asked for" : ""}.`,
      );
    }
    if (example !== undefined && !names.includes(example)) {
      throw new ScenarioError(
        "/example",
        `${operationId} has no example ${JSON.stringify(example)} for status ${code}; it has ${names.map((n) => JSON.stringify(n)).join(", ") || "none"}.`,
      );
    }
    return { ...playable, code, ...((example ?? names[0]) !== undefined ? { example: example ?? names[0]! } : {}) };
  }
  if (example !== undefined) {
    // As on Prism, an example named without a status is one of the success examples.
    const success = Object.entries(statuses).filter(([status]) => status.startsWith("2"));
    const found = success.find(([, names]) => names.includes(example));
    if (!found) {
      throw new ScenarioError(
        "/example",
        `${operationId} has no success example ${JSON.stringify(example)}; it has ${
          success.flatMap(([, names]) => names.map((n) => JSON.stringify(n))).join(", ") || "none"
        } (name a status with code to pick another).`,
      );
    }
    return { ...playable, code: Number(found[0]), example };
  }
  return playable;
}

interface Queued {
  scenario: PlayableScenario;
  left: number;
}

/** Scenarios queued per operation, each for its next `times` calls, in the order they were queued. */
export class ScenarioQueue {
  #queued = new Map<OperationId, Queued[]>();
  /** How many operations have something queued: zero keeps every request on the fast path. */
  #size = 0;

  /** Queues a checked scenario; throws ScenarioError on words the spec does not allow. */
  add(operationId: string, words: ScenarioWords & { times?: number }): void {
    if (!isOperationId(operationId)) {
      throw new ScenarioError(
        "/operationId",
        `The spec has no operation ${JSON.stringify(operationId)}; it has ${Object.keys(examples).join(", ")}.`,
      );
    }
    const { times = 1, ...rest } = words;
    if (!Number.isSafeInteger(times) || times < 1 || times > MAX_SCENARIO_TIMES) {
      throw new ScenarioError("/times", `times must be a whole number of calls from 1 to ${MAX_SCENARIO_TIMES}; got ${String(times)}.`);
    }
    const scenario = checkScenario(operationId, rest, true);
    const queue = this.#queued.get(operationId) ?? [];
    if (queue.length >= MAX_QUEUED_SCENARIOS) {
      throw new ScenarioError("/operationId", `${operationId} already has ${MAX_QUEUED_SCENARIOS} scenarios queued; clear them first.`);
    }
    if (queue.length === 0) {
      this.#queued.set(operationId, queue);
      // Stryker disable next-line AssignmentOperator: #size only lets take() skip the lookup; a wrong count still finds the right queue.
      this.#size += 1;
    }
    queue.push({ scenario, left: times });
  }

  /** The scenario for this call of the operation, counted; undefined when none is queued. */
  take(operationId: OperationId): PlayableScenario | undefined {
    if (this.#size === 0) return undefined;
    const queue = this.#queued.get(operationId);
    const first = queue?.[0];
    // Stryker disable next-line LogicalOperator: an empty queue is never kept (deleted below), so `first` is undefined exactly when `queue` is.
    if (!queue || !first) return undefined;
    first.left -= 1;
    if (first.left === 0) queue.shift();
    if (queue.length === 0) {
      this.#queued.delete(operationId);
      // Stryker disable next-line AssignmentOperator: #size only lets take() skip the lookup; a wrong count still finds the right queue.
      this.#size -= 1;
    }
    return first.scenario;
  }

  /**
   * What is queued, per operation: for the control API's state and for tests. A custom body
   * shows as `body: true`: a hundred queued 64 KiB bodies per operation would make the state answer huge.
   */
  pending(): Record<string, (Omit<PlayableScenario, "body"> & { body?: true; times: number })[]> {
    return Object.fromEntries(
      [...this.#queued].map(([id, queue]) => [
        id,
        queue.map(({ scenario: { body, ...scenario }, left }) => ({
          ...scenario,
          ...(body !== undefined ? { body: true as const } : {}),
          times: left,
        })),
      ]),
    );
  }

  clear(): void {
    this.#queued.clear();
    this.#size = 0;
  }
}

/** `mock.scenarios`: typed, per-operation overrides for the next calls. */
export interface Scenarios {
  /**
   * The next `times` (default 1) calls of `operationId` answer as `scenario` says, then the
   * operation behaves again. Queued scenarios play one after the other. Throws ScenarioError
   * for words the spec does not allow (checked at run time too, for JavaScript callers).
   */
  next<K extends OperationId>(operationId: K, scenario: Scenario<K>): void;
  /** Drops every queued scenario. `reset()` does too. */
  clear(): void;
}

export function scenariosOf(queue: ScenarioQueue): Scenarios {
  return {
    next: (operationId, scenario) => queue.add(operationId, scenario as ScenarioWords & { times?: number }),
    clear: () => queue.clear(),
  };
}
