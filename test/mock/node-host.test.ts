/**
 * The stateful mock's Node host (startBillingMock) as a transport: what goes on the socket when
 * HTTP itself fails, the URL it gives for IPv4 and IPv6, how close() ends connections, the
 * /docs page and the request log. Each test starts its own server on a free port and closes it.
 */
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { expect, test } from "vitest";
import { startBillingMock, type RunningBillingMock, type StartBillingMockOptions } from "@hostup/billing-mock/node";
import { expectPreflightAllowsAuthorization } from "../support/cors.ts";
import { pathOf } from "../support/examples.ts";
import { validate } from "../support/spec.ts";

const RESEND = pathOf("resendInvoiceEmail");
const AUTH = { Authorization: "Bearer test-token" };

async function withServer(options: StartBillingMockOptions, run: (server: RunningBillingMock) => Promise<void>): Promise<void> {
  const server = await startBillingMock({ rateLimit: false, ...options });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** A raw TCP connection to the server at `url`. */
async function connectTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname.replace(/^\[(.*)\]$/, "$1"));
  await once(socket, "connect");
  return socket;
}

/** Writes `bytes` on a fresh connection and resolves with everything the server sent before it closed the connection. */
async function exchangeRaw(url: string, bytes: string): Promise<string> {
  const socket = await connectTo(url);
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (received += chunk));
  socket.write(bytes);
  await once(socket, "close");
  return received;
}

/** Splits a raw HTTP/1.1 answer into its status line, headers (lower-case names) and body. */
function parseAnswer(raw: string) {
  const [head = "", body = ""] = raw.split("\r\n\r\n", 2);
  const [statusLine, ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );
  return { statusLine, headers, body };
}

test("a request HTTP cannot parse gets a 400 Problem naming the parser's error, then the connection closes", async () => {
  await withServer({}, async (server) => {
    const raw = await exchangeRaw(server.url, "GET / HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n");
    const { statusLine, headers, body } = parseAnswer(raw);
    expect(statusLine).toBe("HTTP/1.1 400 Bad Request");
    expect(headers).toMatchObject({ "content-type": "application/problem+json", connection: "close" });
    expect(Number(headers["content-length"])).toBe(Buffer.byteLength(body));
    const problem = JSON.parse(body);
    expect(validate("#/components/schemas/Problem", problem)).toEqual([]);
    expect(problem).toMatchObject({
      status: 400,
      title: "Malformed HTTP request",
      detail: "HTTP could not parse the request (HPE_INVALID_HEADER_TOKEN).",
    });
    // The server keeps serving.
    expect((await fetch(`${server.url}${RESEND}`, { method: "POST", headers: AUTH })).status).toBe(200);
  });
});

test("a request whose target is no URL (OPTIONS *) gets a 400 Problem saying it could not be read", async () => {
  await withServer({}, async (server) => {
    const { statusLine, headers, body } = parseAnswer(
      await exchangeRaw(server.url, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    expect(statusLine).toMatch(/^HTTP\/1\.1 400 /);
    expect(headers["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(body);
    expect(validate("#/components/schemas/Problem", problem)).toEqual([]);
    expect(problem).toMatchObject({ status: 400, title: "Malformed HTTP request" });
    expect(problem.detail).toMatch(/^The request could not be read: ./);
  });
});

test("the URL has the IPv4 address as it is, and an IPv6 address in brackets", async () => {
  await withServer({ host: "127.0.0.1" }, async (server) => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}${RESEND}`, { method: "POST", headers: AUTH })).status).toBe(200);
  });
  await withServer({ host: "::1" }, async (server) => {
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${server.url}${RESEND}`, { method: "POST", headers: AUTH })).status).toBe(200);
  });
});

