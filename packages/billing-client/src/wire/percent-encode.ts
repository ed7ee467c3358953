/**
 * RFC 3986 percent-encoding for URL parameter values (UTF-8), shared by the path and query styles.
 *
 * Without `allowReserved` only the unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay as they
 * are; encodeURIComponent alone would also leave `! ' ( ) *`, which are reserved.
 *
 * With `allowReserved` (RFC 6570 reserved expansion, as OpenAPI 3.1.1 defines it), the reserved
 * characters and already percent-encoded triples pass through unchanged, except the ones the
 * specification leaves the application to encode: `#`, `[` and `]` (not allowed in a query) and
 * `&`, `=` and `+` (delimiters of a form-urlencoded query). Sent raw, `#` would cut the URL and
 * `&` would add a parameter. A `%` that starts no triple is still encoded.
 *
 * A lone surrogate becomes U+FFFD, as URLSearchParams and TextEncoder do, where
 * encodeURIComponent would throw a URIError.
 */
export const percentEncode = (text: string, allowReserved?: boolean): string =>
  encodeURIComponent(text.toWellFormed()).replace(allowReserved ? /%(2[4CF]|3[ABF]|40)|%25(?=[\da-f]{2})/gi : /[!'()*]/g, (match) =>
    allowReserved
      ? // "%25" before two hex digits is the "%" of a triple; the rest are reserved characters.
        match[2] == "5"
        ? "%"
        : decodeURIComponent(match)
      : "%" + match.charCodeAt(0).toString(16).toUpperCase(),
  );
