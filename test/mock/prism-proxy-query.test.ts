/**
 * What `prism proxy` (behind the front) forwards to its upstream for an array query
 * parameter: Prism parses the query and writes it again, and without a fix writes the comma
 * that delimits a form array without explode as `%2C`, which the upstream reads as one value.
 * The grown spec has such a parameter; the upstream is a plain server that records the raw
 * request target it was sent.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, test } from "vitest";
import { startPrismMock } from "../../pipeline/prism-front.ts";
import { growSpec } from "../support/grown-spec.ts";
import { wireParameters } from "../support/parameter-wire.ts";
import { TOKEN } from "../contract/cases.ts";

const grown = await growSpec();
const seen: string[] = [];
const upstream = createServer((request, response) => {
  seen.push(request.url ?? "");
  response.writeHead(500, { "Content-Type": "application/problem+json" }).end("{}");
});
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
const proxy = await startPrismMock({
  host: "127.0.0.1",
  port: 0,
  spec: grown.bundled,
  upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
  await grown.close();
});

const candidates = Object.values(grown.model.operations).flatMap((operation) =>
  operation.parameters
    .filter((p) => p.in === "query" && p.style === "form" && !p.explode && p.shape === "array" && Array.isArray(p.example))
    .map((parameter) => ({ operation, parameter })),
);

test("forwards the commas of a form array without explode as delimiters, not as %2C", async () => {
  const [found] = candidates;
  expect(found, "the grown spec has a form array query parameter without explode").toBeDefined();
  const { operation, parameter } = found!;
  const values = Object.fromEntries(operation.parameters.filter((p) => p.example !== undefined).map((p) => [p.name, p.example]));
  const items = parameter.example as unknown[];
  expect(items.length, "its example has two or more items").toBeGreaterThan(1);
  const wire = wireParameters(operation, values);
  const response = await fetch(`${proxy.url}${wire.path}${wire.query}`, {
    method: operation.method,
    headers: { ...wire.headers, Authorization: `Bearer ${TOKEN}` },
  });
  await response.body?.cancel();
  expect(seen).toHaveLength(1);
  const query = new URL(seen[0]!, "http://upstream").search;
  expect(query).toContain(`${parameter.name}=${items.map(String).join(",")}`);
  expect(query).not.toMatch(/%2C/i);
});
