/**
 * A fetch that plays a script of faults and answers, one step per request, and behaves like
 * undici where it matters: it honours the request's signal (rejecting with its reason) and
 * fails with a TypeError whose `cause.code` names the system error.
 */
export type Step = (request: Request) => Response | Promise<Response>;

export interface ScriptedFetch {
  fetch: typeof fetch;
  /** Every request handed to fetch, cloned before the script saw it. */
  requests: Request[];
  /** The signal of each request, to check that a timeout or abort reached the connection. */
  signals: AbortSignal[];
}

/** Plays `steps` in order; the last one repeats once the script runs out. */
export function scriptedFetch(...steps: Step[]): ScriptedFetch {
  const requests: Request[] = [];
  const signals: AbortSignal[] = [];
  let next = 0;
  return {
    requests,
    signals,
    fetch: (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      signals.push(request.signal);
      const step = steps[Math.min(next++, steps.length - 1)]!;
      const { signal } = request;
      return new Promise<Response>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        Promise.resolve()
          .then(() => step(request))
          .then(resolve, reject);
      });
    },
  };
}

/** undici's shape for a network failure: TypeError("fetch failed") caused by a system error. */
export function fetchFailed(code: string, message = `${code} (scripted)`): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

/** The connection was refused: nothing was sent. */
export const refused: Step = () => {
  throw fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 203.0.113.1:443");
};
/** The connection was reset after the request went out: the server may have acted on it. */
export const reset: Step = () => {
  throw fetchFailed("ECONNRESET", "read ECONNRESET");
};
/** A server that accepts the request and never answers. */
export const hang: Step = () => new Promise<Response>(() => {});

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

export const problem =
  (status: number, code: string, headers: Record<string, string> = {}): Step =>
  () =>
    new Response(JSON.stringify({ status, code, title: code, detail: `scripted ${code}` }), {
      status,
      headers: { "Content-Type": "application/problem+json", ...headers },
    });

export const queuedStep = json(200, { queuedAt: "2026-04-27T12:34:56.000Z", email: "billing@example.com" });
export const createdStep = json(201, { id: "42", email: "ap@example.com", description: null });
