/**
 * Fault injection: the test fetch plays 429s, refused and reset connections, hung servers
 * and broken bodies; fake timers stand in for every wait, so nothing here really sleeps.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  createBillingClient,
  NetworkError,
  ProblemError,
  TimeoutError,
  UnexpectedResponseError,
  type BillingClientOptions,
  type RetryContext,
} from "@hostup/billing-client";
import { errorCatalog } from "@hostup/billing-openapi";
import { fetchFailed, hang, json, observedFetch, problem, refused, reset, type Answer } from "../support/observed-fetch.ts";
import { exampleAnswer, invoiceId, responseExample } from "../support/examples.ts";

const queued = exampleAnswer("resendInvoiceEmail");
const created = exampleAnswer("addInvoiceCcRecipient");
const listed = exampleAnswer("listInvoiceCcRecipients");
const NOW = new Date("2026-04-27T12:00:00.000Z");

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Starts a resend against the script; `outcome()` tells how it ended so far, without awaiting it. */
function resend(steps: Answer[], options: Omit<BillingClientOptions, "fetch"> = {}, signal?: AbortSignal) {
  const wire = observedFetch(...steps);
  const billing = createBillingClient({ token: "tok", ...options, fetch: wire.fetch });
  const result = track(billing.resendInvoiceEmail(invoiceId, signal ? { signal } : {}));
  return { wire, billing, ...result };
}

function track<T>(promise: Promise<T>) {
  let state: { settled: false } | { settled: true; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => (state = { settled: true, value }),
    (error: unknown) => (state = { settled: true, error }),
  );
  return { outcome: () => state, promise };
}

const tooMany = (headers: Record<string, string> = {}) => problem(429, headers);

