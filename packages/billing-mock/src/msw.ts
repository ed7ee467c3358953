/**
 * MSW (Mock Service Worker) request handlers that answer with the mock's fetch handler,
 * for browser apps (setupWorker) and Node tests (setupServer).
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { serverUrl } from "@hostup/billing-openapi";
import type { BillingMock } from "./in-process.ts";

export interface BillingHandlersOptions {
  /** The API origin the app calls. Defaults to the spec's server, https://cloud.hostup.se. */
  baseUrl?: string;
}

/**
 * One handler per path in the spec, for every method, so a wrong method still gets the
 * API's 405 Problem; requests to any other path fall through to the app's other handlers.
 * A dropped connection (`fault=reset`) is MSW's network error, as a reset is to the app.
 */
export function billingHandlers(mock: BillingMock, options: BillingHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? serverUrl).replace(/\/+$/, "");
  // MSW writes path parameters as :name where OpenAPI writes {name}.
  return Object.keys(spec.paths).map((path) =>
    http.all(`${base}${path.replace(/\{([^}]+)\}/g, ":$1")}`, ({ request }) =>
      mock.fetch(request).catch((error: unknown) => {
        if (error instanceof TypeError && (error.cause as { code?: string } | undefined)?.code === "ECONNRESET")
          return HttpResponse.error();
        throw error;
      }),
    ),
  );
}
