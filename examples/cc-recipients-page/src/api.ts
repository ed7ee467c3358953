/** The page's one billing client and its TanStack Query options. */
import { createBillingClient } from "@hostup/billing-client";
import { billingQueries, type BillingQueries } from "@hostup/billing-client/query";
import { operationMetadata } from "@hostup/billing-openapi";
import type { PageConfig } from "./config.ts";

/**
 * `prefer` is read at every request, so a test (or a developer's console) can change the
 * scenario of one operation while the page runs. The middleware sees each attempt the client
 * makes, and knows the operation by its method and path template.
 */
export function createApi(config: PageConfig, prefer: Record<string, string> = config.prefer): BillingQueries {
  const client = createBillingClient({ baseUrl: config.apiUrl, token: config.token });
  const operations = Object.entries(operationMetadata);
  client.raw.use({
    onRequest({ request, schemaPath }) {
      const operation = operations.find(([, meta]) => meta.path === schemaPath && meta.method === request.method)?.[0];
      const value = operation && prefer[operation];
      if (value) request.headers.set("Prefer", value);
      return request;
    },
  });
  return billingQueries(client);
}
