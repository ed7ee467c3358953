/**
 * Schema rules: one schema in the base against its counterpart in the revision.
 *
 * Input (`request`: bodies and parameters) must still accept everything it accepted:
 * narrowing breaks. Output (`response`: bodies and headers) must produce nothing a client
 * has not seen: widening breaks. `readOnly` properties are not sent, so requests skip them;
 * `writeOnly` ones are not returned, so responses skip them; a required response field
 * that turns writeOnly is therefore gone, and breaks. `allOf` is merged before comparing,
 * so a required field added through it counts like one written inline. A discriminator's
 * property and mapping are compared in the same two directions.
 */
import { deprecatedRemoval, deprecationChange } from "./sunset.ts";
import { breaking, changelog, child, same, show, type Json, type Scope } from "./types.ts";

export type Direction = "request" | "response";

export interface SchemaScope extends Scope {
  direction: Direction;
  depth?: number;
  /** A parameter or header: its value travels as text, so a string type covers every scalar. */
  text?: boolean;
  /** An XML body: its root type is not compared (oasdiff rates such changes compatible, and so does this project). */
  loose?: boolean;
}

// Bounds on one number: which side is the tighter one.
const UPPER = ["maximum", "maxLength", "maxItems", "maxProperties"] as const;
const LOWER = ["minimum", "minLength", "minItems", "minProperties"] as const;
// JSON Schema 2020 keywords whose changes the differ cannot rank as wider or narrower.
const OPAQUE = [
  "if",
  "then",
  "else",
  "not",
  "contains",
  "minContains",
  "maxContains",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "prefixItems",
  "unevaluatedItems",
  "unevaluatedProperties",
  "propertyNames",
  "patternProperties",
  "contentSchema",
  "contentEncoding",
  "contentMediaType",
] as const;
const ANNOTATIONS = new Set(["title", "description", "example", "examples", "deprecated", "$comment", "default", "externalDocs", "xml"]);
const kebab = (word: string) => word.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `application/xml`, `text/xml`, `application/atom+xml`…: bodies whose JSON Schema types are loose. */
export const isXml = (mediaType: string): boolean => /[/+]xml$/i.test(mediaType.split(";")[0]!.trim());

