/** Authentication: which fixture credential a request carries for its operation's security requirements, and the scopes it lacks. */
import { parse as parseCookies } from "cookie";
import type { Route } from "./routes.ts";
import type { Caller, Store } from "./state.ts";

export interface Authenticated {
  /** Absent when the operation asks for no credential. */
  caller?: Caller;
  /** The scopes the satisfied requirement asks for. */
  scopes: string[];
  /** The parsed Cookie header, when a session cookie was looked for: validation reuses it. */
  cookies?: Record<string, string | undefined>;
}

/** The caller of the first of the operation's security requirements that the request satisfies; undefined when none is. */
export function authenticate(route: Route, headers: Headers, store: Store): Authenticated | undefined {
  if (route.security.length === 0) return { scopes: [] };
  let cookies: Record<string, string | undefined> | undefined;
  for (const requirement of route.security) {
    let caller: Caller | undefined;
    const scopes: string[] = [];
    let satisfied = true;
    for (const scheme of requirement) {
      let credential: string | undefined;
      if (scheme.kind === "bearer") {
        credential = /^Bearer +([\x21-\x7E]+)$/i.exec(headers.get("authorization") ?? "")?.[1];
      } else if (scheme.kind === "cookie") {
        cookies ??= parseCookies(headers.get("cookie") ?? "");
        credential = cookies[scheme.cookie!];
      }
      // Stryker disable next-line LogicalOperator,OptionalChaining: the credentials map holds both kinds a credential can be read for, and none under an undefined key.
      const fixture = scheme.kind && credential !== undefined ? store.credentials.get(scheme.kind)?.get(credential) : undefined;
      if (!fixture || credential === undefined || !scheme.kind) {
        satisfied = false;
        break;
      }
      caller ??= { kind: scheme.kind, credential, fixture };
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
