/**
 * The wait behind a scenario's delay: true once the time is up, false as soon as the request is
 * aborted, and neither a timer nor an abort listener left behind either way.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { wait } from "../../packages/billing-mock/src/wait.ts";

describe("wait(ms, signal)", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test("resolves true after ms, and removes its abort listener", async () => {
    const signal = new AbortController().signal;
    let result: boolean | undefined;
    void wait(1000, signal).then((value) => (result = value));
    expect(getEventListeners(signal, "abort")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toBe(true);
    expect(getEventListeners(signal, "abort")).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("resolves false as soon as the request is aborted, clearing its timer and listener", async () => {
    const controller = new AbortController();
    const waiting = wait(1000, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
  });

  test("resolves false at once for a request already aborted, setting no timer", async () => {
    const signal = AbortSignal.abort();
    expect(await wait(1000, signal)).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(signal, "abort")).toEqual([]);
  });
});
