/** The mock's memory: invoices, CC recipients, queued emails, credentials and rate-limit windows. */
import type { InvoiceCcRecipient } from "./contract.ts";
import type { CredentialFixture, InvoiceFixture, RateLimit, ResolvedFixtures } from "./fixtures.ts";

/** One accepted resend, as the email service would receive it. */
export interface QueuedInvoiceEmail {
  invoiceId: string;
  /** The invoice's primary recipient (what the API answered as `email`). */
  to: string;
  /** Every invoice CC recipient at the time of the resend. */
  cc: readonly string[];
  queuedAt: string;
}

/** A read-only view of what the mock holds now; it follows `reset()`. */
export interface BillingMockState {
  readonly invoices: readonly Readonly<InvoiceFixture>[];
  readonly recipients: readonly Readonly<InvoiceCcRecipient>[];
  /** The latest accepted resends (at most `outboxLimit`), oldest first. */
  readonly outbox: readonly Readonly<QueuedInvoiceEmail>[];
}

export interface Caller {
  /** Where the credential came from. */
  kind: "bearer" | "cookie" | "basic";
  credential: string;
  fixture: CredentialFixture;
}

/** How far a credential is into its current window; `limited` when this request is over the limit. */
export interface RateLimitStatus {
  limit: number;
  remaining: number;
  resetAt: Date;
  limited: boolean;
}

/** The 255-character cut on `description`, by Unicode code points (see the package README). */
export const DESCRIPTION_MAX = 255;

export function cutDescription(description: string): string {
  // Cheap exit: fewer UTF-16 units than the limit means fewer code points too.
  if (description.length <= DESCRIPTION_MAX) return description;
  let points = 0;
  let end = 0;
  for (const point of description) {
    // A copy, not a slice: V8 keeps a slice's whole source string (up to the 64 KiB body) alive.
    if (points === DESCRIPTION_MAX) return Array.from(description.slice(0, end)).join("");
    points += 1;
    end += point.length;
  }
  return description;
}

/** What bounds the mock's memory: see `BillingMockOptions`. */
export interface StoreLimits {
  outboxLimit: number;
  outboxCcBytes: number;
  recipientLimit: number;
}

/** What adding a CC recipient gave: the recipient, or why not. */
export type Added = InvoiceCcRecipient | "duplicate" | "full";

/** The approximate bytes a CC list holds: each address's characters (ASCII, as the email format admits) and its slot. */
function costOf(cc: readonly string[]): number {
  let bytes = 0;
  for (const address of cc) bytes += address.length + 8;
  return bytes;
}

export class Store {
  readonly #fixtures: ResolvedFixtures;
  readonly #defaultRateLimit: RateLimit | false;
  readonly #limits: StoreLimits;
  invoices = new Map<string, InvoiceFixture>();
  // Stryker disable next-line ArrayDeclaration: the constructor's reset() replaces it before anything reads it.
  recipients: InvoiceCcRecipient[] = [];
  recipientEmails = new Set<string>();
  /**
   * The outbox is `#outbox` from `#outboxHead` on. Dropping the oldest email moves the head
   * instead of shifting the array, which copied its thousand slots on every resend of a full
   * outbox; the dropped slots are cut off when the outbox is read, or once they are half the array.
   */
  // Stryker disable next-line ArrayDeclaration: the constructor's reset() replaces it before anything reads it.
  #outbox: (QueuedInvoiceEmail | undefined)[] = [];
  #outboxHead = 0;
  credentials = new Map<string, Map<string, CredentialFixture>>();
  #nextId = 1;
  #windows = new Map<string, { start: number; count: number }>();
  // Resends between two changes of the recipients share one frozen list of their addresses,
  // so the outbox holds its lists as runs of consecutive emails, each list counted once.
  // `#runs` follows those runs, oldest first: dropping an email counts it off its run without
  // reading the email, which by then has left the processor's caches.
  #cc: readonly string[] | undefined;
  // Stryker disable next-line ArrayDeclaration: the constructor's reset() replaces it before anything reads it.
  #runs: { cc: readonly string[]; cost: number; emails: number }[] = [];
  #outboxCcBytes = 0;

  constructor(fixtures: ResolvedFixtures, defaultRateLimit: RateLimit | false, limits: StoreLimits) {
    if (fixtures.recipients.length > limits.recipientLimit) {
      throw new RangeError(
        `the fixtures hold ${fixtures.recipients.length} CC recipients, more than recipientLimit (${limits.recipientLimit})`,
      );
    }
    this.#fixtures = fixtures;
    this.#defaultRateLimit = defaultRateLimit;
    this.#limits = limits;
    this.reset();
  }

  /** The most CC recipients held at once. */
  get recipientLimit(): number {
    return this.#limits.recipientLimit;
  }

  /** The approximate bytes of the CC lists the outbox holds now, each distinct list counted once. */
  get outboxCcBytes(): number {
    return this.#outboxCcBytes;
  }

