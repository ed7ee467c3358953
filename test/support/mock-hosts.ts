/**
 * The stateful mock's hosts, behind one shape, so a suite runs unchanged in-process and
 * over HTTP: `fetch` takes a path and answers like the API.
 */
import { createBillingClient, type BillingClient } from "@hostup/billing-client";
import { createBillingMock, type BillingMockOptions, type BillingMockState } from "@hostup/billing-mock";
import { startBillingMock } from "@hostup/billing-mock/node";
import { serverUrl } from "@hostup/billing-openapi";

export interface Host {
  /** Sends a request for `path` (e.g. /api/v2/...) to the mock. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The typed client, pointed at the mock, with `token` unless another is given. */
  client(auth?: { token?: string; session?: string }): BillingClient;
  state: BillingMockState;
  reset(): void;
  close(): Promise<void>;
}

export interface HostKind {
  name: string;
  start(options?: BillingMockOptions): Promise<Host>;
}

/** The client's options for `auth`: the session goes to the spec's cookie scheme, which the client names as the spec does. */
function clientOptions({ token, session }: { token?: string; session?: string }) {
  return { ...(token ? { token } : {}), ...(session ? { credentials: { SessionCookie: session } } : {}) };
}

export const inProcess: HostKind = {
  name: "in-process",
  async start(options) {
    const mock = createBillingMock(options);
    return {
      fetch: (path, init) => mock.fetch(`${serverUrl}${path}`, init),
      client: (auth = { token: "test-token" }) => createBillingClient({ ...clientOptions(auth), fetch: mock.fetch }),
      state: mock.state,
      reset: () => mock.reset(),
      close: async () => {},
    };
  },
};

export const overHttp: HostKind = {
  name: "over HTTP (Node host)",
  async start(options) {
    const server = await startBillingMock({ ...options, port: 0 });
    return {
      fetch: (path, init) => fetch(`${server.url}${path}`, init),
      client: (auth = { token: "test-token" }) => createBillingClient({ ...clientOptions(auth), baseUrl: server.url }),
      state: server.state,
      reset: server.reset,
      close: server.close,
    };
  },
};

export const hosts = [inProcess, overHttp];
