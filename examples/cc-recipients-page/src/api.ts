/** The page's one billing client and its TanStack Query options. */
import { createBillingClient } from "@hostup/billing-client";
import { billingQueries, type BillingQueries } from "@hostup/billing-client/query";
import type { PageConfig } from "./config.ts";

/**
 * `prefer` is read at every request, so a test (or a developer's console) can change the
 * scenario of one operation while the page runs; an entry of `once` goes with the operation's
 * next request only (how the scenario panel plays a scenario on Prism, which queues none).
 * onRequest sees each attempt the client makes, with its operation.
 */
export function createApi(
  config: PageConfig,
  prefer: Record<string, string> = config.prefer,
  once: Record<string, string> = {},
): BillingQueries {
  const client = createBillingClient({
    baseUrl: config.apiUrl,
    token: config.token,
    onRequest(request, operation) {
      const value = once[operation] ?? prefer[operation];
      delete once[operation];
      if (value) request.headers.set("Prefer", value);
    },
  });
  return billingQueries(client);
}
