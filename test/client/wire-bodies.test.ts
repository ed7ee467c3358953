/**
 * The body encoders, each read back through a real Request, as fetch sends it: the exact bytes,
 * fields and parts, and the Content-Type fetch derives from the encoded body.
 */
import { describe, expect, test } from "vitest";
import { InvalidArgumentError } from "../../packages/billing-client/src/errors.ts";
import { binaryBody, formUrlEncodedBody, multipartBody, textBody } from "../../packages/billing-client/src/wire/bodies.ts";

const sent = (body: BodyInit) => new Request("http://127.0.0.1/upload", { method: "POST", body });

describe("application/x-www-form-urlencoded", () => {
  test("arrays repeat their name and objects send their properties (Encoding Object defaults: form, explode)", async () => {
    const request = sent(
      formUrlEncodedBody({
        name: "Ann Lee",
        tags: ["a", "b"],
        color: { R: 100, G: 200 },
        count: 1.5,
        active: false,
        note: "a&b=c+d é",
        skipped: undefined,
        cleared: null,
      }),
    );
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    expect(await request.text()).toBe("name=Ann+Lee&tags=a&tags=b&R=100&G=200&count=1.5&active=false&note=a%26b%3Dc%2Bd+%C3%A9");
  });

  test("the fields read back as given", async () => {
    const form = await sent(formUrlEncodedBody({ q: "x y+z&w", ids: [1, 2, 3] })).formData();
    expect(form.get("q")).toBe("x y+z&w");
    expect(form.getAll("ids")).toEqual(["1", "2", "3"]);
  });

  const refused: [string, unknown, RegExp][] = [
    ["a body that is not an object", "a=1", /^body: must be an object/],
    ["an array body", [["a", "1"]], /^body: must be an object/],
    ["no body", undefined, /^body: must be an object/],
    ["a nested object", { address: { city: { name: "x" } } }, /^body\.address: /],
    ["an array in an array", { tags: [["a"]] }, /^body\.tags: /],
    ["NaN", { count: Number.NaN }, /^body\.count: /],
  ];
  for (const [name, body, message] of refused) {
    test(`${name} is refused, naming where`, () => {
      expect(() => formUrlEncodedBody(body)).toThrow(InvalidArgumentError);
      expect(() => formUrlEncodedBody(body)).toThrow(message);
    });
  }
});

describe("multipart/form-data", () => {
  const avatar = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255])], "avatar.png", { type: "image/png" });
  const first = new File(["first"], "1.txt", { type: "text/plain" });
  const second = new File(["second"], "2.txt", { type: "text/plain" });
  const body = {
    id: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
    count: 3,
    public: true,
    avatar,
    attachments: [first, second],
    tags: ["a", "b"],
    address: { city: "Umeå", zip: "901 87" },
    history: [{ at: 1 }, { at: 2 }],
    raw: new Uint8Array([1, 2, 3]),
    skipped: undefined,
    cleared: null,
  };

  test("fetch writes the multipart Content-Type with its boundary", () => {
    const request = sent(multipartBody(body));
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=\S+$/);
  });

  test("strings, numbers and booleans are text parts; each array item is its own part under the same name", async () => {
    const form = await sent(multipartBody(body)).formData();
    expect(form.get("id")).toBe(body.id);
    expect(form.get("count")).toBe("3");
    expect(form.get("public")).toBe("true");
    expect(form.getAll("tags")).toEqual(["a", "b"]);
    expect(form.has("skipped")).toBe(false);
    expect(form.has("cleared")).toBe(false);
  });

  test("files keep their name, type and bytes; an array of files is repeated parts", async () => {
    const form = await sent(multipartBody(body)).formData();
    const file = form.get("avatar") as File;
    expect([file.name, file.type]).toEqual(["avatar.png", "image/png"]);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]));
    const attachments = form.getAll("attachments") as File[];
    expect(attachments.map((part) => part.name)).toEqual(["1.txt", "2.txt"]);
    expect(await Promise.all(attachments.map((part) => part.text()))).toEqual(["first", "second"]);
    expect(new Uint8Array(await (form.get("raw") as File).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  test("objects, and objects in an array, are application/json parts holding their JSON", async () => {
    const form = await sent(multipartBody(body)).formData();
    const address = form.get("address") as File;
    expect(address.type).toBe("application/json");
    expect(JSON.parse(await address.text())).toEqual(body.address);
    const history = form.getAll("history") as File[];
    expect(history.map((part) => part.type)).toEqual(["application/json", "application/json"]);
    expect(await Promise.all(history.map(async (part) => JSON.parse(await part.text()) as unknown))).toEqual(body.history);
  });

  test("on the wire, the JSON part says its type and a text part says none (text/plain by RFC 7578)", async () => {
    const wire = await sent(multipartBody({ note: "hi", address: { city: "Umeå" } })).text();
    expect(wire).toContain('Content-Disposition: form-data; name="note"\r\n\r\nhi\r\n');
    expect(wire).toMatch(
      /Content-Disposition: form-data; name="address"; filename="blob"\r\nContent-Type: application\/json\r\n\r\n\{"city":"Umeå"\}\r\n/,
    );
  });

  for (const [name, refusedBody, message] of [
    ["a body that is not an object", "x", /^body: must be an object/],
    ["NaN", { count: Number.NaN }, /^body\.count: /],
    ["a symbol", { id: Symbol("x") }, /^body\.id: /],
  ] as const) {
    test(`${name} is refused`, () => {
      expect(() => multipartBody(refusedBody)).toThrow(InvalidArgumentError);
      expect(() => multipartBody(refusedBody)).toThrow(message);
    });
  }
});

