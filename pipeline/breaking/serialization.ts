/**
 * How a parameter or header value is written on the wire: its `style` and `explode`, with
 * OpenAPI's defaults filled in, so that a value spelled out and the same value left to
 * its default compare equal.
 */
type Serialized = { in?: string; style?: unknown; explode?: unknown };

const DEFAULT_STYLE: Record<string, string> = { query: "form", cookie: "form", path: "simple", header: "simple" };

/** `style=… explode=…` as a client would send it; `location` is the parameter's `in` (`header` for a response header). */
// Stryker disable next-line StringLiteral: with no `in`, any unknown location serialises as form, exploded, as "query" does
export function serialization(value: Serialized, location = value.in ?? "query"): string {
  const style = typeof value.style === "string" ? value.style : (DEFAULT_STYLE[location] ?? "form");
  const explode = typeof value.explode === "boolean" ? value.explode : style === "form";
  return `style=${style} explode=${explode}`;
}

/** True when an array parameter repeats its name per item (`?id=1&id=2`): one value alone is then a one-item array. */
// Stryker disable next-line StringLiteral: with no `in`, any unknown location serialises as form, exploded, as "query" does
export function formExploded(value: Serialized, location = value.in ?? "query"): boolean {
  return serialization(value, location) === "style=form explode=true";
}
