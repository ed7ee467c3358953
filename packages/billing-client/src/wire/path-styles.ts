/**
 * Path parameter styles (OpenAPI 3.1 `simple`, `label`, `matrix`): each returns the text that
 * replaces `{name}` in the path template, percent-encoded per RFC 3986 so that no value adds a
 * `/`, `?` or `#`.
 */
import { InvalidArgumentError } from "../errors.ts";
import { expand, type Style } from "./expand.ts";
import { percentEncode } from "./percent-encode.ts";

// A path value never walks the URL: as a whole segment, "" would drop a level of the path and
// "." or ".." would climb it (label style turns "" into "." and "." into ".."). An undefined
// value expands to "", so a missing path parameter is refused here too.
function segment(name: string, text: string): string {
  if (/^\.{0,2}$/.test(text)) throw new InvalidArgumentError(name, "must not expand to empty, . or ..");
  return text;
}

/** `blue`, `blue,black,brown`, `R,100,G,200,B,150`; exploded object `R=100,G=200,B=150`. */
export const pathSimple: Style = (name, value, explode) => segment(name, expand(name, value, explode, percentEncode, "", ","));

/** `.blue`, `.blue,black,brown`; exploded `.blue.black.brown`, `.R=100.G=200.B=150`. */
export const pathLabel: Style = (name, value, explode) => segment(name, expand(name, value, explode, percentEncode, ".", "."));

/** `;color=blue`, `;color` for "", `;color=blue,black,brown`; exploded `;color=blue;color=black`, `;R=100;G=200`. */
export const pathMatrix: Style = (name, value, explode) => segment(name, expand(name, value, explode, percentEncode, ";", ";", ""));
