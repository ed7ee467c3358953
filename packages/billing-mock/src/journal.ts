/**
 * The request journal: every request a mock saw, in the order it came, so a test can check
 * what an app sent (WireMock's `/__admin/requests`). Recording is on the hot path of every
 * request, so it keeps the raw pieces (the URL string, the `Headers`, the body's bytes) and
 * formats them (query, redaction, text) only when the journal is read. It is bounded in
 * entries and bytes: the oldest entries go first and `dropped` counts them.
 */

/** What answered a request: the operation's behaviour (and the mock's checks), the spec's example, or a scenario. */
export type AnsweredBy = "behaviour" | "example" | "scenario" | "upstream";

/** How many entries a journal keeps when no limit is given. */
export const DEFAULT_JOURNAL_ENTRIES = 1000;
/** How many bytes of URLs, headers and bodies a journal keeps when no limit is given: 4 MiB. */
export const DEFAULT_JOURNAL_BYTES = 4 * 1024 * 1024;
/** How many bytes of each request body an entry keeps when no limit is given. */
export const DEFAULT_JOURNAL_BODY_BYTES = 4096;

/** What a journal keeps: the newest `entries` requests whose URLs, headers and kept bodies fit `bytes`. */
export interface JournalLimits {
  /** The most entries kept (default 1000). */
  entries?: number;
  /** The most bytes of URLs, header names and values and kept bodies (default 4 MiB); the newest entry always stays. */
  bytes?: number;
  /** The most bytes of one request's body kept (default 4096); a longer body is cut and marked `truncated`. */
  bodyBytes?: number;
}

/** Header values replaced in the journal: credentials must not leak through a test's output. */
const REDACTED = "[redacted]";

/** One request as the journal answers it. */
export interface JournalEntry {
  /** Counts every request the journal saw from its start or last clear, dropped ones included. */
  seq: number;
  /** When the request came, by the mock's clock (ISO 8601). */
  at: string;
  /** The operation the request matched, or null for a path or method no operation has. */
  operationId: string | null;
  method: string;
  path: string;
  /** Query parameters; a repeated one is an array of its values in order; an API key the spec declares in the query is redacted. */
  query: Record<string, string | string[]>;
  /**
   * Lower-case names; `authorization`, `proxy-authorization`, `cookie` and `set-cookie` values
   * redacted, and the header of every API key the spec declares.
   */
  headers: Record<string, string>;
  /** The body as text (UTF-8, invalid bytes replaced), at most the journal's `bodyBytes`; null when none was sent or read. */
  body: { text: string; bytes: number; truncated: boolean } | null;
  /** The status answered; null while the request is in flight or when no answer was sent (a fault, a client that left). */
  status: number | null;
  /** What answered it; null while in flight. */
  answeredBy: AnsweredBy | null;
  /** The fault a scenario played, if any. */
  fault?: string;
}

/** The journal as `GET /__mock/requests` answers it. */
export interface JournalAnswer {
  requests: JournalEntry[];
  /** How many older entries were dropped to stay within the limits since the last clear. */
  dropped: number;
  limits: Required<JournalLimits>;
}

/**
 * A request's headers as recorded: Node's `rawHeaders` (name, value, name, value…, as
 * received), which the Node host already has; or a `Headers`, flattened to that shape.
 */
export type RawHeaders = readonly string[];

/** An entry as recorded: raw pieces, formatted on read. */
export interface Recorded {
  seq: number;
  at: Date;
  operationId: string | null;
  method: string;
  url: string;
  headers: RawHeaders;
  body: Uint8Array | undefined;
  /** The body's whole length, when it was longer than the kept bytes. */
  bodyLength: number;
  status: number | null;
  answeredBy: AnsweredBy | null;
  fault: string | undefined;
  /** What the entry counts against the byte limit. */
  cost: number;
}

/** Checks journal limits, defaults filled in; a RangeError names the first that is not a count. */
export function journalLimits(limits: JournalLimits = {}): Required<JournalLimits> {
  const { entries = DEFAULT_JOURNAL_ENTRIES, bytes = DEFAULT_JOURNAL_BYTES, bodyBytes = DEFAULT_JOURNAL_BODY_BYTES } = limits;
  const all = { entries, bytes, bodyBytes };
  for (const [name, value] of Object.entries(all)) {
    if (!(Number.isSafeInteger(value) && value >= 0))
      throw new RangeError(`journal.${name} must be a whole number, 0 or more; got ${String(value)}`);
  }
  return all;
}

