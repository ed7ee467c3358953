/** What the differ reports, shared by every rule group and the report formats. */
import { isDeepStrictEqual } from "node:util";

/** One change between the base and the revision of the spec. */
export interface Change {
  /** The rule that found it, e.g. `request-property-became-required`; see README. */
  rule: string;
  /** `breaking` fails spec:breaking; `changelog` is listed for review only. */
  kind: "breaking" | "changelog";
  /** `METHOD /path` (or `security scheme X`), the API element it belongs to. */
  where: string;
  /** Human wording, one line. */
  message: string;
  /** JSON pointer into the bundled revision (or the base, for removals), for the source map. */
  pointer: string;
  /** Which document `pointer` points into. */
  side: "base" | "revision";
  /** Set when spec/breaking-accepted.yaml accepts this change, with the maintainer's reason. */
  accepted?: string;
}

export type Json = Record<string, unknown>;

/** Where a comparison is, and how to record what it finds. */
export interface Scope {
  where: string;
  /** Pointer into the revision (the base pointer is the same path for matched elements). */
  pointer: string;
  basePointer: string;
  out: Change[];
  /** The date removals are judged against (YYYY-MM-DD); see sunset.ts. */
  today?: string;
}

export function escapePointer(segment: string | number): string {
  return String(segment).replaceAll("~", "~0").replaceAll("/", "~1");
}

export function child<S extends Scope>(scope: S, ...segments: (string | number)[]): S {
  const tail = segments.map((s) => `/${escapePointer(s)}`).join("");
  return { ...scope, pointer: scope.pointer + tail, basePointer: scope.basePointer + tail };
}

export function breaking(scope: Scope, rule: string, message: string, side: "base" | "revision" = "revision"): void {
  scope.out.push({
    rule,
    kind: "breaking",
    where: scope.where,
    message,
    pointer: side === "base" ? scope.basePointer : scope.pointer,
    side,
  });
}

export function changelog(scope: Scope, rule: string, message: string, side: "base" | "revision" = "revision"): void {
  scope.out.push({
    rule,
    kind: "changelog",
    where: scope.where,
    message,
    pointer: side === "base" ? scope.basePointer : scope.pointer,
    side,
  });
}

/** Deep equality; dereferenced recursive schemas are cyclic, which this copes with. */
export const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);
export const show = (value: unknown): string => JSON.stringify(value) ?? "none";
