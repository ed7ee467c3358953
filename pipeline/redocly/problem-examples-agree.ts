/**
 * Lint rule `hostup/problem-examples-agree`: every Problem example of one status carries
 * the same `code`, `title` and `type`. `pnpm generate` reads the error catalog from these
 * examples, so a disagreement is refused here, naming both files and lines.
 */
import type { Oas3Response, UserContext } from "@redocly/openapi-core";

type Seen = { value: string; where: string };
const MEMBERS = ["code", "title", "type"] as const;

export function ProblemExamplesAgree() {
  // status → member → the first example that set it
  const first = new Map<string, Map<string, Seen>>();
  return {
    Response: {
      enter(response: Oas3Response, { key, location, report }: UserContext) {
        const status = String(key);
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            const value = (example as { value?: Record<string, unknown> }).value;
            if (!value || typeof value !== "object") continue;
            for (const member of MEMBERS) {
              if (typeof value[member] !== "string") continue;
              const at = location.child(["content", mediaType, "examples", name, "value", member]);
              const where = `${at.source.absoluteRef.replace(/^.*?(spec\/)/, "$1")} (${name})`;
              const byMember = first.get(status) ?? new Map<string, Seen>();
              first.set(status, byMember);
              const seen = byMember.get(member);
              if (!seen) byMember.set(member, { value: value[member] as string, where });
              else if (seen.value !== value[member]) {
                report({
                  message: `${status} examples disagree on \`${member}\`: ${where} has ${JSON.stringify(value[member])}, ${seen.where} has ${JSON.stringify(seen.value)}.`,
                  location: at,
                });
              }
            }
          }
        }
      },
    },
  };
}
