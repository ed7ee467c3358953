/** JSON answer bodies: what JSON.stringify writes, as one string when small and as a stream produced on demand when large. */
import { describe, expect, test } from "vitest";
import { JSON_CHUNK_CHARS, jsonBody } from "../../packages/billing-mock/src/json-body.ts";

const text = async (body: string | ReadableStream<Uint8Array>) => (typeof body === "string" ? body : new Response(body).text());

describe("jsonBody", () => {
  const values: [string, unknown][] = [
    ["an object without arrays", { queuedAt: "2026-04-27T12:34:56.000Z", email: "billing@example.com" }],
    ["an empty array and an empty object holding one", [[], { a: [] }]],
    ["members JSON has no text for, and undefined elements", { a: undefined, b: [undefined, () => 1, 2], c: () => 1, d: [null] }],
    ["escapes, lone surrogates and emoji", { list: ['\u0000\n"\\', "\ud800", "😀"], 'ke"y': [1] }],
    ["nesting", { a: [{ b: [1, { c: [2] }] }], d: { e: [3], f: "g" }, h: 0 }],
    ["a top-level array past the chunk size", Array.from({ length: 5000 }, (_, i) => ({ id: String(i), email: `r${i}@example.com` }))],
    ["an object whose array passes the chunk size many times", { contacts: Array.from({ length: 50 }, () => "x".repeat(10_000)) }],
  ];

  test.each(values)("writes %s as JSON.stringify does", async (_, value) => {
    expect(await text(jsonBody(value))).toBe(JSON.stringify(value));
  });

  test("answers a small body as one string", () => {
    expect(jsonBody({ contacts: [{ id: "1" }] })).toBe('{"contacts":[{"id":"1"}]}');
  });

  test("streams a large one, serialising nothing ahead of a read", async () => {
    let serialised = 0;
    // Each element counts when JSON.stringify reaches it (its toJSON).
    const element = (i: number) => ({ toJSON: () => (serialised++, "y".repeat(1000) + i) });
    const body = jsonBody({ items: Array.from({ length: 1000 }, (_, i) => element(i)) });
    expect(body).toBeInstanceOf(ReadableStream);
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    const afterFirstChunk = serialised;
    const first = await reader.read();
    // The string answer was cut at the first chunk, and one read makes one more chunk.
    expect(afterFirstChunk).toBeLessThanOrEqual(JSON_CHUNK_CHARS / 1000 + 1);
    expect(first.value!.byteLength).toBeGreaterThanOrEqual(JSON_CHUNK_CHARS);
    await reader.read();
    expect(serialised).toBeLessThanOrEqual((2 * JSON_CHUNK_CHARS) / 1000 + 2);
    await reader.cancel();
    expect(serialised).toBeLessThan(1000);
  });
});
