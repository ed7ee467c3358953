/** Entry point: reads the page's configuration, starts MSW when asked, renders the settings page. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api.ts";
import { CcRecipientsSettings } from "./App.tsx";
import { readConfig } from "./config.ts";

declare global {
  interface Window {
    /** The Prefer header per operationId, live: set an entry to change one operation's scenario. */
    billingPrefer: Record<string, string>;
    /** The in-page mock when the page runs on MSW (`?msw`), to reset it or read its state. */
    billingMock?: import("@hostup/billing-mock").BillingMock;
  }
}

const config = readConfig(new URL(location.href));
window.billingPrefer = config.prefer;
if (config.msw) window.billingMock = await (await import("./mock-worker.ts")).startMockWorker(config.apiUrl);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={new QueryClient()}>
      <CcRecipientsSettings queries={createApi(config, window.billingPrefer)} invoiceId={config.invoiceId} />
    </QueryClientProvider>
  </StrictMode>,
);
