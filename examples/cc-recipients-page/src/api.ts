/** The page's one billing client and its TanStack Query options. */
import { createBillingClient } from "@hostup/billing-client";
import { billingQueries, type BillingQueries } from "@hostup/billing-client/query";
import { operationMetadata } from "@hostup/billing-openapi";
import type { PageConfig } from "./config.ts";

/**
 * `prefer` is read at every request, so a test (or a developer's console) can change the
 * scenario of one operation while the page runs; an entry of `once` goes with the operation's
 * next request only (how the scenario panel plays a scenario on Prism, which queues none). The
 * middleware sees each attempt the client makes, and knows the operation by its method and
 * path template.
 */
export function createApi(
  config: PageConfig,
  prefer: Record<string, string> = config.prefer,
  once: Record<string, string> = {},
): BillingQueries {
  const client = createBillingClient({ baseUrl: config.apiUrl, token: config.token });
  const operations = Object.entries(operationMetadata);
  client.raw.use({
    onRequest({ request, schemaPath }) {
      const operation = operations.find(([, meta]) => meta.path === schemaPath && meta.method === request.method)?.[0];
      if (!operation) return request;
      const value = once[operation] ?? prefer[operation];
      delete once[operation];
      if (value) request.headers.set("Prefer", value);
      return request;
    },
  });
  return billingQueries(client);
}
