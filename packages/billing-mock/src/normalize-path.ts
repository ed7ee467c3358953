/**
 * RFC 3986 §6.2.2.2: a percent-encoded unreserved character (ALPHA, DIGIT, `-`, `.`, `_`, `~`)
 * is the same URI as the character itself, so `/payment%2Dmethods` must reach the operation at
 * `/payment-methods`. Reserved characters stay encoded: `%2F` is data, not a path separator.
 */
const ENCODED = /%([0-9A-Fa-f]{2})/g;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** The path with its percent-encoded unreserved characters decoded; any other escape is kept as sent. */
export function normalizePath(path: string): string {
  // The common case, a path without escapes, costs one scan.
  if (!path.includes("%")) return path;
  return path.replace(ENCODED, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape;
  });
}
