/**
 * The README's example-name table is generated from the spec: every named example of every
 * documented response, under its operation and status, and nothing else.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { EXAMPLES_END, EXAMPLES_START, renderExampleTable, withExampleTable } from "../../pipeline/render-example-table.ts";
import { readmeFile } from "../../pipeline/render-client.ts";
import { operationIds, resolved, responses } from "../support/spec.ts";

const table = renderExampleTable(resolved);
const rows = table.split("\n").filter((line) => line.startsWith("| `"));
const statuses = table
  .split("\n")[1]!
  .split("|")
  .slice(2, -1)
  .map((cell) => cell.trim());

describe("the README's example-name table", () => {
  test("has a row per operation, and each documented status's cell names exactly its examples", () => {
    expect(rows.map((row) => row.split("|")[1]!.trim())).toEqual(operationIds.map((id) => `\`${id}\``));
    for (const [index, operationId] of operationIds.entries()) {
      const cells = rows[index]!.split("|")
        .slice(2, -1)
        .map((cell) => cell.trim());
      const documented = Object.fromEntries(responses(operationId).map((r) => [String(r.status), Object.keys(r.examples)]));
      for (const [column, status] of statuses.entries()) {
        const expected = documented[status] ? documented[status].map((name) => `\`${name}\``).join(", ") || "(no example)" : "";
        expect(cells[column], `${operationId} ${status}`).toBe(expected);
      }
    }
  });

  test("has a column for every status some operation documents", () => {
    expect(new Set(statuses)).toEqual(new Set(operationIds.flatMap((id) => responses(id).map((r) => String(r.status)))));
  });

  test("is what README.md holds between its markers", async () => {
    const readme = await readFile(readmeFile, "utf8");
    expect(readme).toContain(table);
    expect(withExampleTable(readme, table)).toBe(readme);
  });

  test("replaces only the block between the markers, and refuses a README without them", () => {
    const readme = `intro\n${EXAMPLES_START}\nold\n${EXAMPLES_END}\noutro\n`;
    expect(withExampleTable(readme, "NEW")).toBe("intro\nNEW\noutro\n");
    expect(() => withExampleTable("no markers", table)).toThrow(/markers/);
  });
});
