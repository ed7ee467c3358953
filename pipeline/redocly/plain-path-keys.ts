/**
 * Lint rule `hostup/plain-path-keys`: every key of `paths` is a plain absolute path. The
 * client, the mocks and the docs put these keys into URLs as they are, so a key that
 * traverses (`/billing/../../admin`), hides a traversal in percent-encoding (`%2e%2e`, `%2F`),
 * or uses a character that only looks like one of RFC 3986's (`․` U+2024, `．` U+FF0E) would
 * send a request somewhere other than where the spec seems to say. Reported at the key.
 */
import type { UserContext } from "@redocly/openapi-core";

// RFC 3986 pchar without pct-encoded: unreserved / sub-delims / ":" / "@".
const PCHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]$/;
// A path template's name, as the client and mocks bind it to a parameter.
const TEMPLATE = /^\{[A-Za-z0-9_.-]+\}/;

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why `segment` of a path key is refused; undefined when it is plain. */
function segmentProblem(segment: string): string | undefined {
  if (segment === "") return "has an empty segment (`//`)";
  if (segment === "." || segment === "..") return `has the dot segment \`${segment}\`, which walks the path instead of naming a resource`;
  for (let rest = segment; rest !== "";) {
    const template = TEMPLATE.exec(rest);
    if (template) {
      rest = rest.slice(template[0].length);
      continue;
    }
    const char = String.fromCodePoint(rest.codePointAt(0)!);
    if (char === "{" || char === "}") return `has a template that is not \`{name}\` with a name of [A-Za-z0-9_.-] in \`${segment}\``;
    if (!PCHAR.test(char)) {
      return `holds ${JSON.stringify(char)} (${codePoint(char)}), which is not one of RFC 3986's path characters (letters, digits, -._~!$&'()*+,;=:@)`;
    }
    rest = rest.slice(char.length);
  }
  return undefined;
}

/** Why a `paths` key is refused; undefined when it is a plain absolute path. */
export function pathKeyProblem(key: string): string | undefined {
  if (!key.startsWith("/")) return "does not start with `/`";
  if (key === "/") return undefined;
  const percent = key.indexOf("%");
  if (percent !== -1) {
    return `holds a percent-encoding (\`${key.slice(percent, percent + 3)}\`): write the character itself, or leave it out if it is \`/\` or a dot`;
  }
  if (key.endsWith("/")) return "ends with `/`";
  for (const segment of key.slice(1).split("/")) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return undefined;
}

export function PlainPathKeys() {
  return {
    Paths(paths: Record<string, unknown>, { location, report }: UserContext) {
      for (const key of Object.keys(paths)) {
        const problem = pathKeyProblem(key);
        // Redocly percent-decodes pointer segments when it looks up a line: `%` must reach it as `%25`.
        if (problem) report({ message: `Path \`${key}\` ${problem}.`, location: location.child([key.replaceAll("%", "%25")]).key() });
      }
    },
  };
}
