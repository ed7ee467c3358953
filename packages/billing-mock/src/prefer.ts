/**
 * The scenario words of a request's `Prefer` header (RFC 7240): `code=<status>` and
 * `example=<name>` as Prism reads them, `delay=<ms>` and `fault=reset`. Preferences are
 * separated by commas (Prism also takes semicolons, and so does this); values may be quoted;
 * other preferences are ignored, as RFC 7240 asks.
 */
import { ScenarioError, type ScenarioWords } from "./scenarios.ts";

const WORDS = new Set(["code", "example", "delay", "fault"]);

/** The words found, or undefined when the header holds none of them. Throws ScenarioError on a malformed value. */
export function preferWords(header: string): ScenarioWords | undefined {
  let words: ScenarioWords | undefined;
  for (const preference of header.split(/[,;]/)) {
    const equals = preference.indexOf("=");
    if (equals === -1) continue;
    const name = preference.slice(0, equals).trim().toLowerCase();
    if (!WORDS.has(name)) continue;
    const value = preference
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    words ??= {};
    if (name === "example" || name === "fault") words[name] = value;
    else {
      if (!/^\d{1,9}$/.test(value)) {
        throw new ScenarioError(
          `/${name}`,
          `Prefer: ${name} must be a whole number${name === "code" ? " (an HTTP status)" : " of milliseconds"}; got ${JSON.stringify(value)}.`,
        );
      }
      words[name as "code" | "delay"] = Number(value);
    }
  }
  return words;
}
