/** Authentication: which fixture credential a request carries for its operation's security requirements, and the scopes it lacks. */
import { parse as parseCookies } from "cookie";
import type { RequestTarget } from "./request-target.ts";
import type { Route, SchemeCheck } from "./routes.ts";
import type { Caller, Store } from "./state.ts";

export interface Authenticated {
  /** Absent when the operation asks for no credential. */
  caller?: Caller;
  /** The scopes the satisfied requirement asks for. */
  scopes: string[];
  /** The parsed Cookie header, when a cookie credential was looked for. */
  cookies?: Record<string, string | undefined>;
}

/** The fixture credentials each kind of scheme is looked up in: tokens for bearer and header or query API keys, sessions for cookies, logins for basic. */
function storeKind(scheme: SchemeCheck): Caller["kind"] {
  if (scheme.credential === "basic") return "basic";
  return scheme.credential === "apiKey" && scheme.in === "cookie" ? "cookie" : "bearer";
}

/** The credential a request carries for `scheme`, as the fixtures key it; undefined when it carries none. */
function credentialOf(
  scheme: SchemeCheck,
  headers: Headers,
  url: RequestTarget,
  cookies: () => Record<string, string | undefined>,
): string | undefined {
  if (scheme.credential === "bearer") return /^Bearer +([\x21-\x7E]+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (scheme.credential === "basic") {
    const encoded = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(headers.get("authorization") ?? "")?.[1];
    if (!encoded) return undefined;
    try {
      // user-id ":" password (RFC 7617 §2), UTF-8; the fixtures key it the same way.
      return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }
  const name = scheme.name!;
  if (scheme.in === "header") return headers.get(name) ?? undefined;
  if (scheme.in === "query") return new URLSearchParams(url.search).get(name) ?? undefined;
  return cookies()[name];
}

/** The caller of the first of the operation's security requirements that the request satisfies; undefined when none is. */
export function authenticate(route: Route, headers: Headers, store: Store, url: RequestTarget): Authenticated | undefined {
  if (route.security.length === 0) return { scopes: [] };
  let cookies: Record<string, string | undefined> | undefined;
  const cookiesOf = () => (cookies ??= parseCookies(headers.get("cookie") ?? ""));
  for (const requirement of route.security) {
    let caller: Caller | undefined;
    const scopes: string[] = [];
    let satisfied = true;
    for (const scheme of requirement) {
      const credential = credentialOf(scheme, headers, url, cookiesOf);
      const kind = storeKind(scheme);
      const fixture = credential !== undefined ? store.credentials.get(kind)?.get(credential) : undefined;
      if (!fixture || credential === undefined) {
        satisfied = false;
        break;
      }
      caller ??= { kind, credential, fixture };
      scopes.push(...scheme.scopes);
    }
    if (satisfied) {
      // Members set only when there is something to set, as before; built without spreading objects on every request.
      const auth: Authenticated = { scopes };
      if (caller) auth.caller = caller;
      if (cookies) auth.cookies = cookies;
      return auth;
    }
  }
  return undefined;
}

/** The scopes the satisfied requirement asks for that the caller's credential was not granted. */
export function missingScopes(auth: Authenticated): string[] {
  // Stryker disable next-line ArrayDeclaration: without a caller nothing is granted; a placeholder scope no requirement names changes nothing.
  const granted = auth.caller?.fixture.scopes ?? [];
  return auth.scopes.filter((scope) => !granted.includes(scope));
}