function asSchema(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

/** The schema with its `allOf` members merged in: what an instance must satisfy, in one object. */
export function merged(schema: Json, depth = 0): Json {
  if (!Array.isArray(schema.allOf) || depth > 16) return schema;
  const out: Json = { ...schema };
  delete out.allOf;
  for (const member of schema.allOf.map((m) => merged(asSchema(m), depth + 1))) {
    for (const [key, value] of Object.entries(member)) {
      if (key === "properties") out.properties = { ...asSchema(value), ...asSchema(out.properties) };
      else if (key === "required") out.required = [...new Set([...((out.required as string[]) ?? []), ...(value as string[])])];
      else if (!(key in out)) out[key] = value;
    }
  }
  return out;
}

function typesOf(schema: Json): Set<string> {
  const type = schema.type;
  const list = (Array.isArray(type) ? type : type === undefined ? [] : [type]) as string[];
  return new Set(list.filter((t) => t !== "null"));
}

function nullable(schema: Json): boolean {
  const type = schema.type;
  return schema.nullable === true || (Array.isArray(type) && type.includes("null")) || type === "null";
}

/** A pattern that provably accepts everything `before` accepted: no pattern, any string, or `before` as one alternative. */
export function patternWidens(before: string, after: string | undefined): boolean {
  if (after === undefined) return true;
  if (["", ".*", "^.*", ".*$", "^.*$", "^(.*)$", "[\\s\\S]*"].includes(after)) return true;
  const alternatives = after.replace(/^\^\((?:\?:)?(.*)\)\$$/, "$1").split("|");
  const core = before.replace(/^\^(.*)\$$/, "$1");
  return alternatives.length > 1 && alternatives.some((alternative) => alternative === before || alternative === core);
}

function limit(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function compareTypes(a: Json, b: Json, s: SchemaScope) {
  const before = typesOf(a);
  const after = typesOf(b);
  const asText = s.text && !s.depth && ["integer", "number", "boolean"];
  const covers = (set: Set<string>, type: string) =>
    set.has(type) || (type === "integer" && set.has("number")) || (asText && set.has("string") && asText.includes(type));
  if (s.direction === "request") {
    const lost = before.size === 0 ? (after.size ? ["any type"] : []) : [...before].filter((t) => after.size && !covers(after, t));
    if (lost.length) breaking(s, "request-type-narrowed", `no longer accepts ${lost.join(", ")} (now ${[...after].join(", ")})`);
    else if (!same([...before], [...after]))
      changelog(s, "request-type-widened", `now also accepts ${[...after].join(", ") || "any type"}`);
    if (nullable(a) && !nullable(b)) breaking(s, "request-became-not-nullable", "no longer accepts null");
  } else {
    const gained = before.size === 0 ? [] : after.size === 0 ? ["any type"] : [...after].filter((t) => !covers(before, t));
    if (gained.length) breaking(s, "response-type-widened", `may now be ${gained.join(", ")} (was ${[...before].join(", ")})`);
    if (!nullable(a) && nullable(b)) breaking(s, "response-became-nullable", "may now be null");
  }
}

function compareValues(a: Json, b: Json, s: SchemaScope) {
  const request = s.direction === "request";
  if (Array.isArray(b.enum) && request) {
    if (!Array.isArray(a.enum)) breaking(s, "request-became-enum", `now only accepts ${b.enum.map(show).join(", ")}`);
    else {
      const removed = a.enum.filter((v) => !(b.enum as unknown[]).some((w) => same(v, w)));
      if (removed.length) breaking(s, "request-enum-value-removed", `no longer accepts ${removed.map(show).join(", ")}`);
    }
  }
  if (Array.isArray(a.enum) && !request) {
    if (!Array.isArray(b.enum)) breaking(s, "response-enum-removed", `is no longer limited to ${a.enum.map(show).join(", ")}`);
    else {
      const added = b.enum.filter((v) => !(a.enum as unknown[]).some((w) => same(v, w)));
      // A client that switches over every documented value meets one it does not know.
      if (added.length) breaking(s, "response-enum-value-added", `may now be ${added.map(show).join(", ")}`);
    }
  }
  if (request && Array.isArray(a["x-extensible-enum"])) {
    const kept = (b["x-extensible-enum"] ?? []) as unknown[];
    const removed = a["x-extensible-enum"].filter((v) => !kept.some((w) => same(v, w)));
    if (removed.length) breaking(s, "request-enum-value-removed", `x-extensible-enum no longer lists ${removed.map(show).join(", ")}`);
  }
  const constSide = request ? b : a;
  if ("const" in constSide && !same(a.const, b.const)) {
    breaking(s, `${s.direction}-const-changed`, `const changed from ${show(a.const)} to ${show(b.const)}`);
  }
  const formatSide = request ? b : a;
  if (formatSide.format !== undefined && a.format !== b.format) {
    breaking(s, `${s.direction}-format-changed`, `format changed from ${show(a.format)} to ${show(b.format)}`);
  }
  if (request && typeof b.pattern === "string" && a.pattern !== b.pattern) {
    if (typeof a.pattern !== "string") breaking(s, "request-pattern-added", `now must match ${b.pattern}`);
    else if (!patternWidens(a.pattern, b.pattern)) {
      breaking(
        s,
        "request-pattern-changed",
        `pattern changed from ${a.pattern} to ${b.pattern}: values the old one accepted may be rejected`,
      );
    }
  }
  if (typeof a.pattern === "string" && a.pattern !== b.pattern && (!request || patternWidens(a.pattern, b.pattern as string | undefined))) {
    changelog(s, "pattern-changed", `pattern changed from ${a.pattern} to ${show(b.pattern)}`);
  }
}

/** The instance type a bound constrains: JSON Schema ignores it on any other type. */
const BOUNDED: Record<(typeof UPPER)[number] | (typeof LOWER)[number], string> = {
  maximum: "number",
  minimum: "number",
  maxLength: "string",
  minLength: "string",
  maxItems: "array",
  minItems: "array",
  // Stryker disable next-line StringLiteral: objects are measure()'s default branch, which any other name reaches too
  maxProperties: "object",
  // Stryker disable next-line StringLiteral: objects are measure()'s default branch, which any other name reaches too
  minProperties: "object",
};

function measure(value: unknown, keyword: keyof typeof BOUNDED): number | undefined {
  switch (BOUNDED[keyword]) {
    case "number":
      return typeof value === "number" ? value : undefined;
    case "string":
      return typeof value === "string" ? [...value].length : undefined;
    case "array":
      return Array.isArray(value) ? value.length : undefined;
    default:
      return value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).length : undefined;
  }
}

/** True when `value` satisfies `keyword: bound` (a value of another type always does). */
function within(value: unknown, keyword: keyof typeof BOUNDED, bound: number | undefined): boolean {
  const size = measure(value, keyword);
  if (size === undefined || bound === undefined) return true;
  return (UPPER as readonly string[]).includes(keyword) ? size <= bound : size >= bound;
}

/**
 * Whether a bound's change can let through a value the other side has not seen: input, an
 * old value the new bound refuses; output, a new value the old bound forbade. A bound
 * around values an `enum` or `const` pins, all on the right side of it, changes nothing.
 * (A bound on a type the schema cannot take, `maxLength` on an object say, is still
 * counted: JSON Schema ignores it, but its author meant something, and oasdiff counts it.)
 */
function boundMatters(a: Json, b: Json, keyword: keyof typeof BOUNDED, request: boolean): boolean {
  const [from, to] = request ? [a, b] : [b, a];
  const values = "const" in from ? [from.const] : Array.isArray(from.enum) ? from.enum : [];
  // Pinned values of another type than the bound's are the type mismatch above: counted.
  const pinned = values.filter((value) => measure(value, keyword) !== undefined);
  if (!pinned.length || pinned.length < values.length) return true;
  return pinned.some((value) => within(value, keyword, limit(from[keyword])) && !within(value, keyword, limit(to[keyword])));
}

function compareLimits(a: Json, b: Json, s: SchemaScope) {
  const request = s.direction === "request";
  const report = (keyword: string, before: unknown, after: unknown) =>
    breaking(
      s,
      `${s.direction}-${kebab(keyword)}-${request ? "tightened" : "loosened"}`,
      `${keyword} changed from ${show(before)} to ${show(after)}`,
    );
  for (const keyword of UPPER) {
    const [before, after] = [limit(a[keyword]), limit(b[keyword])];
    if (
      (request
        ? after !== undefined && (before === undefined || after < before)
        : before !== undefined && (after === undefined || after > before)) &&
      boundMatters(a, b, keyword, request)
    )
      report(keyword, before, after);
  }
  for (const keyword of LOWER) {
    const [before, after] = [limit(a[keyword]), limit(b[keyword])];
    if (
      (request
        ? after !== undefined && (before === undefined || after > before)
        : before !== undefined && (after === undefined || after < before)) &&
      boundMatters(a, b, keyword, request)
    )
      report(keyword, before, after);
  }
  for (const [keyword, upper] of [
    ["exclusiveMaximum", true],
    ["exclusiveMinimum", false],
  ] as const) {
    const [before, after] = [a[keyword], b[keyword]];
    if (typeof before === "boolean" || typeof after === "boolean") {
      // OpenAPI 3.0: a flag on maximum/minimum.
      if (request ? after === true && before !== true : before === true && after !== true) report(keyword, before, after);
      continue;
    }
    const [x, y] = [limit(before), limit(after)];
    const tighter = upper ? (p: number, q: number) => q < p : (p: number, q: number) => q > p;
    if (request ? y !== undefined && (x === undefined || tighter(x, y)) : x !== undefined && (y === undefined || tighter(y, x)))
      report(keyword, before, after);
  }
  const [stepA, stepB] = [limit(a.multipleOf), limit(b.multipleOf)];
  // Multiples of the old step must all be multiples of the new one (input), and the reverse (output).
  if (
    request
      ? stepB !== undefined && (stepA === undefined || stepA % stepB !== 0)
      : stepA !== undefined && (stepB === undefined || stepB % stepA !== 0)
  )
    report("multipleOf", stepA, stepB);
  if (request ? b.uniqueItems === true && a.uniqueItems !== true : a.uniqueItems === true && b.uniqueItems !== true)
    report("uniqueItems", a.uniqueItems, b.uniqueItems);
  for (const keyword of OPAQUE) {
    if (!same(a[keyword], b[keyword])) {
      const how = a[keyword] === undefined ? "added" : b[keyword] === undefined ? "removed" : "changed";
      breaking(s, `${s.direction}-${kebab(keyword)}-changed`, `${keyword} ${how}: the accepted values may differ`);
    }
  }
}

function skipped(property: Json, direction: Direction): boolean {
  return direction === "request" ? property.readOnly === true : property.writeOnly === true;
}

function compareProperties(a: Json, b: Json, s: SchemaScope, seen: WeakMap<object, WeakSet<object>>) {
  const propsA = asSchema(a.properties);
  const propsB = asSchema(b.properties);
  const requiredA = new Set((a.required ?? []) as string[]);
  const requiredB = new Set((b.required ?? []) as string[]);
  // A readOnly property is not request input, a writeOnly one not response output.
  const hiddenA = (name: string) => skipped(asSchema(propsA[name]), s.direction);
  const hiddenB = (name: string) => skipped(asSchema(propsB[name]), s.direction);
  const ignored = (name: string) => hiddenA(name) || hiddenB(name);
  const at = (name: string) => child(s, "properties", name);
  const both = Object.keys(propsA).filter((name) => name in propsB);
  if (s.direction === "request") {
    for (const name of requiredB) {
      if ((requiredA.has(name) && !hiddenA(name)) || hiddenB(name)) continue;
      // No longer readOnly and required: listed with the readOnly rule below, as one question (oasdiff: INFO).
      if (hiddenA(name))
        changelog(at(name), "request-property-became-required", `request field "${name}" is no longer read-only and is now required`);
      else if (name in propsA) breaking(at(name), "request-property-became-required", `request field "${name}" is now required`);
      else breaking(at(name), "request-property-added-required", `new request field "${name}" is required`);
    }
    for (const name of Object.keys(propsA)) {
      if (name in propsB || hiddenA(name)) continue;
      // Refused only when others are: then its deprecation and sunset decide (sunset.ts).
      if (b.additionalProperties !== false)
        changelog(at(name), "request-property-removed", `request field "${name}" is no longer documented`, "base");
      else if (!deprecatedRemoval(at(name), propsA[name], "request-property", `request field "${name}"`))
        breaking(at(name), "request-property-removed", `request field "${name}" was removed and others are refused`, "base");
    }
    // Input that turns readOnly is listed, not counted, even when it was required: the
    // server now ignores the value, as it ignores a field no longer documented (above), and
    // refuses nothing; the generated request type keeps the field. oasdiff rates it INFO
    // too. The output counterpart, a required field turned writeOnly, is breaking below.
    for (const name of both.filter((n) => !hiddenA(n) && hiddenB(n)))
      changelog(
        at(name),
        "request-property-became-read-only",
        `${requiredA.has(name) ? "required" : "optional"} request field "${name}" is now read-only: the server no longer takes it`,
      );
    for (const name of Object.keys(propsB))
      if (!(name in propsA) && !requiredB.has(name)) changelog(at(name), "request-property-added", `new optional request field "${name}"`);
  } else {
    for (const name of requiredA) {
      if (hiddenA(name) || (requiredB.has(name) && !hiddenB(name))) continue;
      // Required output that turns writeOnly disappears from responses clients were promised.
      if (name in propsB && hiddenB(name))
        breaking(
          at(name),
          "response-property-became-write-only",
          `required response field "${name}" is now write-only: it is no longer returned`,
        );
      else if (name in propsB) breaking(at(name), "response-property-became-optional", `response field "${name}" may now be missing`);
      else if (!deprecatedRemoval(at(name), propsA[name], "response-property", `response field "${name}"`))
        breaking(at(name), "response-required-property-removed", `response field "${name}" was removed`, "base");
    }
    for (const name of Object.keys(propsA)) {
      if (name in propsB || requiredA.has(name) || hiddenA(name)) continue;
      if (deprecatedRemoval(at(name), propsA[name], "response-property", `response field "${name}"`)) continue;
      breaking(at(name), "response-property-removed", `response field "${name}" was removed`, "base");
    }
    // An optional field was never promised, and the generated type keeps it (optional): listed, not counted.
    for (const name of both.filter((n) => !hiddenA(n) && hiddenB(n) && !requiredA.has(n)))
      changelog(at(name), "response-property-became-write-only", `optional response field "${name}" is now write-only: no longer returned`);
    for (const name of Object.keys(propsB))
      if (!(name in propsA)) changelog(at(name), "response-property-added", `new response field "${name}"`);
  }
  for (const name of both.filter((n) => !ignored(n)))
    deprecationChange(at(name), propsA[name], propsB[name], `${s.direction}-property`, `${s.direction} field "${name}"`);
  for (const name of Object.keys(propsA)) {
    if (name in propsB && !ignored(name)) compare(propsA[name], propsB[name], { ...at(name), depth: (s.depth ?? 0) + 1 }, seen);
  }
  const [extraA, extraB] = [a.additionalProperties, b.additionalProperties];
  if (s.direction === "request" && extraB === false && extraA !== false)
    breaking(s, "request-additional-properties-refused", "no longer accepts properties it does not list");
  if (s.direction === "response" && extraA === false && extraB !== undefined && extraB !== false)
    breaking(s, "response-additional-properties-allowed", "may now hold properties it does not list");
  if (typeof extraA === "object" && typeof extraB === "object")
    compare(extraA, extraB, { ...child(s, "additionalProperties"), depth: (s.depth ?? 0) + 1 }, seen);
}

function compareComposition(a: Json, b: Json, s: SchemaScope, seen: WeakMap<object, WeakSet<object>>) {
  const request = s.direction === "request";
  // allOf is merged for every other rule; a new member that constrains anything still narrows input.
  const membersA = (a.allOf ?? []) as Json[];
  const membersB = (b.allOf ?? []) as Json[];
  const constraining = (m: Json) => Object.keys(m).some((k) => !ANNOTATIONS.has(k));
  if (request && membersB.filter(constraining).length > membersA.filter(constraining).length)
    breaking(s, "request-all-of-added", "allOf has a new member: the request must match it too");
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const listA = a[keyword] as Json[] | undefined;
    const listB = b[keyword] as Json[] | undefined;
    if (!listA && !listB) continue;
    if (!listA || !listB) {
      compareWrapping(a, b, keyword, s);
      continue;
    }
    // Alternatives are matched as a multiset: two identical ones are still two.
    const unmatched = [...listB];
    const removed = listA.filter((v) => {
      const i = unmatched.findIndex((w) => same(v, w));
      if (i >= 0) unmatched.splice(i, 1);
      return i < 0;
    });
    const added = unmatched;
    // An alternative edited in place (same type, same property names) is compared as a schema.
    for (const v of [...removed]) {
      const i = added.findIndex((w) => shape(v) === shape(w));
      if (i < 0) continue;
      compare(v, added[i], { ...child(s, keyword, listB.indexOf(added[i]!)), depth: (s.depth ?? 0) + 1 }, seen);
      removed.splice(removed.indexOf(v), 1);
      added.splice(i, 1);
    }
    // In an anyOf, an alternative another one covers changes nothing a client sends or
    // reads: a removed input alternative whose values a remaining one accepts, a new output
    // one whose values an old one allowed. Not in a oneOf: there a value matching two
    // alternatives is invalid, so overlapping ones change what is valid.
    const covered = (from: Json, to: Json) => keyword === "anyOf" && !breaks(from, to, s.direction);
    const narrowing = request ? removed.filter((v) => !listB.some((w) => covered(v, w))) : [];
    const widening = request ? [] : added.filter((w) => !listA.some((v) => covered(v, w)));
    if (narrowing.length) breaking(s, `request-${kebab(keyword)}-removed`, `${keyword} lost ${narrowing.length} alternative(s)`);
    if (widening.length) breaking(s, `response-${kebab(keyword)}-added`, `${keyword} has ${widening.length} new alternative(s)`);
    if (removed.length > narrowing.length)
      changelog(s, `${s.direction}-${kebab(keyword)}-removed`, `${keyword} lost ${removed.length - narrowing.length} alternative(s)`);
    if (added.length > widening.length)
      changelog(s, `${s.direction}-${kebab(keyword)}-added`, `${keyword} has ${added.length - widening.length} new alternative(s)`);
  }
}

