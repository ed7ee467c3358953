/**
 * Whether a request's `Accept` (RFC 9110 §12.5.1) admits any media type an operation answers
 * with. The mocks answer each status with its one documented media type, so the only choice
 * content negotiation leaves them is to refuse (406) an `Accept` that rules out every one.
 */

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(",")) {
    const [range = "", ...parameters] = part.split(";");
    const [type = "", subtype = ""] = range.trim().toLowerCase().split("/", 2);
    if (!type || !subtype) continue;
    let q = 1;
    for (const parameter of parameters) {
      const [name = "", value = ""] = parameter.split("=", 2).map((s) => s.trim());
      if (name.toLowerCase() === "q") q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 1;
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** How specific `range` is for `mediaType` (3 exact, 2 `type/*`, 1 `*\/*`), or 0 when it does not match. */
function specificity(range: Range, type: string, subtype: string): number {
  if (range.type === type && range.subtype === subtype) return 3;
  if (range.type === type && range.subtype === "*") return 2;
  if (range.type === "*" && range.subtype === "*") return 1;
  return 0;
}

/**
 * True when `accept` is absent or empty, or when its most specific range matching one of
 * `offered` gives that media type a q above 0. A header with no well-formed range at all is
 * treated as absent, as RFC 9110 lets a server disregard a header it cannot parse.
 */
export function acceptsAny(accept: string | null, offered: readonly string[]): boolean {
  if (accept === null || accept.trim() === "") return true;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return true;
  return offered.some((mediaType) => {
    const [type = "", subtype = ""] = mediaType.toLowerCase().split("/", 2);
    let best: Range | undefined;
    let bestScore = 0;
    for (const range of ranges) {
      const score = specificity(range, type, subtype);
      if (score > bestScore) [best, bestScore] = [range, score];
    }
    return best !== undefined && best.q > 0;
  });
}
