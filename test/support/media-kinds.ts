/**
 * Bodies by the model's content kind, both ways: an example as the bytes a request carries,
 * and an answer read back as what it must equal. JSON and Problem bodies are parsed, text is
 * a string, anything else is bytes; a binary example written as a string in the spec stands
 * for its UTF-8 bytes.
 */
import type { ContentKind, ModelContent, ResponseKind } from "@hostup/billing-openapi";

/** The bytes a binary example stands for. */
export function exampleBytes(example: unknown): Uint8Array {
  if (example instanceof Uint8Array) return example;
  return new TextEncoder().encode(typeof example === "string" ? example : JSON.stringify(example));
}

/** The first named example of a content, or undefined when it has none. */
export function firstExample(content: ModelContent | undefined): { name: string; value: unknown } | undefined {
  const [entry] = Object.entries(content?.examples ?? {});
  return entry ? { name: entry[0], value: entry[1] } : undefined;
}

/** A request body of `kind` holding `example`; multipart leaves its Content-Type (with the boundary) to fetch. */
export function encodeBody(content: ModelContent, example: unknown): { body: BodyInit; contentType?: string } {
  const { kind, mediaType } = content;
  if (kind === "json" || kind === "problem") return { body: JSON.stringify(example), contentType: mediaType };
  if (kind === "text") return { body: String(example), contentType: mediaType };
  if (kind === "form") {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(example as Record<string, unknown>)) {
      for (const item of [value].flat()) form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
    return { body: form, contentType: mediaType };
  }
  if (kind === "multipart") {
    // OpenAPI's defaults for a part: an array item each its own part, an object as
    // application/json, a primitive as text; the Encoding Object's contentType wins.
    const form = new FormData();
    for (const [name, value] of Object.entries(example as Record<string, unknown>)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const declared = content.encoding?.[name]?.contentType;
        const type = declared ?? (typeof item === "object" && item !== null ? "application/json" : undefined);
        const text = typeof item === "object" ? JSON.stringify(item) : String(item);
        form.append(name, type ? new Blob([text], { type }) : text);
      }
    }
    return { body: form };
  }
  return { body: exampleBytes(example) as Uint8Array<ArrayBuffer>, contentType: mediaType };
}

/** An answer's body as its kind is compared: parsed JSON (undefined when empty), a string, or bytes. */
export type ReadBody = { kind: "json"; value: unknown } | { kind: "text"; value: string } | { kind: "bytes"; value: Uint8Array };

const parsed = (kind: ResponseKind | ContentKind) => kind === "json" || kind === "problem";

/** Reads `answer` as `kind` says; "none" is read as bytes, which must be empty. */
export async function readBody(answer: Response, kind: ResponseKind): Promise<ReadBody> {
  if (parsed(kind)) {
    const text = await answer.text();
    return { kind: "json", value: text === "" ? undefined : JSON.parse(text) };
  }
  if (kind === "text") return { kind: "text", value: await answer.text() };
  return { kind: "bytes", value: new Uint8Array(await answer.arrayBuffer()) };
}

/** What an answer of `kind` built from `example` reads back as (see readBody). */
export function expectedBody(kind: ResponseKind, example: unknown): ReadBody {
  if (parsed(kind)) return { kind: "json", value: example };
  if (kind === "text") return { kind: "text", value: String(example) };
  if (kind === "none") return { kind: "bytes", value: new Uint8Array() };
  return { kind: "bytes", value: exampleBytes(example) };
}