/** A mapping's targets as references: OpenAPI lets a bare schema name stand for `#/components/schemas/<name>`. */
function mappingOf(discriminator: Json): Map<string, string> {
  const entries = Object.entries(asSchema(discriminator.mapping)).map(([value, target]) => {
    const ref = String(target);
    return [value, ref.includes("/") || ref.includes("#") ? ref : `#/components/schemas/${ref}`] as const;
  });
  return new Map(entries);
}

/**
 * The discriminator tells which alternative a value is. Input must still route every value
 * it routed, to the same schema; output must name no type the client has not seen.
 */
function compareDiscriminator(a: Json, b: Json, s: SchemaScope) {
  const [before, after] = [a.discriminator, b.discriminator];
  if (before === undefined && after === undefined) return;
  const at = child(s, "discriminator");
  if (before === undefined || after === undefined) {
    changelog(
      at,
      `${s.direction}-discriminator-${before === undefined ? "added" : "removed"}`,
      `discriminator ${before === undefined ? "added" : "removed"}`,
    );
    return;
  }
  const [da, db] = [asSchema(before), asSchema(after)];
  if (da.propertyName !== db.propertyName)
    breaking(
      child(at, "propertyName"),
      `${s.direction}-discriminator-property-changed`,
      `discriminator property changed from ${show(da.propertyName)} to ${show(db.propertyName)}: clients ${s.direction === "request" ? "send" : "read"} the old one`,
    );
  const [mapA, mapB] = [mappingOf(da), mappingOf(db)];
  // Request: a value the client sends must keep its target. Response: a value the client reads must be one it knows.
  const [kept, grown] = s.direction === "request" ? [mapA, mapB] : [mapB, mapA];
  const moved = [...kept].filter(([value, target]) => grown.get(value) !== target).map(([value]) => value);
  const other = [...grown.keys()].filter((value) => !kept.has(value));
  if (moved.length)
    breaking(
      child(at, "mapping"),
      `${s.direction}-discriminator-mapping-changed`,
      s.direction === "request"
        ? `discriminator no longer maps ${moved.map(show).join(", ")} to the schema it did: requests using it are refused or read as another type`
        : `discriminator may now be ${moved.map(show).join(", ")}, new to clients or mapped to another schema`,
    );
  if (other.length)
    changelog(
      child(at, "mapping"),
      `${s.direction}-discriminator-mapping-changed`,
      `discriminator mapping ${s.direction === "request" ? "added" : "no longer lists"} ${other.map(show).join(", ")}`,
    );
}