/** Where the spec's API keys travel: their header names (lower case) and query names, redacted on read. */
export interface JournalSecrets {
  headers: ReadonlySet<string>;
  query: ReadonlySet<string>;
}

/** The API keys of a spec's security schemes (the operation model's `securitySchemes`), as the journal redacts them. */
export function secretsOf(schemes: Record<string, { in?: string; name?: string }>): JournalSecrets {
  const named = (where: string) =>
    new Set(Object.values(schemes).flatMap((scheme) => (scheme.in === where && scheme.name ? [scheme.name] : [])));
  return { headers: new Set([...named("header")].map((name) => name.toLowerCase())), query: named("query") };
}

const NO_SECRETS: JournalSecrets = { headers: new Set(), query: new Set() };

export class RequestJournal {
  readonly limits: Required<JournalLimits>;
  /** The API keys to redact; a host whose spec is reloaded sets its new ones. */
  secrets: JournalSecrets;
  /**
   * The kept entries are `#entries` from `#head` on. Dropping the oldest moves `#head` instead
   * of shifting the array: a shift of a full journal copied its thousand slots on every request.
   * The array is compacted once half of it is dropped slots, so each entry is copied at most once more.
   */
  #entries: (Recorded | undefined)[] = [];
  #head = 0;
  #bytes = 0;
  #dropped = 0;
  #seq = 0;

  constructor(limits?: JournalLimits, secrets: JournalSecrets = NO_SECRETS) {
    this.limits = journalLimits(limits);
    this.secrets = secrets;
  }

  /**
   * Records a request as it arrives; the caller fills in its answer with `answered`. Over
   * HTTP, pass Node's `rawHeaders`: a request's `Headers` there is @hono/node-server's lazy
   * one, which reading whole would build an undici `Headers` for, and keeping would keep
   * Node's whole request object alive; both cost the Node host a third of its throughput.
   */
  open(at: Date, method: string, url: string, headers: RawHeaders | Headers, operationId: string | null = null): Recorded {
    const raw = Array.isArray(headers) ? (headers as RawHeaders) : flatten(headers as Headers);
    let cost = url.length + method.length;
    // Counted now, so the byte limit holds: a loop over strings Node already made.
    for (let i = 0; i < raw.length; i++) cost += raw[i]!.length;
    const entry: Recorded = {
      seq: ++this.#seq,
      at,
      operationId,
      method,
      url,
      headers: raw,
      body: undefined,
      bodyLength: 0,
      status: null,
      answeredBy: null,
      fault: undefined,
      cost,
    };
    if (this.limits.entries > 0) {
      this.#entries.push(entry);
      this.#bytes += cost;
      this.#trim();
    } else this.#dropped += 1;
    return entry;
  }

  /** Keeps at most `bodyBytes` of a request's body on its entry. */
  body(entry: Recorded, bytes: Uint8Array): void {
    if (entry.body !== undefined || bytes.byteLength === 0) return;
    const kept = bytes.byteLength > this.limits.bodyBytes ? bytes.slice(0, this.limits.bodyBytes) : bytes;
    entry.body = kept;
    entry.bodyLength = bytes.byteLength;
    entry.cost += kept.byteLength;
    // Still kept: entries are in `seq` order, and dropped ones leave from the front.
    if (this.#size > 0 && entry.seq >= this.#entries[this.#head]!.seq) {
      this.#bytes += kept.byteLength;
      this.#trim();
    }
  }

  /** Notes how a request was answered: its status (0 or null: no answer went out), by what, and the fault played. */
  answered(entry: Recorded, status: number | null, answeredBy: AnsweredBy, fault?: string): void {
    entry.status = status === 0 ? null : status;
    entry.answeredBy = answeredBy;
    if (fault !== undefined) entry.fault = fault;
  }

