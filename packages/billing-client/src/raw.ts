/**
 * `@hostup/billing-client/raw`: the typed openapi-fetch client for what the generated methods do
 * not cover, with the same base URL, credentials, redirect policy and path checks, but no
 * retries, timeouts or body limit. A subpath of its own, so that an application that calls only
 * the methods does not bundle openapi-fetch.
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "@hostup/billing-openapi";
import type { BillingClientOptions, Operation } from "./client.ts";
import { checkBaseUrl } from "./checks.ts";
import { ask, credentialsOf, place, type Scheme } from "./credentials.ts";
import { operationTable, securitySchemes, serverUrl } from "./operations.gen.ts";
import { checkValue } from "./wire/check-value.ts";
import { pathSimple } from "./wire/path-styles.ts";

export type { Client, Middleware } from "openapi-fetch";

/** The typed openapi-fetch client; `use()` adds middleware, as openapi-fetch documents. */
export function createRawClient(options: BillingClientOptions = {}): Client<paths> {
  const baseUrl = checkBaseUrl(options.baseUrl ?? serverUrl);
  const { fetch: globalFetch = globalThis.fetch } = options;
  const secrets: string[] = [];
  const credentials = credentialsOf(securitySchemes as Record<string, Scheme>, options.credentials, options.token, secrets);
  const table = Object.values(operationTable as Record<string, Operation>);
  return createClient<paths>({
    baseUrl,
    // raw knows no operation: it sends every credential it has.
    fetch: async (request: Request) => {
      const headers: Record<string, string> = {};
      const cookie = request.headers.get("cookie");
      if (cookie) headers.cookie = cookie;
      let url = request.url;
      for (const entry of credentials) {
        if (entry[2] !== undefined) url = place(entry[1], typeof entry[2] == "string" ? entry[2] : await ask(entry, secrets), headers, url);
      }
      const authorized = url == request.url ? request : new Request(url, request);
      for (const [name, value] of Object.entries(headers)) authorized.headers.set(name, value);
      return globalFetch(authorized);
    },
    // Never follow: a 307/308 would send the body (and, to the same origin, the credentials) to
    // wherever Location points, and a 301-303 would turn a POST into a GET that "succeeds".
    redirect: "manual",
    // raw knows the path but not the operation: a value must hold the schemas of every operation
    // on that path, and any value keeps to its segment (no "", "." or "..", every "/" encoded).
    pathSerializer: (url: string, params: Record<string, unknown>) =>
      url.replace(/\{([^}]+)\}/g, (_, name: string) => {
        for (const { p, x } of table) {
          if (url.endsWith(p)) for (const [parameter, , , schema] of x ?? []) if (parameter == name) checkValue(name, params[name], schema);
        }
        return pathSimple(name, params[name], false);
      }),
  });
}
