/**
 * The table "Differences between the mocks" in packages/billing-mock/README.md, read as the
 * conformance test's list of allowed differences: a difference the table does not list fails
 * the test, and so does a row no probe still finds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../../pipeline/paths.ts";

export const README = join(root, "packages/billing-mock/README.md");
const SECTION = "## Differences between the mocks";

/** What one mock answered, as the test compares it. */
export interface Outcome {
  status: number;
  /** The Problem `code`, if the answer is a Problem document. */
  code?: string;
  /** The media type of the answer, without parameters. */
  mediaType?: string;
}

/** An answer as a table cell gives it: a status (`404`) or a class (`2xx`), and a Problem `code` or none. */
export interface Expected {
  status: string;
  code?: string;
}

export interface Difference {
  /** An operationId, or `any`. */
  operation: string;
  probe: string;
  prism: Expected;
  stateful: Expected;
  why: string;
}

function cellAnswer(cell: string, line: string): Expected {
  const match = /^(\dxx|\d{3})(?: +`([a-z_]+)`)?$/.exec(cell);
  if (!match) throw new Error(`${README}: "${cell}" is not an answer (e.g. 2xx, or 401 \`unauthorized\`) in: ${line}`);
  return { status: match[1]!, ...(match[2] ? { code: match[2] } : {}) };
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, "$1");

/** The rows of the table, in order. Throws when the section or its table is missing or malformed. */
export function documentedDifferences(text = readFileSync(README, "utf8")): Difference[] {
  const start = text.indexOf(`\n${SECTION}\n`);
  if (start === -1) throw new Error(`${README} has no "${SECTION}" section`);
  const body = text.slice(start + SECTION.length + 2);
  const section = body.slice(0, body.search(/\n## /) === -1 ? undefined : body.search(/\n## /));
  const rows = section.split("\n").filter((line) => line.startsWith("|"));
  if (rows.length < 2) throw new Error(`${README}: "${SECTION}" has no table`);
  return rows.slice(2).map((line) => {
    const cells = line
      .slice(1, -1)
      .split(" | ")
      .map((cell) => cell.trim());
    if (cells.length !== 5) throw new Error(`${README}: a row of "${SECTION}" needs 5 cells: ${line}`);
    const [operation, probe, prism, stateful, why] = cells as [string, string, string, string, string];
    return {
      operation: unquote(operation),
      probe: unquote(probe),
      prism: cellAnswer(prism, line),
      stateful: cellAnswer(stateful, line),
      why,
    };
  });
}

/** Whether an outcome is the answer a cell gives. */
export function matches(expected: Expected, outcome: Outcome): boolean {
  const status = expected.status.endsWith("xx")
    ? String(outcome.status).startsWith(expected.status[0]!)
    : String(outcome.status) === expected.status;
  return status && outcome.code === expected.code;
}
