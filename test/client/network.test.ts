/**
 * The error classification against Node's real fetch (undici) and real sockets on
 * 127.0.0.1: the suites on the test fetch assume these codes, this proves undici produces them.
 */
import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { errorCatalog } from "@hostup/billing-openapi";
import { createBillingClient, NetworkError, TimeoutError } from "@hostup/billing-client";
import { invoiceId, responseExample } from "../support/examples.ts";
import { run } from "../support/process.ts";

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A raw TCP server on a free loopback port that does `onData` with each connection's first bytes. */
async function tcp(onData: (socket: Socket) => void): Promise<{ url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.once("data", () => onData(socket));
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, sockets };
}

/** A client that counts the attempts its onRequest hook sees, with waits short enough for real time. */
function client(baseUrl: string, timeoutMs = 5_000) {
  const attempts = { count: 0 };
  const billing = createBillingClient({
    baseUrl,
    token: "tok",
    timeoutMs,
    retry: { maxDelayMs: 10 },
    onRequest: () => void attempts.count++,
  });
  return { billing, attempts };
}

describe("real sockets", () => {
  test("a refused connection is ECONNREFUSED and is retried up to maxRetries", async () => {
    const { url } = await tcp(() => {});
    servers.pop()!.close();
    const { billing, attempts } = client(url);
    const error = await billing.resendInvoiceEmail(invoiceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe("ECONNREFUSED");
    expect(attempts.count).toBe(3);
  });

  test("a connection reset after the request arrived is ECONNRESET and is not retried", async () => {
    const { url } = await tcp((socket) => socket.resetAndDestroy());
    const { billing, attempts } = client(url);
    const error = await billing.resendInvoiceEmail(invoiceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe("ECONNRESET");
    expect(attempts.count).toBe(1);
  });

  test("a body cut off mid-way is a NetworkError and is not retried", async () => {
    const { url } = await tcp((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"queuedAt":');
      setTimeout(() => socket.destroy(), 20);
    });
    const { billing, attempts } = client(url);
    const error = await billing.resendInvoiceEmail(invoiceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(attempts.count).toBe(1);
  });

  test("a server that never answers times out, and the connection is closed", async () => {
    const { url, sockets } = await tcp(() => {});
    const { billing, attempts } = client(url, 200);
    const error = await billing.resendInvoiceEmail(invoiceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(attempts.count).toBe(1);
    const socket = sockets[0]!;
    if (!socket.destroyed) await once(socket, "close");
    expect(socket.destroyed).toBe(true);
  });

  test("a body survives the hand-over to fetch with the attempt's signal, on every attempt", async () => {
    const bodies: string[] = [];
    const server = createHttpServer(async (request, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      bodies.push(body);
      const first = bodies.length === 1;
      response.writeHead(first ? 429 : 201, { "Content-Type": "application/json", ...(first ? { "Retry-After": "0" } : {}) });
      response.end(JSON.stringify(first ? errorCatalog[429] : responseExample("addInvoiceCcRecipient")));
    });
    servers.push(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { billing } = client(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    await expect(billing.addInvoiceCcRecipient({ email: "AP@Example.com" })).resolves.toEqual(responseExample("addInvoiceCcRecipient"));
    expect(bodies).toEqual(['{"email":"AP@Example.com"}', '{"email":"AP@Example.com"}']);
  });
});

describe("the attempt timer and the life of a Node process", () => {
  /** Runs `code` as an ES module in a fresh Node process, from the repository root, so it imports the built client. */
  const node = (code: string) => run(process.execPath, ["--input-type=module", "-e", code]);

  test("a server that never answers keeps the process running until the attempt times out", async () => {
    const { url } = await tcp(() => {});
    const child = await node(
      `import { createBillingClient } from "@hostup/billing-client";
       createBillingClient({ baseUrl: ${JSON.stringify(url)}, token: "tok", timeoutMs: 300, retry: false })
         .listInvoiceCcRecipients().catch((error) => console.log(error.name));`,
    );
    expect(child).toMatchObject({ code: 0, stdout: "TimeoutError\n" });
  });

  test("the timer alone does not hold the process: a fetch that holds nothing open lets it exit", async () => {
    // With a 60 s limit and a fetch that never settles, only the timer could keep Node running;
    // the process ends at once, having printed nothing.
    const child = await node(
      `import { createBillingClient } from "@hostup/billing-client";
       const started = Date.now();
       process.on("exit", () => console.log(Date.now() - started < 30_000 ? "exited before the limit" : "waited for the timer"));
       createBillingClient({ fetch: () => new Promise(() => {}), timeoutMs: 60_000 }).listInvoiceCcRecipients().then(console.log, console.log);`,
    );
    expect(child).toMatchObject({ code: 0, stdout: "exited before the limit\n" });
  });
});
