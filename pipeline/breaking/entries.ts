/**
 * What the report lists: one entry per change, not one per place it shows. A component
 * edit reaches every operation that uses it (a Problem schema, say, under each error
 * status of each operation); the differ finds it at each, and the entries here fold those
 * findings back into one, which lists where it is used. Entries are grouped by the
 * operations they touch, in a stable order: operations by path then method, a group of
 * several after its first operation's own, then webhooks, security schemes and the rest.
 */
import { HTTP_METHODS } from "../openapi-model.ts";
import type { SourceLocation } from "./source-map.ts";
import type { Change } from "./types.ts";

export interface Located extends Change {
  source: SourceLocation;
}

export interface Entry extends Omit<Located, "where" | "side"> {
  /** Every place the change shows, e.g. `POST /a response 400`, in stable order. */
  places: string[];
  /** The operations (or `security scheme X`, `webhook X`, `info`) those places belong to. */
  operations: string[];
  /** `places` in one line, statuses of one operation folded: `POST /a response 400, 401; GET /b response 400`. */
  where: string;
}

export interface Group {
  operations: string[];
  entries: Entry[];
}

const METHOD = new RegExp(`^(${HTTP_METHODS.map((m) => m.toUpperCase()).join("|")}) (\\S+)(?: (.*))?$`);

/** The operation a place belongs to, and what is left of the place. */
function split(place: string): [string, string] {
  const match = METHOD.exec(place);
  return match ? [`${match[1]} ${match[2]}`, match[3] ?? ""] : [place, ""];
}

/** Sort key of an operation-like label: operations by path then method, then webhooks, security schemes, the rest. */
function rank(label: string): [number, string, number] {
  const match = METHOD.exec(label);
  if (match) return [0, match[2]!, HTTP_METHODS.indexOf(match[1]!.toLowerCase() as (typeof HTTP_METHODS)[number])];
  return [label.startsWith("webhook ") ? 1 : label.startsWith("security scheme ") ? 2 : 3, label, 0];
}

function compareLabels(a: string, b: string): number {
  const [x, y] = [rank(a), rank(b)];
  return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
}

function compareLists(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareLabels(a[i]!, b[i]!);
    if (order) return order;
  }
  return a.length - b.length;
}

function comparePlaces(a: string, b: string): number {
  return compareLabels(split(a)[0], split(b)[0]) || (a < b ? -1 : a > b ? 1 : 0);
}

function fold(places: string[]): string {
  const byOperation = new Map<string, string[]>();
  for (const place of places) {
    const [operation, rest] = split(place);
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), rest]);
  }
  return [...byOperation]
    .map(([operation, rests]) => {
      const statuses = rests.map((rest) => /^response (\S+)$/.exec(rest)?.[1]);
      const tail = statuses.every(Boolean) ? `response ${statuses.join(", ")}` : rests.filter(Boolean).join(", ");
      return tail ? `${operation} ${tail}` : operation;
    })
    .join("; ");
}

const at = (c: { source: SourceLocation }) => `${c.source.file}:${c.source.line}`;

/** One entry per change: findings with the same rule, message, verdict and spec/ source line are one edit. */
export function entriesOf(changes: Located[]): Entry[] {
  const byKey = new Map<string, Located[]>();
  for (const change of changes) {
    const key = JSON.stringify([change.kind, change.accepted ?? null, change.rule, change.message, at(change)]);
    byKey.set(key, [...(byKey.get(key) ?? []), change]);
  }
  const entries = [...byKey.values()].map((found) => {
    // The first place in stable order speaks for the entry, whatever order the differ found them in.
    const [first] = [...found].sort(
      (a, b) => comparePlaces(a.where, b.where) || (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0),
    );
    const { where: _where, side: _side, ...rest } = first!;
    const places = [...new Set(found.map((change) => change.where))].sort(comparePlaces);
    const operations = [...new Set(places.map((place) => split(place)[0]))];
    return { ...rest, places, operations, where: fold(places) };
  });
  return entries.sort(
    (a, b) =>
      compareLists(a.operations, b.operations) ||
      (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) ||
      a.source.line - b.source.line ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Sorted entries, cut where the operations they touch change. */
export function groupsOf(entries: Entry[]): Group[] {
  const groups: Group[] = [];
  for (const entry of entries) {
    const last = groups.at(-1);
    if (last && compareLists(last.operations, entry.operations) === 0) last.entries.push(entry);
    else groups.push({ operations: entry.operations, entries: [entry] });
  }
  return groups;
}