function shape(schema: Json): string {
  return JSON.stringify([schema.type, Object.keys(asSchema(schema.properties)).sort()]);
}

/** True when going from `a` to `b` breaks something in `direction`. */
function breaks(a: unknown, b: unknown, direction: Direction): boolean {
  const out: Scope["out"] = [];
  compare(a, b, { where: "", pointer: "", basePointer: "", out, direction });
  return out.some((change) => change.kind === "breaking");
}

/**
 * A schema wrapped in oneOf/anyOf, or unwrapped. Input stays accepted when the old schema
 * fits one alternative (for oneOf: exactly one, or a valid value would match two); output
 * unwrapped stays known when the new schema fits one of the old alternatives.
 */
function compareWrapping(a: Json, b: Json, keyword: "oneOf" | "anyOf", s: SchemaScope) {
  const wrapped = !a[keyword];
  const plainA = { ...a, [keyword]: undefined };
  const plainB = { ...b, [keyword]: undefined };
  let fine: boolean;
  if (s.direction === "request") {
    if (wrapped) {
      const fitting = (b[keyword] as Json[]).filter((alternative) => !breaks(plainA, { ...plainB, ...alternative }, "request")).length;
      fine = keyword === "oneOf" ? fitting === 1 : fitting >= 1;
    } else fine = (a[keyword] as Json[]).every((alternative) => !breaks({ ...plainA, ...alternative }, plainB, "request"));
  } else {
    fine = !wrapped && (a[keyword] as Json[]).some((alternative) => !breaks({ ...plainA, ...alternative }, plainB, "response"));
  }
  const what = wrapped ? `now wrapped in ${keyword}` : `no longer a ${keyword}`;
  if (fine) changelog(s, `${s.direction}-${kebab(keyword)}-${wrapped ? "wrapped" : "unwrapped"}`, what);
  else breaking(s, `${s.direction}-${kebab(keyword)}-${wrapped ? "wrapped" : "unwrapped"}`, `${what}: values may no longer fit`);
}

