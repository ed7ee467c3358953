/**
 * Lint rule `hostup/no-script-in-prose`: no description, summary, title, name or URL of the
 * spec, and no string of a vendor extension, holds HTML or a URL that could run script in the
 * API reference (see script-in-markup.ts for what counts). Descriptions are Markdown; raw HTML
 * that carries script has no place in them, however it is spelled. Redocly's own
 * `no-unsafe-markdown` reads only `description`, and misses a `>` inside a quoted attribute.
 */
import type { Location, UserContext } from "@redocly/openapi-core";
import { scriptInMarkup } from "./script-in-markup.ts";

/**
 * The members Redoc renders as Markdown (description) or as text and links beside it, in
 * the standard objects and the extensions Redocly types (x-logo, x-tagGroups, x-codeSamples).
 */
const PROSE_KEYS = ["description", "summary", "title", "name", "label", "altText", "url", "href", "termsOfService"] as const;

type Report = UserContext["report"];

function check(text: string, key: string, location: Location, report: Report): void {
  const findings = scriptInMarkup(text);
  if (findings.length === 0) return;
  report({
    message:
      `\`${key}\` could run script in the API reference: ${findings.join("; ")}. ` +
      "Write it as Markdown without raw HTML event handlers, script URLs or script-bearing elements.",
    location,
  });
}

/** Every string inside an extension's value, each reported where it stands. */
function checkExtension(value: unknown, key: string, location: Location, report: Report): void {
  if (typeof value === "string") check(value, key, location, report);
  else if (Array.isArray(value)) value.forEach((item, index) => checkExtension(item, key, location.child([index]), report));
  else if (value && typeof value === "object") {
    for (const [member, item] of Object.entries(value)) checkExtension(item, member, location.child([member]), report);
  }
}

export function NoScriptInProse() {
  return {
    any(node: unknown, { type, key, location, report }: UserContext) {
      // Extensions are free-form: Redoc and other tools render several of them (x-displayName, x-logo, x-tagGroups).
      if (type.name === "SpecExtension") return checkExtension(node, String(key), location, report);
      if (!node || typeof node !== "object" || Array.isArray(node)) return;
      for (const member of PROSE_KEYS) {
        const value = (node as Record<string, unknown>)[member];
        if (typeof value === "string") check(value, member, location.child([member]), report);
      }
    },
  };
}
