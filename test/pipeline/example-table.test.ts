/**
 * The README's example-name table is generated from the spec: every named example of every
 * documented response, under its operation and status, and nothing else.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { EXAMPLES_END, EXAMPLES_START, renderExampleTable, withExampleTable } from "../../pipeline/render-example-table.ts";
import { readmeFile } from "../../pipeline/render-client.ts";
import { loadFixture } from "../support/construct-fixture.ts";
import { operationIds, resolved, responses } from "../support/spec.ts";

// Rendered inside each test: a mutant is switched on after a test file's top level has run.
function render(spec = resolved) {
  const table = renderExampleTable(spec);
  const rows = table.split("\n").filter((line) => line.startsWith("| `"));
  const statuses = table
    .split("\n")[1]!
    .split("|")
    .slice(2, -1)
    .map((cell) => cell.trim());
  return { table, rows, statuses };
}

describe("the README's example-name table", () => {
  test("has a row per operation, and each documented status's cell names exactly its examples", () => {
    const { rows, statuses } = render();
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
    const { statuses } = render();
    expect(new Set(statuses)).toEqual(new Set(operationIds.flatMap((id) => responses(id).map((r) => String(r.status)))));
  });

  test("is what README.md holds between its markers", async () => {
    const { table } = render();
    const readme = await readFile(readmeFile, "utf8");
    expect(readme).toContain(table);
    expect(withExampleTable(readme, table)).toBe(readme);
  });

  test("replaces only the block between the markers, and refuses a README without them", () => {
    const readme = `intro\n${EXAMPLES_START}\nold\n${EXAMPLES_END}\noutro\n`;
    expect(withExampleTable(readme, "NEW")).toBe("intro\nNEW\noutro\n");
    expect(() => withExampleTable("no markers", render().table)).toThrow("README.md lacks the example-name table's markers");
  });
});

describe("the example-name table of the construct fixture", () => {
  test("has a column per status in sorted order, ranges and default included, and a row per operation", async () => {
    const { table, rows } = render((await loadFixture()).resolved);
    const lines = table.split("\n");
    expect(lines[0]).toBe(EXAMPLES_START);
    expect(lines[1]).toBe("| operation | 200 | 201 | 204 | 2XX | 400 | 401 | 404 | default |");
    expect(lines[2]).toBe("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    expect(lines.at(-1)).toBe(EXAMPLES_END);
    expect(rows).toHaveLength(17);
    // Two examples of one status, in the spec's order; a documented status without any; a status not documented.
    expect(rows).toContain("| `createPayment` |  | `card`, `bankTransfer` |  |  | `invalid_request` |  |  |  |");
    expect(rows).toContain("| `cancelJob` |  |  | (no example) |  |  |  | `not_found` |  |");
    expect(rows).toContain("| `refreshCache` |  |  |  | `refreshed` |  | `unauthorized` |  |  |");
    expect(rows.at(-1)).toBe("| `getHealth` |  |  |  |  |  |  |  | `ok` |");
  });
});
