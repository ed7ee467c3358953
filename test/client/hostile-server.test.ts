/**
 * The client against servers that try to hurt it, on real sockets (127.0.0.1, port 0): a
 * body that inflates without end, and a Retry-After no timer can wait.
 */
import { errorCatalog } from "@hostup/billing-openapi";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { describe, expect, test } from "vitest";
import { createBillingClient, ProblemError, UnexpectedResponseError } from "@hostup/billing-client";
import { invoiceId } from "../support/examples.ts";
import { loopbackServers } from "../support/loopback-server.ts";

const MiB = 1024 * 1024;

const serve = loopbackServers();

/**
 * Answers with a gzip body that inflates to `{"a":"000…` without end (1 GB of zeros
 * compresses to about 1 MB), produced only as fast as the client reads it. `produced()`
 * is how many bytes the client made the server inflate for it.
 */
function gzipBomb(status: number) {
  let produced = 0;
  let requests = 0;
  const handler = (_request: IncomingMessage, response: ServerResponse) => {
    requests++;
    response.writeHead(status, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
    const zeros = Buffer.alloc(MiB, "0");
    const source = new Readable({
      read() {
        produced += zeros.length;
        this.push(produced === zeros.length ? Buffer.concat([Buffer.from('{"a":"'), zeros]) : zeros);
      },
    });
    const gzip = createGzip();
    source.pipe(gzip).pipe(response);
    response.on("close", () => source.destroy());
  };
  return { handler, produced: () => produced, requests: () => requests };
}

describe("a response body is read only up to maxResponseBytes, counted after decompression", () => {
  test("a 200 gzip body that inflates without end rejects with UnexpectedResponseError, and memory stays bounded", async () => {
    const bomb = gzipBomb(200);
    const baseUrl = await serve(bomb.handler);
    const before = process.memoryUsage().rss;
    const error = await createBillingClient({ baseUrl, retry: false })
      .resendInvoiceEmail(invoiceId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe("resendInvoiceEmail: HTTP 200 body exceeds maxResponseBytes");
    // The transfer stopped soon after the limit: the server inflated a few MiB, not gigabytes.
    expect(bomb.produced()).toBeLessThan(64 * MiB);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * MiB);
  });

  test("an error status with such a body rejects the same way, with its status, and is not retried", async () => {
    const bomb = gzipBomb(429);
    const baseUrl = await serve(bomb.handler);
    const error = await createBillingClient({ baseUrl })
      .resendInvoiceEmail(invoiceId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(429);
    expect(bomb.requests()).toBe(1);
    expect(bomb.produced()).toBeLessThan(64 * MiB);
  });

  test("a body of exactly maxResponseBytes is read; one byte more is refused", async () => {
    const body = (size: number) => {
      const base = JSON.stringify({ queuedAt: "2026-04-27T12:34:56.000Z", email: "" });
      return JSON.stringify({ queuedAt: "2026-04-27T12:34:56.000Z", email: "x".repeat(size - base.length) });
    };
    let size = 200;
    const baseUrl = await serve((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(body(size));
    });
    const billing = createBillingClient({ baseUrl, maxResponseBytes: 200 });
    expect(JSON.stringify(await billing.resendInvoiceEmail(invoiceId))).toHaveLength(200);
    size = 201;
    await expect(billing.resendInvoiceEmail(invoiceId)).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("a wait longer than a timer can hold", () => {
  for (const maxDelayMs of [Infinity, 2 ** 31]) {
    test(`Retry-After: 999999999 with maxDelayMs ${maxDelayMs} is thrown at once, not retried at once`, async () => {
      let requests = 0;
      const baseUrl = await serve((_request, response) => {
        requests++;
        response.writeHead(429, { "Content-Type": "application/problem+json", "Retry-After": "999999999" });
        response.end(JSON.stringify({ status: 429, code: errorCatalog[429].code }));
      });
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on("warning", onWarning);
      try {
        const error = await createBillingClient({ baseUrl, retry: { maxDelayMs } })
          .resendInvoiceEmail(invoiceId)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ProblemError);
        expect((error as ProblemError).retryAfter).toBe(999999999);
        // Give a stray overflowing timer the chance to fire and retry.
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(requests).toBe(1);
        expect(warnings.filter((w) => w.name === "TimeoutOverflowWarning")).toEqual([]);
      } finally {
        process.off("warning", onWarning);
      }
    });
  }
});
