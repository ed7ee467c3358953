/**
 * How the scenario panel reaches the mock behind the page: the stateful mock's control API
 * (`POST /__mock/scenarios`, queued for the operation's next call), Prism's front (no queue: a
 * `Prefer` header on the operation's next request), or the mock in the page (MSW). Loaded only
 * with the panel, and only against a mock.
 */
import type { BillingMock } from "@hostup/billing-mock";

/** A scenario in the mocks' shared vocabulary (see packages/billing-mock's README, Scenarios and Faults). */
export interface Words {
  code?: number;
  example?: string;
  delay?: number;
  fault?: "reset" | "drop-after-commit" | "slow-body" | "malformed";
}

export interface MockTarget {
  /** `stateful` (Node host), `prism` (`pnpm mock`) or `msw` (in the page). */
  kind: "stateful" | "prism" | "msw";
  /** Plays `words` on the operation's next call. */
  next(operationId: string, words: Words): Promise<void>;
  /** Back to the fixtures (a no-op on Prism, which keeps no data). */
  reset(): Promise<void>;
}

function preferOf(words: Words): string {
  return Object.entries(words)
    .map(([word, value]) => `${word}=${value}`)
    .join(", ");
}

async function control(apiUrl: string, method: string, path: string, body?: object): Promise<Response> {
  // JSON even without a body: the control API changes state only for a request a browser preflights.
  const response = await fetch(`${apiUrl}/__mock/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`The mock refused ${method} /__mock/${path}: ${response.status}`);
  return response;
}

/** The mock behind `apiUrl`, or undefined for a server that is none (no panel then). */
export async function findMock(apiUrl: string, once: Record<string, string>): Promise<MockTarget | undefined> {
  const probe = (path: string) =>
    fetch(`${apiUrl}/__mock/${path}`).then(
      (response) => response.ok,
      () => false,
    );
  if (await probe("state")) {
    return {
      kind: "stateful",
      next: async (operationId, words) => void (await control(apiUrl, "POST", "scenarios", { operationId, ...words })),
      reset: async () => void (await control(apiUrl, "POST", "reset")),
    };
  }
  if (await probe("requests")) {
    return {
      kind: "prism",
      next: async (operationId, words) => void (once[operationId] = preferOf(words)),
      reset: async () => {
        for (const operationId in once) delete once[operationId];
        await control(apiUrl, "POST", "reset");
      },
    };
  }
  return undefined;
}

export function inPageMock(mock: BillingMock): MockTarget {
  return {
    kind: "msw",
    next: async (operationId, words) => mock.scenarios.next(operationId as never, words as never),
    reset: async () => mock.reset(),
  };
}