describe("binary bodies", () => {
  const bytes = [0, 1, 2, 127, 128, 255];
  const given: [string, unknown][] = [
    ["a Blob", new Blob([new Uint8Array(bytes)])],
    ["an ArrayBuffer", new Uint8Array(bytes).buffer],
    ["a Uint8Array", new Uint8Array(bytes)],
    ["a Buffer", Buffer.from(bytes)],
    ["a Uint8Array over part of its buffer", new Uint8Array([9, ...bytes, 9]).subarray(1, 1 + bytes.length)],
  ];
  for (const [name, body] of given) {
    test(`${name} is sent byte for byte`, async () => {
      expect(binaryBody(body)).toBe(body);
      expect([...new Uint8Array(await sent(binaryBody(body)).arrayBuffer())]).toEqual(bytes);
    });
  }

  test("a Blob's type becomes the Content-Type", () => {
    expect(sent(binaryBody(new Blob(["x"], { type: "image/png" }))).headers.get("content-type")).toBe("image/png");
  });

  for (const [name, body] of [
    ["a string", "bytes"],
    ["an array of numbers", [0, 1, 2]],
    ["an object", { data: [0, 1] }],
    ["a number", 42],
    ["null", null],
    ["undefined", undefined],
    ["FormData", new FormData()],
    ["URLSearchParams", new URLSearchParams("a=1")],
  ] as const) {
    test(`${name} is refused`, () => {
      expect(() => binaryBody(body)).toThrow(InvalidArgumentError);
      expect(() => binaryBody(body)).toThrow(/^body: must be a Blob, ArrayBuffer or Uint8Array/);
    });
  }
});

describe("text/* bodies", () => {
  test("a string is sent as its UTF-8 bytes", async () => {
    const request = sent(textBody("räkning #42\r\n€"));
    expect(request.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    expect([...new Uint8Array(await request.arrayBuffer())]).toEqual([...new TextEncoder().encode("räkning #42\r\n€")]);
  });

  test("the empty string is a body, not an absent one", async () => {
    expect(await sent(textBody("")).text()).toBe("");
  });

  for (const [name, body] of [
    ["a number", 42],
    ["an object", { text: "x" }],
    ["a Blob", new Blob(["x"])],
    ["undefined", undefined],
    ["null", null],
  ] as const) {
    test(`${name} is refused`, () => {
      expect(() => textBody(body)).toThrow(InvalidArgumentError);
      expect(() => textBody(body)).toThrow(/^body: must be a string/);
    });
  }
});
