/**
 * A request URL's path and query, read off the string. `new URL()` parsed the whole URL again
 * on every request, though a `Request`'s `url` is already a parsed and serialised URL, and
 * @hono/node-server passes the request target through unparsed only when it holds no
 * character, percent sign or dot segment that parsing would change. What is left to find is
 * where the path and the query start and end.
 */

/** The parts of a URL the pipeline reads: a `URL` has them too. */
export interface RequestTarget {
  /** As `URL.pathname`. */
  readonly pathname: string;
  /**
   * `""`, or `?` and the query without the fragment: a serialised URL's `URL.search`; a target
   * passed through may keep a character (`'`) that URL would percent-encode, so read it with
   * URLSearchParams, which gives the parameters `URL.searchParams` has either way.
   */
  readonly search: string;
}

/** `new URL(url)`'s `pathname` and `search`, without parsing an http(s) URL whose path is in place. */
export function targetOf(url: string): RequestTarget {
  const scheme = url.startsWith("http://") ? 7 : url.startsWith("https://") ? 8 : -1;
  const start = scheme === -1 ? -1 : url.indexOf("/", scheme);
  // Anything else (another scheme, no path) gets the parser's own answer.
  if (start === -1) return new URL(url);
  let end = url.length;
  const hash = url.indexOf("#", start);
  if (hash !== -1) end = hash;
  const question = url.indexOf("?", start);
  if (question !== -1 && question < end) {
    // As URL.search, an empty query is no search at all.
    return { pathname: url.slice(start, question), search: question + 1 === end ? "" : url.slice(question, end) };
  }
  return { pathname: url.slice(start, end), search: "" };
}
