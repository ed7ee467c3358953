/**
 * Two public-API models (api-model.ts) compared entry by entry. What was added or removed
 * is reported at its highest entry only: a removed method is one change, not one per
 * parameter.
 */
import type { ApiEntry, ApiModel } from "./api-model.ts";

export interface ApiChange {
  change: "added" | "removed" | "changed";
  /** The top-level declaration, e.g. `BillingClient` or `components["schemas"]["Problem"]`. */
  declaration: string;
  /** Below it, e.g. `.addInvoiceCcRecipient(body)`; "" for the declaration itself. */
  member: string;
  /** `method`, `parameter`, `property`, `resolves`, `type`, `interface`, `class`... */
  kind: string;
  /** The type before (for `removed` and `changed`), `?` marking an optional member. */
  before?: string;
  /** The type after (for `added` and `changed`). */
  after?: string;
}

const shown = (entry: ApiEntry) => `${entry.optional ? "?: " : ""}${entry.type}`;

export function diffApi(base: ApiModel, revision: ApiModel): ApiChange[] {
  const changes: ApiChange[] = [];
  // A member of an added or removed entry came or went with it.
  const inside = (entry: ApiEntry, other: ApiModel) => entry.parent !== undefined && !other.has(entry.parent);
  for (const [key, before] of base) {
    const after = revision.get(key);
    if (!after) {
      if (!inside(before, revision)) changes.push({ change: "removed", ...where(before), before: shown(before) });
    } else if (before.type !== after.type || before.optional !== after.optional) {
      changes.push({ change: "changed", ...where(after), before: shown(before), after: shown(after) });
    }
  }
  for (const [key, after] of revision) {
    if (!base.has(key) && !inside(after, base)) changes.push({ change: "added", ...where(after), after: shown(after) });
  }
  return changes.sort((a, b) => order(a).localeCompare(order(b)));
}

const where = ({ declaration, member, kind }: ApiEntry) => ({ declaration, member, kind });
const order = (c: ApiChange) => `${c.declaration}\u0000${c.member}`;