/** Compares a base schema with its revision in the scope's direction, recording every change. */
export function compare(before: unknown, after: unknown, s: SchemaScope, seen = new WeakMap<object, WeakSet<object>>()): void {
  const [rawA, rawB] = [asSchema(before), asSchema(after)];
  if ((s.depth ?? 0) > 24 || seen.get(rawA)?.has(rawB)) return;
  if (!seen.has(rawA)) seen.set(rawA, new WeakSet());
  seen.get(rawA)!.add(rawB);
  if (same(rawA, rawB)) return;
  const [a, b] = [merged(rawA), merged(rawB)];
  compareComposition(rawA, rawB, s, seen);
  compareDiscriminator(a, b, s);
  if (s.loose && !s.depth) {
    // The root of an XML body is text either way: a string or an object there is the same document.
    if (!same(typesOf(a), typesOf(b))) changelog(s, `${s.direction}-xml-type-changed`, "the XML body's type changed");
  } else compareTypes(a, b, s);
  compareValues(a, b, s);
  compareLimits(a, b, s);
  compareProperties(a, b, s, seen);
  if (a.items && b.items && typeof a.items === "object")
    compare(a.items, b.items, { ...child(s, "items"), depth: (s.depth ?? 0) + 1 }, seen);
  if (a.description !== b.description && a.description !== undefined && b.description !== undefined)
    changelog(child(s, "description"), "description-changed", "description changed");
}
