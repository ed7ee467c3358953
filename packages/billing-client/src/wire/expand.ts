/**
 * RFC 6570 §3.2 expansion of one variable: the shape every OpenAPI 3.1 parameter style shares.
 * The style modules differ only in the few characters they pass in, so each style costs a line.
 */
import { InvalidArgumentError, isObject } from "../errors.ts";

/**
 * The signature of every parameter serializer (path, query, header and cookie), so the client
 * core calls them all the same way: the parameter's `name` in the spec, the caller's `value`,
 * the parameter's `explode` (the spec's default: `true` for form, else `false`) and, for the
 * query, its `allowReserved`. Returns the serialized fragment; "" when the value is undefined.
 */
export type Style = (name: string, value: unknown, explode: boolean, allowReserved?: boolean) => string;

/**
 * `value` as [key, text] pairs, as an exploded form sends them: an array's items under `name`,
 * an object's properties under their own names, a primitive under `name`. Undefined and null
 * members are left out (RFC 6570 §2.3: they are undefined), so `[]`, `{}`, `null` and
 * `undefined` give no pair at all. Members must be strings, booleans or finite numbers: the
 * specification defines no serialization of nested arrays or objects, and `at` names the
 * argument refused.
 */
export function members(name: string, value: unknown, at = name): [string, string][] {
  return (Array.isArray(value) ? value.map((item) => [name, item]) : isObject(value) ? Object.entries(value) : [[name, value]])
    .filter(([, item]) => item != null)
    .map(([key, item]) => {
      if (typeof item == "string" || typeof item == "boolean" || Number.isFinite(item)) return [key, String(item)];
      throw new InvalidArgumentError(at, "must hold only strings, finite numbers and booleans");
    });
}

/**
 * RFC 6570 expansion of `name` = `value`: `first` starts it, `sep` separates exploded members,
 * `ifEmpty` (given only for named styles: matrix, form) follows a name whose value is "", and
 * `join` separates the members of an unexploded value (`,` in RFC 6570; the delimited query
 * styles pass an encoded space or pipe). `encode` is applied to every name and value.
 */
export function expand(
  name: string,
  value: unknown,
  explode: boolean,
  encode: (text: string) => string,
  first: string,
  sep: string,
  ifEmpty?: string,
  join = ",",
): string {
  const object = isObject(value);
  // Not map(encode): map's index argument would reach an encoder's second parameter.
  const pairs = members(name, value).map((pair) => pair.map((text) => encode(text)));
  if (!pairs.length) return "";
  const named = ifEmpty != null;
  if (explode) return first + pairs.map(([key, text]) => (named || object ? key + (named && !text ? ifEmpty : "=") : "") + text).join(sep);
  const text = pairs.flatMap(([key, text]) => (object ? [key, text] : [text])).join(join);
  return first + (named ? encode(name) + (text ? "=" : ifEmpty) : "") + text;
}
