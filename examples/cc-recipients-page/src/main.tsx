/**
 * Entry point: reads the page's configuration and renders at once. With `?msw` the loading state
 * shows while the worker starts; without an API it shows how to start a mock and calls nothing.
 * The scenario panel loads as its own chunk once a mock is found behind the API.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api.ts";
import { CcRecipientsSettings, LoadingShell } from "./App.tsx";
import { readConfig } from "./config.ts";
import { Setup } from "./Setup.tsx";

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
const root = createRoot(document.getElementById("root")!);
const render = (page: ReactNode) => root.render(<StrictMode>{page}</StrictMode>);

if (config.mode === "setup") render(<Setup />);
else {
  const queries = createApi(config, window.billingPrefer, window.billingPreferOnce);
  const queryClient = new QueryClient();
  const page = (panel?: ReactNode) =>
    render(
      <QueryClientProvider client={queryClient}>
        <CcRecipientsSettings queries={queries} invoiceId={config.invoiceId} panel={panel} />
      </QueryClientProvider>,
    );
  if (config.mode === "msw") {
    render(<LoadingShell note="Starting the mock in this page." />);
    const [{ startMockWorker }, panel] = await Promise.all([import("./mock-worker.ts"), import("./panel.ts")]);
    window.billingMock = await startMockWorker(config.apiUrl);
    page(<panel.ScenarioPanel target={panel.inPageMock(window.billingMock)} queries={queries} />);
  } else {
    page();
    const panel = await import("./panel.ts");
    const target = await panel.findMock(config.apiUrl!, window.billingPreferOnce);
    if (target) page(<panel.ScenarioPanel target={target} queries={queries} />);
  }
}
