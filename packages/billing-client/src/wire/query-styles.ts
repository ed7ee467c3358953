/**
 * Query parameter styles (OpenAPI 3.1 `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`):
 * each returns its `name=value` pairs joined with `&`, without the `?`, so the core joins the
 * parameters with `&` and adds the `?` once; "" when the value is undefined, null, `[]` or `{}`.
 * Names and values are percent-encoded per RFC 3986 (a space is `%20`, never `+`), or with
 * `allowReserved` as percent-encode.ts says.
 *
 * The combinations the specification leaves undefined (n/a in its table) are not refused: a
 * primitive with a delimited style is sent as form sends it, an exploded delimited style is
 * exploded form, and deepObject is always exploded (its default `explode: false` is undefined).
 */
import { isObject } from "../errors.ts";
import { expand, type Style } from "./expand.ts";
import { percentEncode } from "./percent-encode.ts";

/** `color=blue`, `color=` for "", `color=blue,black,brown`; exploded `color=blue&color=black`, `R=100&G=200`. */
export const queryForm: Style = (name, value, explode, allowReserved) =>
  expand(name, value, explode, (text) => percentEncode(text, allowReserved), "", "&", "=");

/** `color=blue%20black%20brown`, `color=R%20100%20G%20200`. */
export const querySpaceDelimited: Style = (name, value, explode, allowReserved) =>
  expand(name, value, explode, (text) => percentEncode(text, allowReserved), "", "&", "=", "%20");

/** `color=blue%7Cblack%7Cbrown`, `color=R%7C100%7CG%7C200`. */
export const queryPipeDelimited: Style = (name, value, explode, allowReserved) =>
  expand(name, value, explode, (text) => percentEncode(text, allowReserved), "", "&", "=", "%7C");

/** `color%5BR%5D=100&color%5BG%5D=200`: an object's properties as `name[key]`; nested objects are refused. */
export const queryDeepObject: Style = (name, value, _explode, allowReserved) =>
  queryForm(
    name,
    isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [`${name}[${key}]`, item])) : value,
    true,
    allowReserved,
  );