  /** The entries, oldest first, formatted; only those of `operationId` when given (`null`: the unmatched ones). */
  list(operationId?: string | null): JournalEntry[] {
    const kept = this.#entries.slice(this.#head) as Recorded[];
    const entries = operationId === undefined ? kept : kept.filter((entry) => entry.operationId === operationId);
    return entries.map((entry) => format(entry, this.secrets));
  }

  /** The journal as `GET /__mock/requests` answers it. */
  answer(operationId?: string | null): JournalAnswer {
    return { requests: this.list(operationId), dropped: this.#dropped, limits: this.limits };
  }

  /** How many entries were dropped to stay within the limits. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The bytes the kept entries count against the limit. */
  get bytes(): number {
    return this.#bytes;
  }

  clear(): void {
    this.#entries = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#dropped = 0;
    this.#seq = 0;
  }

  #trim(): void {
    const { entries, bytes } = this.limits;
    while (this.#size > entries || (this.#bytes > bytes && this.#size > 1)) {
      this.#bytes -= this.#entries[this.#head]!.cost;
      this.#entries[this.#head++] = undefined;
      this.#dropped += 1;
    }
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** How many entries are kept. */
  get #size(): number {
    return this.#entries.length - this.#head;
  }
}

const decoder = new TextDecoder();

function flatten(headers: Headers): RawHeaders {
  const raw: string[] = [];
  headers.forEach((value, name) => raw.push(name, value));
  return raw;
}

function format(entry: Recorded, secrets: JournalSecrets): JournalEntry {
  const url = new URL(entry.url, "http://localhost");
  const query: Record<string, string | string[]> = {};
  for (const [name, given] of url.searchParams) {
    const value = secrets.query.has(name) ? REDACTED : given;
    const seen = query[name];
    query[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  const headers: Record<string, string> = {};
  const raw = entry.headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    // HTTP/2's pseudo-headers (:method, :path) are not headers.
    if (name.startsWith(":")) continue;
    const value = raw[i + 1]!;
    const seen = headers[name];
    // Repeated headers are joined as `Headers` joins them.
    headers[name] = seen === undefined ? value : `${seen}${name === "cookie" ? "; " : ", "}${value}`;
  }
  for (const name of Object.keys(headers)) headers[name] = secrets.headers.has(name) ? REDACTED : redact(name, headers[name]!);
  return {
    seq: entry.seq,
    at: entry.at.toISOString(),
    operationId: entry.operationId,
    method: entry.method,
    path: url.pathname,
    query,
    headers,
    body: entry.body
      ? { text: decoder.decode(entry.body), bytes: entry.bodyLength, truncated: entry.bodyLength > entry.body.byteLength }
      : null,
    status: entry.status,
    answeredBy: entry.answeredBy,
    ...(entry.fault !== undefined ? { fault: entry.fault } : {}),
  };
}

/**
 * Credentials kept out of the journal: the scheme of an `Authorization` stays (`Bearer
 * [redacted]`), and a cookie's name (`hostup_session=[redacted]`), so a test can still see
 * which kind of credential the app sent.
 */
function redact(name: string, value: string): string {
  if (name === "authorization" || name === "proxy-authorization") {
    const space = value.indexOf(" ");
    return space > 0 ? `${value.slice(0, space)} ${REDACTED}` : REDACTED;
  }
  if (name === "cookie") {
    return value
      .split(";")
      .map((pair) => {
        const equals = pair.indexOf("=");
        return equals === -1 ? REDACTED : `${pair.slice(0, equals).trim()}=${REDACTED}`;
      })
      .join("; ");
  }
  if (name === "set-cookie") return REDACTED;
  return value;
}

/** `mock.requests`: the journal in code. */
export interface Requests {
  /** The requests seen, oldest first; only those of `operationId` when given (`null`: the ones no operation matched). */
  list(operationId?: string | null): JournalEntry[];
  /** How many older entries were dropped to stay within the limits since the last clear. */
  readonly dropped: number;
  /** Empties the journal; `reset()` does too. */
  clear(): void;
}

export function requestsOf(journal: RequestJournal): Requests {
  return {
    list: (operationId) => journal.list(operationId),
    get dropped() {
      return journal.dropped;
    },
    clear: () => journal.clear(),
  };
}
