/**
 * Request body encoders by media type. Each takes the call's body and returns what fetch sends,
 * or refuses it with an InvalidArgumentError naming `body`. fetch writes the Content-Type of a
 * URLSearchParams (`application/x-www-form-urlencoded;charset=UTF-8`) and of a FormData (with its
 * boundary): the core must not set one for those two.
 */
import { InvalidArgumentError, isObject } from "../errors.ts";
import { members } from "./expand.ts";

/** The signature of every body encoder, so the core calls them all the same way. */
export type BodyEncoder = (body: unknown) => BodyInit;

const refuse = (message: string): never => {
  throw new InvalidArgumentError("body", message);
};

/** An object body's properties that are sent: undefined and null ones are left out. */
const properties = (body: unknown) =>
  isObject(body) ? Object.entries(body).filter(([, value]) => value != null) : refuse("must be an object");

/**
 * `application/x-www-form-urlencoded`, with the Encoding Object's defaults (style form, explode
 * true): an array property repeats its name (`tag=a&tag=b`), an object property sends its own
 * properties (`R=100&G=200`). Nested arrays and objects are refused.
 */
export const formUrlEncodedBody: BodyEncoder = (body) => {
  const form = new URLSearchParams();
  for (const [name, value] of properties(body)) for (const pair of members(name, value, `body.${name}`)) form.append(...pair);
  return form;
};

/**
 * `multipart/form-data` with OpenAPI's default part types: a Blob or File is a file part, a
 * string, number or boolean a text part, an object (or an array nested in the array) an
 * `application/json` part; each item of an array property is its own part under the same name
 * (RFC 7578 §4.3). An ArrayBuffer or typed array is sent as a file part, as a Blob of it.
 */
export const multipartBody: BodyEncoder = (body) => {
  const form = new FormData();
  for (const [name, value] of properties(body)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (part == null) continue;
      form.append(
        name,
        part instanceof Blob
          ? part
          : part instanceof ArrayBuffer || ArrayBuffer.isView(part)
            ? new Blob([part as BlobPart])
            : typeof part == "object"
              ? new Blob([JSON.stringify(part)], { type: "application/json" })
              : members(name, part, `body.${name}`)[0]![1],
      );
    }
  }
  return form;
};

/** A binary body (`application/octet-stream`, `image/png`, ...): a Blob, ArrayBuffer or typed array, as it is. */
export const binaryBody: BodyEncoder = (body) =>
  body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)
    ? (body as BodyInit)
    : refuse("must be a Blob, ArrayBuffer or Uint8Array");

/** A `text/*` body: a string, as it is. */
export const textBody: BodyEncoder = (body) => (typeof body == "string" ? body : refuse("must be a string"));
