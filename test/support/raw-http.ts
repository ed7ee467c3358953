/**
 * One HTTP/1.1 exchange over a raw socket, for requests fetch cannot express: a body on GET,
 * a Content-Length larger than what is sent, a half-closed socket, a BOM before the JSON.
 * Every exchange ends within its bound: an answer that has not ended by then is reported as
 * none, and the socket is destroyed.
 */
import { connect } from "node:net";

export interface RawRequest {
  method: string;
  /** The request target as sent, escapes and query included. */
  target: string;
  headers: [string, string][];
  body?: Uint8Array;
  /** Content-Length to declare instead of the body's length (a larger one truncates the body). */
  declaredLength?: number;
  /** Half-close the socket once the request is written, as a client that gives up sending does. */
  halfClose?: boolean;
}

export type RawAnswer =
  | { answered: true; status: number; headers: Record<string, string>; body: string; ms: number }
  | { answered: false; reason: string; ms: number };

/** The request's bytes: request line, Host, Connection: close, its headers, Content-Length when it has a body. */
export function requestBytes(base: string, request: RawRequest): Buffer {
  const { host } = new URL(base);
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${host}`, "Connection: close"];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const length = request.declaredLength ?? request.body?.byteLength;
  if (length !== undefined) lines.push(`Content-Length: ${length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), request.body ?? Buffer.alloc(0)]);
}

/** Sends `request` to `base` and reads the answer until the server closes, at most `boundMs`. */
export function exchange(base: string, request: RawRequest, boundMs: number): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    const finish = (answer: RawAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ answered: false, reason: `no complete answer within ${boundMs} ms`, ms: boundMs }), boundMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset after a complete answer still counts as the answer.
    socket.on("error", () => {});
    socket.on("close", () => {
      const ms = performance.now() - started;
      const parsed = parseAnswer(Buffer.concat(chunks));
      finish(parsed ? { answered: true, ...parsed, ms } : { answered: false, reason: "the connection closed without an answer", ms });
    });
    socket.write(requestBytes(base, request), () => {
      if (request.halfClose) socket.end();
    });
  });
}

function parseAnswer(bytes: Buffer): { status: number; headers: Record<string, string>; body: string } | undefined {
  const end = bytes.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine = "", ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = bytes.subarray(end + 4);
  const body = headers["transfer-encoding"]?.toLowerCase() === "chunked" ? dechunk(raw) : raw;
  return { status: Number(status), headers, body: body.toString("utf8") };
}

/** The payload of a chunked body (RFC 9112 §7.1), up to its last chunk or the end of what arrived. */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf("\r\n", at);
    if (lineEnd === -1) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString("latin1").split(";")[0]!, 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