  reset(): void {
    const fixtures = this.#fixtures;
    this.invoices = new Map(fixtures.invoices.map((invoice) => [invoice.id, { ...invoice }]));
    this.recipients = [];
    this.recipientEmails = new Set();
    this.#outbox = [];
    this.#outboxHead = 0;
    this.#runs = [];
    this.#cc = undefined;
    this.#outboxCcBytes = 0;
    this.#nextId = 1;
    this.#windows = new Map();
    for (const recipient of fixtures.recipients) this.addRecipient(recipient.email, recipient.description);
    this.credentials = new Map<string, Map<string, CredentialFixture>>([
      ["bearer", new Map(fixtures.tokens.map((t) => [t.token, t]))],
      ["cookie", new Map(fixtures.sessions.map((s) => [s.session, s]))],
      ["basic", new Map(fixtures.logins.map((l) => [`${l.username}:${l.password}`, l]))],
    ]);
  }

  /**
   * Adds a CC recipient unless its lower-cased address is already one, or `recipientLimit`
   * are held. Synchronous on purpose: no other request can run between the check and the
   * insert, so two concurrent adds of one address can never both succeed.
   */
  addRecipient(email: string, description: string | undefined): Added {
    const normalized = email.toLowerCase();
    if (this.recipientEmails.has(normalized)) return "duplicate";
    if (this.recipients.length >= this.#limits.recipientLimit) return "full";
    const recipient = {
      id: String(this.#nextId++),
      email: normalized,
      description: description === undefined ? null : cutDescription(description),
    };
    this.recipientEmails.add(normalized);
    this.recipients.push(recipient);
    this.#cc = undefined;
    return recipient;
  }

  /**
   * Removes the CC recipient with this id; undefined when there is none (never added, or
   * already removed). Later resends no longer copy it; ids are never given out again.
   */
  removeRecipient(id: string): InvoiceCcRecipient | undefined {
    const index = this.recipients.findIndex((recipient) => recipient.id === id);
    if (index === -1) return undefined;
    const [removed] = this.recipients.splice(index, 1);
    this.recipientEmails.delete(removed!.email);
    this.#cc = undefined;
    return removed;
  }

  queueResend(invoice: InvoiceFixture, queuedAt: string): QueuedInvoiceEmail {
    this.#cc ??= Object.freeze(this.recipients.map((r) => r.email));
    const queued = { invoiceId: invoice.id, to: invoice.email, cc: this.#cc, queuedAt };
    const outbox = this.#outbox;
    const runs = this.#runs;
    const last = runs.at(-1);
    if (last?.cc === queued.cc) last.emails += 1;
    else {
      const cost = costOf(queued.cc);
      runs.push({ cc: queued.cc, cost, emails: 1 });
      this.#outboxCcBytes += cost;
    }
    outbox.push(queued);
    // A long-running mock must not grow without end: the oldest emails go first, past
    // `outboxLimit` emails or `outboxCcBytes` of CC lists (the newest email always stays).
    const { outboxLimit, outboxCcBytes } = this.#limits;
    while (this.#outboxSize > outboxLimit || (this.#outboxCcBytes > outboxCcBytes && this.#outboxSize > 1)) {
      outbox[this.#outboxHead++] = undefined;
      const oldest = runs[0]!;
      if (--oldest.emails === 0) {
        runs.shift();
        this.#outboxCcBytes -= oldest.cost;
      }
    }
    if (this.#outboxHead > 64 && this.#outboxHead * 2 > outbox.length) this.#compactOutbox();
    return queued;
  }

  /** The latest accepted resends (at most `outboxLimit`), oldest first. */
  get outbox(): QueuedInvoiceEmail[] {
    if (this.#outboxHead > 0) this.#compactOutbox();
    return this.#outbox as QueuedInvoiceEmail[];
  }

  get #outboxSize(): number {
    return this.#outbox.length - this.#outboxHead;
  }

  #compactOutbox(): void {
    this.#outbox = this.#outbox.slice(this.#outboxHead);
    this.#outboxHead = 0;
  }

  /** Counts a request against the caller's fixed window; undefined when the caller is not rate limited. */
  hit(caller: Caller, now: number): RateLimitStatus | undefined {
    const rule = caller.fixture.rateLimit ?? this.#defaultRateLimit;
    if (rule === false) return undefined;
    const key = `${caller.kind}\u0000${caller.credential}`;
    let window = this.#windows.get(key);
    if (!window || now >= window.start + rule.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return {
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - window.count),
      resetAt: new Date(window.start + rule.windowMs),
      limited: window.count > rule.limit,
    };
  }

  view(): BillingMockState {
    const store = this;
    return {
      get invoices() {
        return [...store.invoices.values()];
      },
      get recipients() {
        return store.recipients;
      },
      get outbox() {
        return store.outbox;
      },
    };
  }
}
