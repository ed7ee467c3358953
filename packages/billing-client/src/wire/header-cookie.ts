/**
 * Header (`simple`) and cookie (`form`) parameter styles. A header or a cookie is not a URL, so
 * values are sent as they are, not percent-encoded (OpenAPI 3.1.1 Appendix D; OpenAPI 3.2's
 * `cookie` style says the same for cookies): a value that needs escaping must be given escaped.
 * What could split or garble the header is refused instead of sent: any character outside
 * printable ASCII (CR and LF would end it, fetch refuses other bytes) and `;`, which starts a
 * new cookie in `Cookie` and a parameter in any other header (RFC 9110 §5.6.6).
 */
import { InvalidArgumentError } from "../errors.ts";
import { expand, type Style } from "./expand.ts";

/** Refuses, naming the parameter, any name or value that is not printable ASCII without `;`. */
const field = (name: string) => (text: string) => {
  if (!/^[ -:<-~]*$/.test(text)) throw new InvalidArgumentError(name, "must be printable ASCII without ;");
  return text;
};

/** The header's value: `blue`, `blue,black,brown`, `R,100,G,200,B,150`; exploded object `R=100,G=200,B=150`. */
export const headerSimple: Style = (name, value, explode) => expand(name, value, explode, field(name), "", ",");

/**
 * The `name=value` pairs for the `Cookie` header, joined with `; ` (RFC 6265 §4.2.1):
 * `color=blue`, `color=blue,black,brown`; exploded `color=blue; color=black`, `R=100; G=200`.
 */
export const cookieForm: Style = (name, value, explode) => expand(name, value, explode, field(name), "", "; ", "=");