test("a port another server holds is refused with EADDRINUSE", async () => {
  await withServer({}, async (server) => {
    const port = Number(new URL(server.url).port);
    await expect(startBillingMock({ port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});

test("close() stops listening and ends connections, even one in the middle of a request", async () => {
  const server = await startBillingMock({ rateLimit: false });
  const socket = await connectTo(server.url);
  // Half a request: the connection is busy, so only closing every connection ends it.
  socket.write(`POST ${RESEND} HTTP/1.1\r\nHost: localhost\r\n`);
  // The server drops it without a word: the client may see a reset.
  const closed = new Promise((resolve) => socket.on("error", () => {}).on("close", resolve));
  await Promise.all([server.close(), closed]);
  await expect(fetch(`${server.url}${RESEND}`, { method: "POST", headers: AUTH })).rejects.toThrow(TypeError);
});

test("docs: GET /docs serves the page, rendered once; other methods and paths are the API's", async () => {
  let renders = 0;
  const page = "<!doctype html><title>HostUp billing API</title>";
  const docs = async () => {
    renders++;
    return page;
  };
  await withServer({ docs }, async (server) => {
    for (let i = 0; i < 2; i++) {
      const answer = await fetch(`${server.url}/docs`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await answer.text()).toBe(page);
    }
    expect(renders).toBe(1);
    const posted = await fetch(`${server.url}/docs`, { method: "POST" });
    expect(posted.status).toBe(404);
    expect(posted.headers.get("content-type")).toBe("application/problem+json");
    const elsewhere = await fetch(`${server.url}/`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get("content-type")).toBe("application/problem+json");
  });
});

test("docs: a page given with headers is sent with them, its content type kept as HTML", async () => {
  const csp = "default-src 'none'; frame-ancestors 'none'";
  const docs = () => ({
    html: "<!doctype html><title>t</title>",
    headers: { "Content-Security-Policy": csp, "Content-Type": "text/plain" },
  });
  await withServer({ docs }, async (server) => {
    const answer = await fetch(`${server.url}/docs`);
    expect(answer.headers.get("content-security-policy")).toBe(csp);
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await answer.text()).toBe("<!doctype html><title>t</title>");
  });
});

test("docs: without the option, GET /docs is an unknown path", async () => {
  await withServer({}, async (server) => {
    const answer = await fetch(`${server.url}/docs`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ status: 404 });
  });
});

test("log: one line per request with method, path, status and the time it took", async () => {
  const lines: string[] = [];
  await withServer({ log: (line) => lines.push(line) }, async (server) => {
    const path = "/api/v2/billing/log-probe";
    const started = performance.now();
    const answer = await fetch(`${server.url}${path}?q=1`, { method: "PUT" });
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(404);
    expect(lines).toHaveLength(1);
    const match = lines[0]!.match(/^PUT \/api\/v2\/billing\/log-probe → 404 \((\d+\.\d) ms\)$/);
    expect(match, lines[0]).not.toBeNull();
    expect(Number(match![1])).toBeLessThanOrEqual(elapsed + 0.1);
  });
});

test("reset() restores the fixtures and drops queued scenarios", async () => {
  await withServer({}, async (server) => {
    server.scenarios.next("resendInvoiceEmail", { code: 503, times: 2 });
    expect((await fetch(`${server.url}${RESEND}`, { method: "POST", headers: AUTH })).status).toBe(503);
    server.reset();
    expect((await fetch(`${server.url}${RESEND}`, { method: "POST", headers: AUTH })).status).toBe(200);
    expect(server.state.outbox).toHaveLength(1);
    server.reset();
    expect(server.state.outbox).toEqual([]);
  });
});

test("a browser's preflight from any origin is answered with CORS, before the API sees it", async () => {
  await withServer({}, async (server) => {
    const answer = await expectPreflightAllowsAuthorization(`${server.url}${RESEND}`, "https://app.example.org", "authorization, prefer");
    expect(answer.headers.get("access-control-allow-credentials")).toBe("true");
    expect(await answer.text()).toBe("");
  });
});

test("one keep-alive connection carries POSTs without a body, with Content-Length: 0, and an unread body the mock refuses, in order", async () => {
  await withServer({}, async (server) => {
    const socket = await connectTo(server.url);
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    const post = (headers: string, body = "") =>
      `POST ${RESEND} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer test-token\r\n${headers}\r\n${body}`;
    // Bodiless (no framing at all), an empty declared body, a JSON body the resend takes none of
    // (400, answered without reading it all), then bodiless again: each answer is the request's own.
    socket.write(post(""));
    socket.write(post("Content-Length: 0\r\n"));
    socket.write(post("Content-Type: application/json\r\nContent-Length: 2\r\n", "{}"));
    socket.write(post("Connection: close\r\n"));
    await once(socket, "close");
    const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
    expect(statuses).toEqual([200, 200, 400, 200]);
  });
});
