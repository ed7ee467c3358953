import { inject } from "vitest";

/**
 * Base URL of the API the contract suites run against: BILLING_API_URL when set (another
 * mock, or a real deployment), else the Prism instance the global setup started.
 */
export function apiBaseUrl(): string {
  return process.env.BILLING_API_URL ?? inject("prismUrl");
}

/**
 * What a target can show: `examples` answers from the spec's examples and picks one by the
 * `Prefer` header (Prism); `stateful` behaves like the API, with the stateful mock's
 * default fixtures (tokens, sessions, invoices); `server` is any other server, checked for
 * what every implementation of the spec must do.
 */
export type TargetKind = "examples" | "stateful" | "server";

export interface ApiTarget {
  name: string;
  url: string;
  kind: TargetKind;
  /** The operations it has no behaviour for and answers from the spec's examples (the stateful mock says which). */
  fromExamples?: readonly string[];
  /** A login its fixtures know, for operations secured by HTTP basic. */
  login?: { username: string; password: string };
}

/**
 * The targets of the contract suite: BILLING_API_URL alone when set (its kind from
 * BILLING_API_KIND, default `server`; BILLING_API_FROM_EXAMPLES lists, comma-separated, the
 * operations a stateful one answers from examples), else Prism from examples and the stateful mock
 * behind `prism proxy --errors`.
 */
export function apiTargets(): ApiTarget[] {
  const url = process.env.BILLING_API_URL;
  if (url) {
    const kind = (process.env.BILLING_API_KIND ?? "server") as TargetKind;
    if (!["examples", "stateful", "server"].includes(kind))
      throw new Error(`BILLING_API_KIND must be examples, stateful or server, not ${kind}`);
    // A stateful mock started elsewhere names its example-served operations in its start-up line.
    const fromExamples = process.env.BILLING_API_FROM_EXAMPLES?.split(",").filter(Boolean) ?? [];
    return [{ name: `${url} (BILLING_API_URL)`, url, kind, fromExamples }];
  }
  return [
    { name: "Prism from examples", url: inject("prismUrl"), kind: "examples" },
    {
      name: "the stateful mock through prism proxy --errors",
      url: inject("statefulUrl"),
      kind: "stateful",
      fromExamples: inject("statefulFromExamples"),
    },
  ];
}

/** A fetch that adds Prism's `Prefer` header, to pick a response code and example by name. */
export function preferring(prefer: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set("Prefer", prefer);
    return fetch(request);
  };
}
