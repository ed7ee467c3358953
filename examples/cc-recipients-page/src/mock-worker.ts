/**
 * The API answered in the page by MSW's service worker and the stateful mock: no server at
 * all. Loaded with a dynamic import only when the page asks for it (`?msw`), so the mock and
 * its validators stay out of the page's own bundle.
 */
import { setupWorker } from "msw/browser";
import { createBillingMock, type BillingMock } from "@hostup/billing-mock";
import { billingHandlers } from "@hostup/billing-mock/msw";

export async function startMockWorker(baseUrl: string | undefined): Promise<BillingMock> {
  const mock = createBillingMock();
  const worker = setupWorker(...billingHandlers(mock, { baseUrl }));
  // mockServiceWorker.js must be served from the page's origin (`npx msw init <public dir>`).
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, onUnhandledFrame: "bypass", quiet: true });
  return mock;
}
