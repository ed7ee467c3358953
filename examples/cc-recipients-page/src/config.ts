/**
 * Where the page finds the API, read from its URL so that one build runs against Prism, the
 * stateful mock or MSW in the page:
 *
 *   ?api=http://127.0.0.1:4010   the API origin; required unless ?msw (the page never calls
 *                                the production server by default: without it, it shows how
 *                                to start a mock)
 *   &token=test-token            the bearer token (default: the mocks' `test-token`)
 *   &msw                         answer the API from MSW's service worker in the page
 *   &invoice=inv_…               the invoice the resend button sends
 *   &prefer=listInvoiceCcRecipients:delay%3D1500   a Prefer header for one operation (repeatable)
 *
 * A real app takes the origin and token from its own settings; `prefer` is for development
 * and tests only: the mocks read it, the API ignores it.
 */
export interface PageConfig {
  /** `api`: a server named in the URL; `msw`: the mock in the page; `setup`: neither, so nothing is called. */
  mode: "api" | "msw" | "setup";
  apiUrl: string | undefined;
  token: string;
  invoiceId: string;
  /** The `Prefer` header each operation's requests carry, by operationId. */
  prefer: Record<string, string>;
}

export function readConfig(url: URL): PageConfig {
  const params = url.searchParams;
  const prefer: Record<string, string> = {};
  for (const entry of params.getAll("prefer")) {
    const colon = entry.indexOf(":");
    if (colon > 0) prefer[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  const apiUrl = params.get("api") || undefined;
  return {
    mode: params.has("msw") ? "msw" : apiUrl ? "api" : "setup",
    apiUrl,
    token: params.get("token") ?? "test-token",
    invoiceId: params.get("invoice") ?? "",
    prefer,
  };
}
