import { inject } from "vitest";

/**
 * Base URL of the API the contract suites run against: BILLING_API_URL when set (another
 * mock, or a real deployment), else the Prism instance the global setup started.
 */
export function apiBaseUrl(): string {
  return process.env.BILLING_API_URL ?? inject("prismUrl");
}

/** A fetch that adds Prism's `Prefer` header, to pick a response code and example by name. */
export function preferring(prefer: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set("Prefer", prefer);
    return fetch(request);
  };
}
