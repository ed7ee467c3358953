/**
 * Content negotiation by a request's `Accept` (RFC 9110 §12.5.1): whether it admits any media
 * type an operation answers with (else 406), and which of an answer's documented media types
 * it prefers when the spec gives that answer in more than one (JSON and XML, say).
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

/** The q `ranges` give `mediaType`: that of its most specific matching range, 0 when none matches. */
function qualityOf(ranges: readonly Range[], mediaType: string): number {
  const [type = "", subtype = ""] = mediaType.toLowerCase().split("/", 2);
  let best: Range | undefined;
  let bestScore = 0;
  for (const range of ranges) {
    const score = specificity(range, type, subtype);
    if (score > bestScore) [best, bestScore] = [range, score];
  }
  return best?.q ?? 0;
}

/** The well-formed ranges of `accept`; none when it is absent, empty or has no well-formed range (RFC 9110 lets a server disregard it). */
function rangesOf(accept: string | null): Range[] {
  return accept === null || accept.trim() === "" ? [] : parseAccept(accept);
}

/**
 * True when `accept` is absent or empty, or when its most specific range matching one of
 * `offered` gives that media type a q above 0. A header with no well-formed range at all is
 * treated as absent, as RFC 9110 lets a server disregard a header it cannot parse.
 */
export function acceptsAny(accept: string | null, offered: readonly string[]): boolean {
  const ranges = rangesOf(accept);
  return ranges.length === 0 || offered.some((mediaType) => qualityOf(ranges, mediaType) > 0);
}

/**
 * Of the media types one answer is documented in, the one `accept` prefers: the highest q,
 * the spec's order between equals. The first when `accept` is absent or admits none of them
 * (whether the request is acceptable at all is `acceptsAny`'s question, over every answer).
 */
export function preferredMediaType(accept: string | null, offered: readonly string[]): string | undefined {
  const ranges = rangesOf(accept);
  if (ranges.length === 0) return offered[0];
  let chosen = offered[0];
  let chosenQ = 0;
  for (const mediaType of offered) {
    const q = qualityOf(ranges, mediaType);
    if (q > chosenQ) [chosen, chosenQ] = [mediaType, q];
  }
  return chosen;
}