describe("rate limits: 429", () => {
  test("waits Retry-After seconds, then retries and returns the answer", async () => {
    const call = resend([tooMany({ "Retry-After": "2" }), queued]);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(call.wire.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call.promise).resolves.toEqual(responseExample("resendInvoiceEmail"));
    expect(call.wire.requests).toHaveLength(2);
  });

  test("reads a Retry-After HTTP-date", async () => {
    const at = new Date(NOW.getTime() + 5_000).toUTCString();
    const call = resend([tooMany({ "Retry-After": at }), queued]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(call.wire.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call.promise).resolves.toBeDefined();
  });

  test("falls back to X-RateLimit-Reset when Retry-After is missing", async () => {
    const reset = new Date(NOW.getTime() + 3_000).toISOString();
    const call = resend([tooMany({ "X-RateLimit-Reset": reset }), queued]);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(call.wire.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call.promise).resolves.toBeDefined();
  });

  test("falls back to jittered exponential backoff when no header says how long", async () => {
    const random = vi.spyOn(Math, "random").mockReturnValue(0);
    const low = resend([tooMany(), tooMany(), queued]);
    await vi.advanceTimersByTimeAsync(499);
    expect(low.wire.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(low.wire.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(low.wire.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(low.promise).resolves.toBeDefined();

    random.mockReturnValue(0.99);
    const high = resend([tooMany(), queued]);
    await vi.advanceTimersByTimeAsync(994);
    expect(high.wire.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(high.promise).resolves.toBeDefined();
  });

  for (const [name, headers] of [
    ["with Retry-After", { "Retry-After": "1" }],
    ["without headers", {}],
  ] as const) {
    test(`a storm ${name}: gives up after maxRetries and throws the last 429`, async () => {
      const call = resend([tooMany({ ...headers, "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0" })]);
      await vi.advanceTimersByTimeAsync(60_000);
      const { error } = call.outcome() as { error: ProblemError };
      expect(error).toBeInstanceOf(ProblemError);
      expect(error.status).toBe(429);
      expect(error.rateLimit).toEqual({ limit: 60, remaining: 0, reset: undefined });
      expect(call.wire.requests).toHaveLength(3);
    });
  }

  test("honours a smaller maxRetries", async () => {
    const call = resend([tooMany({ "Retry-After": "0" })], { retry: { maxRetries: 1 } });
    await vi.advanceTimersByTimeAsync(0);
    await expect(call.promise).rejects.toBeInstanceOf(ProblemError);
    expect(call.wire.requests).toHaveLength(2);
  });

  for (const [name, retryAfter] of [
    ["a day in seconds", "86400"],
    ["an absurd number", "99999999999999999999"],
    ["an HTTP-date next year", "Tue, 27 Apr 2027 12:00:00 GMT"],
  ]) {
    test(`throws at once, without sleeping, when Retry-After is ${name}`, async () => {
      const call = resend([tooMany({ "Retry-After": retryAfter! })]);
      await vi.advanceTimersByTimeAsync(0);
      const { error } = call.outcome() as { error: ProblemError };
      expect(error).toBeInstanceOf(ProblemError);
      expect(error.retryAfter).toBeGreaterThan(30);
      expect(call.wire.requests).toHaveLength(1);
    });
  }

  test("throws at once when the wait would exceed a custom maxDelayMs", async () => {
    const call = resend([tooMany({ "Retry-After": "5" }), queued], { retry: { maxDelayMs: 4_000 } });
    await vi.advanceTimersByTimeAsync(0);
    await expect(call.promise).rejects.toMatchObject({ status: 429, retryAfter: 5 });
    expect(call.wire.requests).toHaveLength(1);
  });

  test("waits when Retry-After asks for exactly maxDelayMs", async () => {
    const call = resend([tooMany({ "Retry-After": "5" }), queued], { retry: { maxDelayMs: 5_000 } });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(call.wire.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call.promise).resolves.toBeDefined();
    expect(call.wire.requests).toHaveLength(2);
  });

  test("caps a backoff at maxDelayMs instead of giving up", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const call = resend([tooMany(), queued], { retry: { maxDelayMs: 100 } });
    await vi.advanceTimersByTimeAsync(100);
    await expect(call.promise).resolves.toBeDefined();
  });

  test("retry: false throws the first 429", async () => {
    const call = resend([tooMany({ "Retry-After": "1" }), queued], { retry: false });
    await vi.advanceTimersByTimeAsync(0);
    await expect(call.promise).rejects.toMatchObject({ status: 429 });
    expect(call.wire.requests).toHaveLength(1);
  });

  test("a per-call retry option replaces the client's", async () => {
    const wire = observedFetch(tooMany({ "Retry-After": "1" }), queued);
    const billing = createBillingClient({ fetch: wire.fetch, retry: false });
    const call = track(billing.resendInvoiceEmail(invoiceId, { retry: { maxRetries: 1 } }));
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call.promise).resolves.toBeDefined();
    expect(wire.requests).toHaveLength(2);
  });
});

describe("ProblemError rate-limit members", () => {
  async function problemWith(headers: Record<string, string>) {
    const call = resend([tooMany(headers)], { retry: false });
    await vi.advanceTimersByTimeAsync(0);
    return (call.outcome() as { error: ProblemError }).error;
  }

  test("parses Retry-After and every X-RateLimit header", async () => {
    const error = await problemWith({
      "Retry-After": "30",
      "X-RateLimit-Limit": "60",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": "2026-04-27T12:00:45.000Z",
    });
    expect(error.retryAfter).toBe(30);
    expect(error.rateLimit).toEqual({ limit: 60, remaining: 0, reset: new Date("2026-04-27T12:00:45.000Z") });
  });

  test("turns an HTTP-date into seconds from now, rounded up", async () => {
    expect((await problemWith({ "Retry-After": "Mon, 27 Apr 2026 12:00:09 GMT" })).retryAfter).toBe(9);
    expect((await problemWith({ "Retry-After": "Mon, 27 Apr 2026 11:00:00 GMT" })).retryAfter).toBe(0);
  });

  test("takes the time until X-RateLimit-Reset when Retry-After is missing or unreadable", async () => {
    expect((await problemWith({ "X-RateLimit-Reset": "2026-04-27T12:00:10.500Z" })).retryAfter).toBe(11);
    expect((await problemWith({ "Retry-After": "soon", "X-RateLimit-Reset": "2026-04-27T12:00:04Z" })).retryAfter).toBe(4);
  });

  test("gives rateLimit when only some X-RateLimit headers arrive, the others undefined", async () => {
    expect((await problemWith({ "X-RateLimit-Remaining": "3" })).rateLimit).toEqual({ limit: undefined, remaining: 3, reset: undefined });
    expect((await problemWith({ "X-RateLimit-Reset": "2026-04-27T12:00:04Z" })).rateLimit).toEqual({
      limit: undefined,
      remaining: undefined,
      reset: new Date("2026-04-27T12:00:04Z"),
    });
    expect((await problemWith({ "X-RateLimit-Limit": "60" })).rateLimit).toEqual({ limit: 60, remaining: undefined, reset: undefined });
  });

  test("reads Retry-After as a date only when it starts with a day name, as every HTTP-date does", async () => {
    // V8's Date.parse reads both; neither is an HTTP-date, so X-RateLimit-Reset decides.
    for (const retryAfter of ["27 Apr 2026 12:00:09 GMT", "Mo, 27 Apr 2026 12:00:09 GMT"]) {
      const error = await problemWith({ "Retry-After": retryAfter, "X-RateLimit-Reset": "2026-04-27T12:00:04Z" });
      expect(error.retryAfter, retryAfter).toBe(4);
    }
  });

  test("reads a time at or before 1970 as no time: neither a reset nor a wait comes from it", async () => {
    // Date.parse gives 0 for the epoch itself, a server's way of saying "no reset" at best.
    const epoch = await problemWith({ "Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT", "X-RateLimit-Reset": "1970-01-01T00:00:00Z" });
    expect(epoch.retryAfter).toBeUndefined();
    expect(epoch.rateLimit).toEqual({ limit: undefined, remaining: undefined, reset: undefined });
  });

  test("leaves both undefined without headers, and ignores malformed values", async () => {
    const bare = await problemWith({});
    expect(bare.retryAfter).toBeUndefined();
    expect(bare.rateLimit).toBeUndefined();
    const malformed = await problemWith({ "Retry-After": "1.5", "X-RateLimit-Limit": "-1", "X-RateLimit-Reset": "later" });
    expect(malformed.retryAfter).toBeUndefined();
    expect(malformed.rateLimit).toEqual({ limit: undefined, remaining: undefined, reset: undefined });
  });
});

describe("connection failures", () => {
  for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]) {
    test(`retries ${code} (nothing was sent), then returns the answer`, async () => {
      const call = resend([() => Promise.reject(fetchFailed(code)), queued]);
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(call.promise).resolves.toEqual(responseExample("resendInvoiceEmail"));
      expect(call.wire.requests).toHaveLength(2);
    });
  }

  test("gives up after maxRetries with a NetworkError naming the operation and the code", async () => {
    const call = resend([refused]);
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = call.outcome() as { error: NetworkError };
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.operation).toBe("resendInvoiceEmail");
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toBe("resendInvoiceEmail: network error ECONNREFUSED");
    expect((error.cause as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
    expect(call.wire.requests).toHaveLength(3);
  });

  for (const [name, step, code] of [
    ["a reset mid-request (ECONNRESET)", reset, "ECONNRESET"],
    ["a closed socket (UND_ERR_SOCKET)", () => Promise.reject(fetchFailed("UND_ERR_SOCKET", "other side closed")), "UND_ERR_SOCKET"],
    ["a browser's bare 'Failed to fetch'", () => Promise.reject(new TypeError("Failed to fetch")), undefined],
  ] as const) {
    test(`does not retry ${name}: the server may have acted on it`, async () => {
      const call = resend([step, queued]);
      await vi.advanceTimersByTimeAsync(10_000);
      const { error } = call.outcome() as { error: NetworkError };
      expect(error).toBeInstanceOf(NetworkError);
      expect(error.code).toBe(code);
      expect(call.wire.requests).toHaveLength(1);
    });
  }

  test("a body cut off after the headers is a NetworkError, not retried", async () => {
    const cutOff: Answer = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"queuedAt":'));
            controller.error(
              new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }),
            );
          },
        }),
        { status: 200, headers: { "Content-Type": "application/json" } },
      );
    const call = resend([cutOff, queued]);
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = call.outcome() as { error: NetworkError };
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe("UND_ERR_SOCKET");
    expect(call.wire.requests).toHaveLength(1);
  });
});

