/**
 * Parameter values read back from the wire as the spec's `style` and `explode` wrote them
 * (OpenAPI 3.1 "Style Examples", RFC 6570 for path styles): the inverse of a client's
 * serializers. Each function gives strings (a string, an array of them, or an object of them);
 * the spec's schema, through Ajv's type coercion, turns them into numbers and booleans.
 * A value that cannot be read in its style comes back as the raw string, so that validation
 * refuses it with the parameter's name rather than this code guessing.
 */
import type { ModelParameter } from "@hostup/billing-openapi";

/** What a parameter holds once read: absent, or strings in the shape its schema gives. */
export type ParsedValue = string | string[] | Record<string, string> | undefined;

/** One `name=value` pair of a query string or cookie header, both as sent (still percent-encoded). */
export type RawPair = [name: string, value: string];

const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** `%xx` decoded, `+` too when `plus` (form encoding); the text as it is when it is not valid percent-encoding. */
export function decode(text: string, plus = false): string {
  const spaced = plus ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  // A stray `%` is found without throwing: an exception per item made a hostile list of them slow.
  if (MALFORMED_ESCAPE.test(spaced)) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `[k1, v1, k2, v2]` as an object; undefined when the list has an odd length or repeats a key. */
function pairsToObject(items: string[]): Record<string, string> | undefined {
  if (items.length % 2 !== 0) return undefined;
  const object: Record<string, string> = Object.create(null);
  for (let i = 0; i < items.length; i += 2) object[items[i]!] = items[i + 1]!;
  return { ...object };
}

/** `["k1=v1", "k2=v2"]` as an object; undefined when an item has no `=`. */
function assignmentsToObject(items: string[]): Record<string, string> | undefined {
  const object: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf("=");
    if (at < 0) return undefined;
    Object.defineProperty(object, item.slice(0, at), { value: item.slice(at + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Splits encoded `text` at `separator` and decodes each piece, so an encoded separator stays inside its value. */
function splitDecoded(text: string, separator: string | RegExp, plus = false): string[] {
  return text.split(separator).map((piece) => decode(piece, plus));
}

/** `items` (each decoded) in the parameter's shape, for the styles that list them (`simple`, `label`, form without explode, the delimited ones). */
function shaped(parameter: ModelParameter, items: string[], raw: string, assignments: boolean): ParsedValue {
  if (parameter.shape === "array") return items;
  if (parameter.shape === "object") return (assignments ? assignmentsToObject(items) : pairsToObject(items)) ?? raw;
  return raw;
}

/**
 * A path parameter from its matched segment (still percent-encoded): `simple` (`blue,black`),
 * `label` (`.blue,black`, exploded `.blue.black`), `matrix` (`;color=blue,black`, exploded
 * `;color=blue;color=black`, an exploded object `;R=100;G=200`).
 */
export function parsePathParameter(parameter: ModelParameter, segment: string): ParsedValue {
  const { style, explode, name } = parameter;
  if (style === "label") {
    if (!segment.startsWith(".")) return decode(segment);
    const body = segment.slice(1);
    if (parameter.shape === "primitive") return decode(body);
    return shaped(parameter, splitDecoded(body, explode ? "." : ","), decode(segment), explode);
  }
  if (style === "matrix") {
    if (!segment.startsWith(";")) return decode(segment);
    const parts = segment.slice(1).split(";");
    const prefix = `${name}=`;
    if (parameter.shape === "object" && explode) return assignmentsToObject(parts.map((part) => decode(part))) ?? decode(segment);
    if (parameter.shape === "array" && explode) {
      // `;color` alone is an empty list item, as RFC 6570 writes an empty value.
      return parts.every((part) => part === name || part.startsWith(prefix))
        ? parts.map((part) => decode(part.slice(prefix.length)))
        : decode(segment);
    }
    const [only] = parts;
    if (parts.length !== 1 || only === undefined) return decode(segment);
    if (only === name) return parameter.shape === "primitive" ? "" : [];
    if (!only.startsWith(prefix)) return decode(segment);
    const value = only.slice(prefix.length);
    if (parameter.shape === "primitive") return decode(value);
    return shaped(parameter, splitDecoded(value, ","), decode(value), false);
  }
  if (parameter.shape === "primitive") return decode(segment);
  return shaped(parameter, splitDecoded(segment, ","), decode(segment), explode);
}

const DELIMITERS = { form: ",", spaceDelimited: /%20|\+| /, pipeDelimited: /%7C|\|/i } as const;

/** The query string's pairs as sent: names and values still percent-encoded, in order. */
export function queryPairs(search: string): RawPair[] {
  const query = search.startsWith("?") ? search.slice(1) : search;
  if (query === "") return [];
  return query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      return at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    });
}

/**
 * A query parameter from the query's pairs (`pairs`, names decoded): `form` (`color=blue&color=black`,
 * or `color=blue,black` without explode; an exploded object is its own members, `R=100&G=200`),
 * `spaceDelimited` (`color=blue%20black`), `pipeDelimited` (`color=blue|black`) and `deepObject`
 * (`color[R]=100`). `claimed` receives the index of every pair the parameter read.
 */
export function parseQueryParameter(
  parameter: ModelParameter,
  pairs: readonly RawPair[],
  claimed: Set<number>,
  /** Names other parameters read: an exploded free-form object takes any pair but those. */
  others: ReadonlySet<string>,
): ParsedValue {
  const { name, style, explode, shape } = parameter;
  const indexes = (test: (pairName: string) => boolean) => pairs.flatMap(([pairName], index) => (test(pairName) ? [index] : []));
  if (style === "deepObject") {
    const object: Record<string, string> = {};
    let found = false;
    for (const index of indexes((pairName) => pairName.startsWith(`${name}[`) && pairName.endsWith("]"))) {
      claimed.add(index);
      found = true;
      const [pairName, value] = pairs[index]!;
      Object.defineProperty(object, pairName.slice(name.length + 1, -1), {
        value: decode(value, true),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return found ? object : undefined;
  }
  if (style === "form" && explode && shape === "object") {
    const properties = Object.keys((parameter.schema.properties as object | undefined) ?? {});
    const additional = parameter.schema.additionalProperties;
    const freeForm = properties.length === 0 || (additional !== undefined && additional !== false);
    const object: Record<string, string> = {};
    let found = false;
    for (const index of indexes((pairName) => properties.includes(pairName) || (freeForm && !others.has(pairName)))) {
      if (claimed.has(index)) continue;
      claimed.add(index);
      found = true;
      const [pairName, value] = pairs[index]!;
      Object.defineProperty(object, pairName, { value: decode(value, true), enumerable: true, writable: true, configurable: true });
    }
    return found ? object : undefined;
  }
  const mine = indexes((pairName) => pairName === name);
  for (const index of mine) claimed.add(index);
  if (mine.length === 0) return undefined;
  const values = mine.map((index) => pairs[index]![1]);
  if (shape === "array" && style === "form" && explode) return values.map((value) => decode(value, true));
  // A name sent twice where the style gives it once: the first, as most servers read it; the schema judges it.
  const raw = values[0]!;
  if (shape === "primitive") return decode(raw, true);
  if (raw === "") return shape === "array" ? [] : decode(raw, true);
  const delimiter = style === "form" ? DELIMITERS.form : style === "spaceDelimited" ? DELIMITERS.spaceDelimited : DELIMITERS.pipeDelimited;
  return shaped(parameter, splitDecoded(raw, delimiter, style === "form"), decode(raw, true), false);
}

/**
 * A header parameter from its value (`simple`: `blue,black`; an object `R,100,G,200`, exploded
 * `R=100,G=200`). Optional whitespace around each comma is HTTP's, not the value's.
 */
export function parseHeaderParameter(parameter: ModelParameter, value: string | null): ParsedValue {
  if (value === null) return undefined;
  if (parameter.shape === "primitive") return value;
  const items = value === "" ? [] : value.split(",").map((item) => item.trim());
  return shaped(parameter, items, value, parameter.explode);
}

/** The Cookie header's pairs as sent, in order (RFC 6265 §5.4: `name=value; name=value`). */
export function cookiePairs(header: string | null): RawPair[] {
  if (!header) return [];
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      return at < 0
        ? ["", pair]
        : [
            pair.slice(0, at).trim(),
            pair
              .slice(at + 1)
              .trim()
              .replace(/^"(.*)"$/, "$1"),
          ];
    });
}

/**
 * A cookie parameter (`form`): `color=blue,black` without explode; exploded, an array is the
 * cookie repeated and an object its members as cookies of their own (`R=100; G=200`).
 */
export function parseCookieParameter(parameter: ModelParameter, pairs: readonly RawPair[]): ParsedValue {
  const { name, shape, explode } = parameter;
  if (shape === "object" && explode) {
    const properties = Object.keys((parameter.schema.properties as object | undefined) ?? {});
    const object: Record<string, string> = {};
    let found = false;
    for (const [pairName, value] of pairs) {
      if (!properties.includes(pairName)) continue;
      found = true;
      Object.defineProperty(object, pairName, { value: decode(value), enumerable: true, writable: true, configurable: true });
    }
    return found ? object : undefined;
  }
  const values = pairs.filter(([pairName]) => pairName === name).map(([, value]) => value);
  if (values.length === 0) return undefined;
  if (shape === "array" && explode) return values.map((value) => decode(value));
  const raw = values[0]!;
  if (shape === "primitive") return decode(raw);
  return shaped(parameter, raw === "" ? [] : splitDecoded(raw, ","), decode(raw), false);
}
