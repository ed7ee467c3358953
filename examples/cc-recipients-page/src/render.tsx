/**
 * React and the screens: a chunk of its own, so that main.js can ask for the list while this
 * one downloads and evaluates, instead of after.
 */
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import type { BillingQueries } from "@hostup/billing-client/query";
import { CcRecipientsSettings, LoadingShell } from "./App.tsx";

const root = createRoot(document.getElementById("root")!);
const render = (page: ReactNode) => root.render(<StrictMode>{page}</StrictMode>);

/** The how-to-start screen: its own chunk, since a page with an API never needs it. */
export async function renderSetup(): Promise<void> {
  const { Setup } = await import("./Setup.tsx");
  render(<Setup />);
}

export const renderLoading = (note: string) => render(<LoadingShell note={note} />);

export function renderPage(queryClient: QueryClient, queries: BillingQueries, invoiceId: string, panel?: ReactNode): void {
  render(
    <QueryClientProvider client={queryClient}>
      <CcRecipientsSettings queries={queries} invoiceId={invoiceId} panel={panel} />
    </QueryClientProvider>,
  );
}
