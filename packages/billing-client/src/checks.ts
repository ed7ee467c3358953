/** The checks of the client's options that refuse a call before anything is sent. */
import { InvalidArgumentError } from "./errors.ts";

// RFC 6265 cookie-octet: visible ASCII except DQUOTE, comma, semicolon and backslash. It holds
// every RFC 6750 bearer token, and nothing that could end a header or add a cookie.
const SECRET = /^[!#-+\--:<-[\]-~]+$/;

export function checkBaseUrl(value: string): string {
  // Origin plus path only: no credentials (`@`), and no `?` or `#`, even an empty one, since
  // everything after it would swallow the operation's path. No brace either, since braces mark
  // the path's parameters, and no white space.
  if (!/^https?:\/\/[^\s{}@?#]+$/i.test(value)) {
    throw new InvalidArgumentError("baseUrl", "must be http(s)://host[:port][/path]");
  }
  // Trailing slashes cut. The lookbehind lets a match start only at the first slash of a run:
  // /\/+$/ alone would start again at each slash of a long run, quadratic in its length.
  return value.replace(/(?<!\/)\/+$/, "");
}

/** The secret `value` checked; never echoes the value: tokens, keys and sessions are secrets. */
export function checkSecret(argument: string, value: unknown, secrets: string[]): string {
  if (typeof value !== "string" || !SECRET.test(value)) {
    throw new InvalidArgumentError(argument, `must be non-empty visible ASCII except " , ; \\`);
  }
  // Remembered for readText() as sent and in its JSON spelling with `\/`, once each, and at most
  // 8: a credential function may rotate its value forever. The first (a fixed credential, or the
  // first value) stays; the oldest after it goes. One shorter than 8 characters is a toy value:
  // cutting it out would garble the body (a token "e" is in every `true`).
  if (value[7] && !secrets.includes(value) && secrets.push(value, value.replaceAll("/", "\\/")) > 16) secrets.splice(2, 2);
  return value;
}
