/**
 * The one test fetch: the client is handed it instead of the network, and nothing else is
 * mocked. It records every request (cloned first, so its body stays readable) and answers
 * each attempt with the next step of a script. Where it matters it behaves like undici: it
 * honours the request's signal (rejecting with its reason), and a network failure is a
 * TypeError whose `cause.code` names the system error.
 */
import { errorCatalog } from "@hostup/billing-openapi";

/** How one attempt is answered: a Response, or a thrown/rejected fault. */
export type Answer = (request: Request) => Response | Promise<Response>;

export interface ObservedFetch {
  fetch: typeof fetch;
  /** Every request handed to fetch, in order, cloned before the answer saw it. */
  requests: Request[];
  /** The signal of each request, to check that a timeout or abort reached the connection. */
  signals: AbortSignal[];
}

/** Answers the n-th request with `answers[n]`; the last answer repeats once the script runs out. */
export function observedFetch(...answers: Answer[]): ObservedFetch {
  if (answers.length === 0) throw new Error("observedFetch needs an answer: every request must be answered by the test");
  const requests: Request[] = [];
  const signals: AbortSignal[] = [];
  return {
    requests,
    signals,
    fetch: (input, init) => {
      const request = new Request(input, init);
      const answer = answers[Math.min(requests.length, answers.length - 1)]!;
      requests.push(request.clone());
      signals.push(request.signal);
      const { signal } = request;
      return new Promise<Response>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        Promise.resolve()
          .then(() => answer(request))
          .then(resolve, reject);
      });
    },
  };
}

/** undici's shape for a network failure: TypeError("fetch failed") caused by a system error. */
export function fetchFailed(code: string, message = `${code} (test fetch)`): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

/** The connection was refused: nothing was sent. */
export const refused: Answer = () => {
  throw fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 203.0.113.1:443");
};
/** The connection was reset after the request went out: the server may have acted on it. */
export const reset: Answer = () => {
  throw fetchFailed("ECONNRESET", "read ECONNRESET");
};
/** A server that accepts the request and never answers. */
export const hang: Answer = () => new Promise<Response>(() => {});

/** A JSON answer. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/**
 * A problem+json answer for `status`: with the error catalog's `code`, `title` and `type`
 * where the spec documents the status, with `status` and `detail` only where it does not.
 */
export const problem =
  (status: number, headers: Record<string, string> = {}): Answer =>
  () => {
    const catalog: Partial<Record<number, object>> = errorCatalog;
    const body = { ...catalog[status], status, detail: `test fetch answer ${status}` };
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json", ...headers } });
  };