describe("server answers that are not retried", () => {
  test("a 500 is thrown at once: the server may have queued the email before failing", async () => {
    const call = resend([problem(500, { "Retry-After": "1" }), queued]);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(call.promise).rejects.toMatchObject({ status: 500, code: errorCatalog[500].code });
    expect(call.wire.requests).toHaveLength(1);
  });

  test("an HTML 502 from a proxy is a ProblemError 502, not retried", async () => {
    const html: Answer = () =>
      new Response("<html><body>502 Bad Gateway</body></html>", { status: 502, headers: { "Content-Type": "text/html" } });
    const call = resend([html, queued]);
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = call.outcome() as { error: ProblemError };
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.status).toBe(502);
    expect(error.problem).toBeUndefined();
    expect(call.wire.requests).toHaveLength(1);
  });

  test("truncated JSON on a 200 is an UnexpectedResponseError, not retried", async () => {
    const truncated: Answer = () =>
      new Response('{"queuedAt":"2026-04-27T1', { status: 200, headers: { "Content-Type": "application/json" } });
    const call = resend([truncated, queued]);
    await vi.advanceTimersByTimeAsync(10_000);
    const { error } = call.outcome() as { error: UnexpectedResponseError };
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(200);
    expect(call.wire.requests).toHaveLength(1);
  });

  for (const [name, body, headers] of [
    ["an empty 200", "", {}],
    ["a 200 with Content-Length: 0", null, { "Content-Length": "0" }],
  ] as const) {
    test(`${name} is an UnexpectedResponseError, not undefined: the spec promises a body`, async () => {
      const call = resend([() => new Response(body, { status: 200, headers })]);
      await vi.advanceTimersByTimeAsync(0);
      const { error } = call.outcome() as { error: UnexpectedResponseError };
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error.message).toBe("resendInvoiceEmail: HTTP 200 body is not JSON");
    });
  }
});

