/**
 * Entry point: reads the page's configuration and asks for the list at once, while React and
 * the screens (render.tsx) load. With `?msw` the loading state shows while the worker starts;
 * without an API it shows how to start a mock and calls nothing. The scenario panel loads as its
 * own chunk after the list has answered, once a mock is found behind the API.
 */
import { QueryClient } from "@tanstack/query-core";
import { createApi } from "./api.ts";
import { readConfig } from "./config.ts";

declare global {
  interface Window {
    /** The Prefer header per operationId, live: set an entry to change one operation's scenario. */
    billingPrefer: Record<string, string>;
    /** A Prefer header for the operation's next request only (the scenario panel on Prism). */
    billingPreferOnce: Record<string, string>;
    /** The in-page mock when the page runs on MSW (`?msw`), to reset it or read its state. */
    billingMock?: import("@hostup/billing-mock").BillingMock;
  }
}

const config = readConfig(new URL(location.href));
// The mock in the page answers on the page's own origin: should the worker not start, a request
// reaches this page's server (a 404), never the production API.
if (config.mode === "msw") config.apiUrl ??= location.origin;
window.billingPrefer = config.prefer;
window.billingPreferOnce = {};
const ui = import("./render.tsx");

if (config.mode === "setup") await (await ui).renderSetup();
else {
  const queries = createApi(config, window.billingPrefer, window.billingPreferOnce);
  // The list fetched before the first render is fresh for a while: the screen mounting is no reason to ask again.
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } });
  if (config.mode === "msw") {
    // The worker installs while the mock's chunk and React load: MSW's start then finds it registered.
    void navigator.serviceWorker?.register("/mockServiceWorker.js").catch(() => undefined);
    const mockChunk = import("./mock-worker.ts");
    (await ui).renderLoading("Starting the mock in this page.");
    window.billingMock = await (await mockChunk).startMockWorker(config.apiUrl);
  }
  const listed = queryClient.prefetchQuery(queries.listInvoiceCcRecipients());
  const { renderPage } = await ui;
  renderPage(queryClient, queries, config.invoiceId);
  // The panel takes no time from the list: it loads once the list has answered.
  await listed;
  const panel = await import("./panel.ts");
  const target = window.billingMock ? panel.inPageMock(window.billingMock) : await panel.findMock(config.apiUrl!, window.billingPreferOnce);
  if (target) renderPage(queryClient, queries, config.invoiceId, <panel.ScenarioPanel target={target} queries={queries} />);
}
