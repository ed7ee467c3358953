/**
 * A value checked against its JSON Schema before anything is sent, in the compact form the
 * generated operation table carries (one-letter keys, so a schema costs few bytes per operation):
 *
 * - `t`: `type`, one name or a list (`"integer"`, `["string", "null"]`)
 * - `e`: `enum`, compared as JSON values (deep, key order ignored). A `const` is written as a
 *   one-member `e`, which JSON Schema says it is equivalent to (with both, `e` holds the members
 *   equal to the `const`)
 * - `x`: `pattern`, compiled by `pnpm generate` (with the `u` flag, as JSON Schema's ECMA-262
 *   regular expressions are); `f`: the `format` that `pnpm generate` wrote into `x`, named in
 *   the message because it says more to a person than the pattern
 * - `g`: the lower bound of a number (the stricter of `minimum` and `exclusiveMinimum`), with `G: 1`
 *   when it is exclusive; `l` and `L`: the upper bound (`maximum`, `exclusiveMaximum`) alike
 * - `o`: `oneOf` (exactly one branch passes); `a`: `anyOf` (at least one does)
 * - `i`: `items`, the schema of every item of an array
 * - `p`: `properties`, each property's schema, with `r: 1` when `required` names it. `r: 1` on
 *   the schema of a whole body or parameter says it is required too: `undefined` is absent.
 *
 * Each keyword applies only to the values it is about, as in JSON Schema (`x` to strings, `i` to
 * arrays, `p` to objects), so a valid value is never refused. An absent (undefined) property is
 * fine unless required; an undefined array item is checked as the null JSON sends for it.
 */
import { InvalidArgumentError, isObject } from "../errors.ts";

export interface ValueSchema {
  t?: string | string[];
  e?: unknown[];
  x?: RegExp;
  f?: string;
  g?: number;
  G?: 1;
  l?: number;
  L?: 1;
  o?: ValueSchema[];
  a?: ValueSchema[];
  i?: ValueSchema;
  p?: Record<string, ValueSchema>;
  r?: 1;
}

/** JSON Schema's `type`s other than string and boolean; a number must be finite (JSON cannot carry NaN or Infinity). */
const TYPES: Record<string, (value: unknown) => boolean> = {
  integer: Number.isInteger,
  number: Number.isFinite,
  array: Array.isArray,
  object: isObject,
  null: (value) => value === null,
};

/** A value's JSON text with each object's keys sorted: JSON Schema's equality (key order ignored) as string equality. */
const json = (value: unknown) =>
  JSON.stringify(value, (_, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );

/** Refuses `value` unless it is valid per `schema`, with an InvalidArgumentError naming the path at fault (`body.items[0].email`). */
export function checkValue(at: string, value: unknown, schema: ValueSchema): void {
  const { t, e, x, g, G, l, L, o, a, i, p } = schema;
  const types = [t ?? []].flat();
  const passes = (branch: ValueSchema) => {
    try {
      checkValue(at, value, branch);
      return true;
    } catch {
      return false;
    }
  };
  // The first keyword that fails, as a message; an absent value fails only `r`.
  const problem =
    value === undefined
      ? schema.r && "is required"
      : types[0] && !types.some((type) => (TYPES[type] ?? ((value) => typeof value == type))(value))
        ? `must be of type ${types.join(" or ")}`
        : e && !e.map(json).includes(json(value))
          ? `must be one of ${json(e)}`
          : x && typeof value == "string" && !x.test(value)
            ? `must ${schema.f ? `be in ${schema.f} format` : `match ${x.source}`}`
            : typeof value == "number" && (value < g! || (G && value == g) || value > l! || (L && value == l))
              ? `must be in ${G ? "(" : "["}${g ?? ""},${l ?? ""}${L ? ")" : "]"}`
              : o && o.filter(passes).length != 1
                ? "must match exactly one oneOf schema"
                : a && !a.some(passes) && "must match an anyOf schema";
  if (problem) throw new InvalidArgumentError(at, problem);
  if (i && Array.isArray(value)) for (const [index, item] of value.entries()) checkValue(`${at}[${index}]`, item ?? null, i);
  if (p && isObject(value)) for (const key in p) checkValue(`${at}.${key}`, Object.hasOwn(value, key) ? value[key] : undefined, p[key]!);
}