describe("a safe method (GET)", () => {
  function list(steps: Answer[]) {
    const wire = observedFetch(...steps);
    const call = track(createBillingClient({ token: "tok", fetch: wire.fetch }).listInvoiceCcRecipients());
    return { wire, ...call };
  }

  for (const status of [502, 503, 504]) {
    test(`retries a ${status} from a gateway`, async () => {
      const call = list([problem(status), listed]);
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(call.promise).resolves.toEqual(responseExample("listInvoiceCcRecipients"));
      expect(call.wire.requests).toHaveLength(2);
    });
  }

  for (const status of [400, 500, 501, 505]) {
    test(`does not retry a ${status}: the server answered, and would answer the same`, async () => {
      const call = list([problem(status), listed]);
      await vi.advanceTimersByTimeAsync(10_000);
      await expect(call.promise).rejects.toMatchObject({ status });
      expect(call.wire.requests).toHaveLength(1);
    });
  }
});

describe("timeouts", () => {
  test("a hung server ends in a TimeoutError naming the operation and the limit, and the request is aborted", async () => {
    const call = resend([hang, queued], { timeoutMs: 5_000 });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(call.outcome().settled).toBe(false);
    expect(call.wire.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = call.outcome() as { error: TimeoutError };
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(ProblemError);
    expect(error.message).toBe("resendInvoiceEmail: timed out after 5000 ms");
    expect(error).toMatchObject({ operation: "resendInvoiceEmail", timeoutMs: 5_000 });
    expect(call.wire.signals[0]!.aborted).toBe(true);
    // The server may be working on it: a timeout is not retried by default.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(call.wire.requests).toHaveLength(1);
  });

  test("the default limit is 30 s per attempt", async () => {
    const call = resend([hang]);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(call.outcome().settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((call.outcome() as { error: unknown }).error).toMatchObject({ name: "TimeoutError", timeoutMs: 30_000 });
  });

  test("a body that stalls counts against the limit", async () => {
    const stalls: Answer = (request) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"queuedAt":'));
            // undici errors the body stream when the request's signal aborts.
            request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
          },
        }),
        { status: 200, headers: { "Content-Type": "application/json" } },
      );
    const call = resend([stalls], { timeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect((call.outcome() as { error: unknown }).error).toBeInstanceOf(TimeoutError);
  });

  test("each attempt gets its own limit", async () => {
    const slowThenFast: Answer[] = [
      () => new Promise((resolve) => setTimeout(() => resolve(tooMany({ "Retry-After": "0" })(new Request("http://x"))), 800)),
      () => new Promise((resolve) => setTimeout(() => resolve(queued(new Request("http://x"))), 800)),
    ];
    const call = resend(slowThenFast, { timeoutMs: 1_000 });
    // Two attempts of 800 ms each: 1.6 s in all, but neither exceeds its own second.
    await vi.advanceTimersByTimeAsync(1_700);
    expect(call.outcome()).toMatchObject({ settled: true, value: responseExample("resendInvoiceEmail") });
  });

  test("a per-call timeoutMs replaces the client's", async () => {
    const wire = observedFetch(hang);
    const billing = createBillingClient({ fetch: wire.fetch, timeoutMs: 60_000 });
    const call = track(billing.resendInvoiceEmail(invoiceId, { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect((call.outcome() as { error: unknown }).error).toMatchObject({ name: "TimeoutError", timeoutMs: 100 });
  });

  // A timer cannot wait 2^31 ms or more: Node and browsers fire it at once instead.
  for (const timeoutMs of [Infinity, 2 ** 31, 2e9]) {
    test(`timeoutMs: ${timeoutMs} never times out`, async () => {
      const call = resend([hang], { timeoutMs });
      await vi.advanceTimersByTimeAsync(3_000_000_000);
      expect(call.outcome().settled).toBe(false);
    });
  }

  test("timeoutMs just under 2e9 (23 days) is still a limit", async () => {
    const call = resend([hang], { timeoutMs: 2e9 - 1 });
    await vi.advanceTimersByTimeAsync(2e9 - 2);
    expect(call.outcome().settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((call.outcome() as { error: unknown }).error).toMatchObject({ name: "TimeoutError", timeoutMs: 2e9 - 1 });
  });
});

describe("cancellation", () => {
  test("an abort during a retry wait rejects at once with the caller's reason, and sends nothing more", async () => {
    const controller = new AbortController();
    const call = resend([tooMany({ "Retry-After": "20" }), queued], {}, controller.signal);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(call.outcome().settled).toBe(false);
    const reason = new Error("user navigated away");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect((call.outcome() as { error: unknown }).error).toBe(reason);
    // The wait's timer goes with it: nothing keeps a Node process running for the 15 s left.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(call.wire.requests).toHaveLength(1);
  });

  test("an abort during a request rejects with the caller's reason, not a TimeoutError", async () => {
    const controller = new AbortController();
    const call = resend([hang], {}, controller.signal);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    const { error } = call.outcome() as { error: DOMException };
    expect(error.name).toBe("AbortError");
    expect(call.wire.signals[0]!.aborted).toBe(true);
  });

  test("an abort that lands while retry.on decides ends the call without waiting out the backoff", async () => {
    const controller = new AbortController();
    const reason = new Error("gave up");
    const call = resend(
      [tooMany({ "Retry-After": "20" }), queued],
      { retry: { on: () => (controller.abort(reason), true) } },
      controller.signal,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect((call.outcome() as { error: unknown }).error).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(call.wire.requests).toHaveLength(1);
  });

  test("an abort rejects with the caller's reason even from a fetch that rejects with an error of its own", async () => {
    // As fetches older than AbortSignal#reason do: a fresh AbortError, not the signal's reason.
    const ownAbortError: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init!.signal!.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
      });
    const controller = new AbortController();
    const call = track(createBillingClient({ fetch: ownAbortError }).resendInvoiceEmail(invoiceId, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    const reason = new Error("user navigated away");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect((call.outcome() as { error: unknown }).error).toBe(reason);
  });

  test("an already aborted signal ends the call before any answer is used", async () => {
    const call = resend([queued], {}, AbortSignal.abort(new Error("too late")));
    await vi.advanceTimersByTimeAsync(0);
    expect((call.outcome() as { error: Error }).error.message).toBe("too late");
  });
});

describe("timers", () => {
  test("no timer outlives a call, whether it succeeds, fails or is retried", async () => {
    for (const steps of [[queued], [problem(500)], [tooMany({ "Retry-After": "1" }), queued], [refused, queued]]) {
      const call = resend(steps);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(call.outcome().settled).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  test("a call that waited between attempts leaves no listener on the caller's signal", async () => {
    const controller = new AbortController();
    const call = resend([tooMany({ "Retry-After": "1" }), queued], {}, controller.signal);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call.promise).resolves.toBeDefined();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("works where setTimeout returns a number, as in browsers: only Node's timers are unref'd", async () => {
    const nodeSetTimeout = globalThis.setTimeout;
    // Node's clearTimeout takes a timer's number as well as the timer.
    vi.stubGlobal("setTimeout", (...args: Parameters<typeof setTimeout>) => Number(nodeSetTimeout(...args)));
    try {
      const call = resend([tooMany({ "Retry-After": "1" }), queued]);
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(call.promise).resolves.toEqual(responseExample("resendInvoiceEmail"));
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test("a limit of 2e9 ms or more arms no timer at all", async () => {
    const call = resend([hang], { timeoutMs: 2e9 });
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(call.outcome().settled).toBe(false);
  });
});

describe("retry.on", () => {
  test("widens the policy: a 503 is retried when the hook says so, with the context it needs", async () => {
    const contexts: RetryContext[] = [];
    const call = resend([problem(503), queued], {
      retry: {
        on: (context) => (
          contexts.push(context),
          context.retryable || (context.error instanceof ProblemError && context.error.status === 503)
        ),
      },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call.promise).resolves.toBeDefined();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ operation: "resendInvoiceEmail", attempt: 1, retryable: false });
    expect(contexts[0]!.error).toBeInstanceOf(ProblemError);
  });

  test("can retry a timeout for callers who accept a possible duplicate", async () => {
    const call = resend([hang, queued], { timeoutMs: 1_000, retry: { on: ({ error }) => error instanceof TimeoutError } });
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(call.promise).resolves.toBeDefined();
    expect(call.wire.requests).toHaveLength(2);
  });

  test("narrows the policy: returning false throws a 429 at once", async () => {
    const on = vi.fn(() => false);
    const call = resend([tooMany({ "Retry-After": "1" }), queued], { retry: { on } });
    await vi.advanceTimersByTimeAsync(0);
    await expect(call.promise).rejects.toMatchObject({ status: 429 });
    expect(on).toHaveBeenCalledWith(expect.objectContaining({ retryable: true, attempt: 1 }));
  });

  test("is not asked once maxRetries is spent", async () => {
    const on = vi.fn(() => true);
    const call = resend([problem(503)], { retry: { on, maxRetries: 1 } });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(call.promise).rejects.toMatchObject({ status: 503 });
    expect(on).toHaveBeenCalledTimes(1);
  });
});

describe("reading the response body", () => {
  /** A 200 whose body arrives in `chunks`, one every `everyMs`, then ends; `cancelled()` tells whether the client stopped it. */
  function streamed(chunks: Uint8Array[], everyMs = 0) {
    let cancelled = false;
    const answer: Answer = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (everyMs) await new Promise((resolve) => setTimeout(resolve, everyMs));
            const chunk = chunks.shift();
            if (chunk) controller.enqueue(chunk);
            else controller.close();
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 200, headers: { "Content-Type": "application/json" } },
      );
    return { answer, cancelled: () => cancelled };
  }

  test("decodes a character whose UTF-8 bytes arrive in separate chunks", async () => {
    const answer = { ...responseExample("listInvoiceCcRecipients"), note: "Åsa Öberg – ekonomi ✓ 📄" };
    const bytes = new TextEncoder().encode(JSON.stringify(answer));
    const body = streamed([...bytes].map((byte) => Uint8Array.of(byte)));
    const wire = observedFetch(body.answer);
    await expect(createBillingClient({ fetch: wire.fetch }).listInvoiceCcRecipients()).resolves.toEqual(answer);
  });

  test("stops the transfer once the body passes maxResponseBytes", async () => {
    const body = streamed(Array.from({ length: 1_000 }, () => new Uint8Array(100)));
    const wire = observedFetch(body.answer);
    const error = await createBillingClient({ fetch: wire.fetch, maxResponseBytes: 250 })
      .listInvoiceCcRecipients()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toBe("listInvoiceCcRecipients: HTTP 200 body exceeds maxResponseBytes");
    expect(body.cancelled()).toBe(true);
  });

  test("a body that passes maxResponseBytes after the time limit is still refused for its size, and not retried", async () => {
    // A fetch whose body does not follow the signal (an in-memory mock's, say) keeps delivering after the timeout.
    const body = streamed(
      Array.from({ length: 10 }, () => new Uint8Array(100)),
      400,
    );
    const wire = observedFetch(body.answer, listed);
    const call = track(createBillingClient({ fetch: wire.fetch, timeoutMs: 1_000, maxResponseBytes: 250 }).listInvoiceCcRecipients());
    await vi.advanceTimersByTimeAsync(10_000);
    expect((call.outcome() as { error: unknown }).error).toBeInstanceOf(UnexpectedResponseError);
    expect(wire.requests).toHaveLength(1);
  });
});

describe("onRequest composes with retries", () => {
  test("onRequest sees every attempt, with its operation, and the body is re-sent intact", async () => {
    const wire = observedFetch(tooMany({ "Retry-After": "1" }), created);
    const seen: string[] = [];
    let attempts = 0;
    const billing = createBillingClient({
      token: "tok",
      fetch: (input, init) => wire.fetch(input, init).then((response) => (seen.push(`response ${response.status}`), response)),
      async onRequest(request, operation) {
        request.headers.set("X-Attempt", String(++attempts));
        seen.push(`${operation} ${await request.clone().text()}`);
      },
    });
    const body = { email: "AP@Example.com", description: "Accounts payable" };
    const call = track(billing.addInvoiceCcRecipient(body));
    await vi.advanceTimersByTimeAsync(0);
    // The caller changing its object during the wait must not change what is re-sent.
    body.email = "changed@example.com";
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call.promise).resolves.toEqual(responseExample("addInvoiceCcRecipient"));

    const sent = JSON.stringify({ email: "AP@Example.com", description: "Accounts payable" });
    expect(seen).toEqual([`addInvoiceCcRecipient ${sent}`, "response 429", `addInvoiceCcRecipient ${sent}`, "response 201"]);
    expect(await Promise.all(wire.requests.map((r) => r.text()))).toEqual([sent, sent]);
    expect(wire.requests.map((r) => r.headers.get("x-attempt"))).toEqual(["1", "2"]);
    expect(wire.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok", "Bearer tok"]);
  });

  test("a token function is asked again for every attempt", async () => {
    let n = 0;
    const wire = observedFetch(refused, queued);
    const billing = createBillingClient({ token: () => `tok_${++n}`, fetch: wire.fetch });
    const call = track(billing.resendInvoiceEmail(invoiceId));
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(call.promise).resolves.toBeDefined();
    expect(wire.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok_1", "Bearer tok_2"]);
  });

  test("an onRequest error is thrown as it is, not retried or wrapped", async () => {
    const wire = observedFetch(queued);
    const failure = new RangeError("onRequest says no");
    const billing = createBillingClient({
      fetch: wire.fetch,
      onRequest() {
        throw failure;
      },
    });
    const call = track(billing.resendInvoiceEmail(invoiceId));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((call.outcome() as { error: unknown }).error).toBe(failure);
    expect(wire.requests).toHaveLength(0);
  });
});

describe("429 then success for the CC recipient too", () => {
  test("returns the created recipient after one wait", async () => {
    const wire = observedFetch(tooMany({ "Retry-After": "3" }), json(201, { id: "7", email: "ap@example.com", description: "AP" }));
    const call = track(createBillingClient({ fetch: wire.fetch }).addInvoiceCcRecipient({ email: "ap@example.com", description: "AP" }));
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(call.promise).resolves.toEqual({ id: "7", email: "ap@example.com", description: "AP" });
  });
});
