/**
 * Who may use the control API under `/__mock/`. A mock on a developer's machine is reachable
 * by every web page they open, so, as Vite's dev server does since its DNS-rebinding advisory
 * (`server.allowedHosts` and its origin checks), a control request is refused before it acts
 * unless: its `Host` is a loopback name or an allowed one (a rebound DNS name is neither); its
 * `Origin`, when it has one, is a loopback origin or an allowed one; it carries the control
 * token, when one is set; and, when it may change state, it says it is JSON, which a browser
 * sends cross-origin only after a CORS preflight (a `<form>` or a `text/plain` fetch cannot).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { corsHeaders } from "./cors.ts";
import { problem } from "./problems.ts";
import { newExchange } from "./replies.ts";
import { bearerChallenge } from "./www-authenticate.ts";

export interface ControlAccess {
  /** Host names besides loopback ones that may reach `/__mock/`; a leading dot (`.example.test`) admits the name and its subdomains. */
  allowedHosts?: readonly string[];
  /** Origins besides loopback ones that may call `/__mock/` from a browser, such as `https://app.example.test:3000`. */
  allowedOrigins?: readonly string[];
  /** When set, every `/__mock/` request but a preflight needs `Authorization: Bearer <controlToken>`. */
  controlToken?: string;
}

/** The realm of the control API's challenges: the mock's own, not the API it mocks. */
const CONTROL_REALM = "billing mock control API";

/** Characters a `Host` of host[:port] cannot have, but a URL would read as something else (user info, a path). */
const NOT_IN_A_HOST = /[\s@/\\?#]/;

/** Methods a control request may use without changing state. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Refuses a control request that may not proceed (a Problem answer); undefined lets it through. */
export type ControlGate = (request: Request) => Response | undefined;

/** The gate for these settings; a TypeError names the first setting that cannot mean anything. */
export function controlGate(access: ControlAccess, now: () => Date): ControlGate {
  const hosts = (access.allowedHosts ?? []).map(checkedHost);
  const origins = new Set((access.allowedOrigins ?? []).map(checkedOrigin));
  const token = access.controlToken === undefined ? undefined : digest(checkedToken(access.controlToken));

  return (request) => {
    const { pathname } = new URL(request.url);
    const origin = request.headers.get("origin");
    const refuse = (status: 401 | 403, detail: string, headers: Record<string, string> = {}) =>
      problem(newExchange(now(), pathname, headers), status, { detail });

    const host = request.headers.get("host");
    const hostname = hostnameOf(host);
    if (!hostname || !(isLoopback(hostname) || hosts.some((allowed) => hostMatches(hostname, allowed)))) {
      return refuse(
        403,
        `Host ${JSON.stringify(host ?? "")} may not reach the control API: only loopback names and allowedHosts (MOCK_ALLOWED_HOSTS) may.`,
      );
    }
    if (origin !== null && !originAllowed(origin, origins)) {
      // No CORS headers: the page that sent it may not even read the refusal.
      return refuse(
        403,
        `Origin ${JSON.stringify(origin)} may not call the control API: only loopback origins and allowedOrigins (MOCK_ALLOWED_ORIGINS) may.`,
      );
    }
    // A preflight carries no credentials; the request it clears is checked when it comes.
    if (request.method === "OPTIONS") return undefined;
    const cors = corsHeaders(origin);
    if (token) {
      const sent = /^Bearer +(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
      if (sent === undefined || !timingSafeEqual(digest(sent), token)) {
        const challenge = bearerChallenge(CONTROL_REALM, sent === undefined ? {} : { error: "invalid_token" });
        return refuse(401, "The control API needs Authorization: Bearer <the control token> (controlToken, MOCK_CONTROL_TOKEN).", {
          ...cors,
          "www-authenticate": challenge,
        });
      }
    }
    if (!SAFE_METHODS.has(request.method) && !isJson(request.headers.get("content-type"))) {
      return refuse(
        403,
        `${request.method} ${pathname} changes the mock's state, so it must be sent with Content-Type: application/json, which a browser sends from another origin only after a CORS preflight.`,
        cors,
      );
    }
    return undefined;
  };
}

/** The host name of a `Host` header, normalised as a URL's (lower case, IPv4 in dotted decimal); undefined when it is not a plain host[:port]. */
function hostnameOf(host: string | null): string | undefined {
  if (!host || NOT_IN_A_HOST.test(host)) return undefined;
  try {
    return withoutFinalDot(new URL(`http://${host}`).hostname);
  } catch {
    return undefined;
  }
}

/** `localhost`, `*.localhost` (RFC 6761), `127.0.0.0/8` and `[::1]`, as a URL writes them. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function hostMatches(hostname: string, allowed: string): boolean {
  return allowed.startsWith(".") ? hostname === allowed.slice(1) || hostname.endsWith(allowed) : hostname === allowed;
}

function originAllowed(origin: string, allowed: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // `null` (a sandboxed frame, a file, a redirect) and anything else that is no URL.
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return isLoopback(withoutFinalDot(url.hostname)) || allowed.has(url.origin);
}

function isJson(contentType: string | null): boolean {
  const essence = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return essence === "application/json" || /^application\/[\w.-]+\+json$/.test(essence);
}

function withoutFinalDot(hostname: string): string {
  return hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
}

/** Equal-length digests, so comparing them takes the same time whatever was sent. */
function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

function checkedHost(host: string): string {
  const dot = host.startsWith(".") ? "." : "";
  const name = host.slice(dot.length);
  let url: URL | undefined;
  try {
    url = NOT_IN_A_HOST.test(name) ? undefined : new URL(`http://${name}`);
  } catch {
    // Reported below.
  }
  if (!name || !url || url.port !== "") {
    throw new TypeError(
      `allowedHosts (MOCK_ALLOWED_HOSTS): ${JSON.stringify(host)} is not a host name (without a port), such as mock.example.test or .example.test`,
    );
  }
  return dot + withoutFinalDot(url.hostname);
}

function checkedOrigin(origin: string): string {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    // Reported below.
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin.replace(/\/$/, "").toLowerCase()) {
    throw new TypeError(
      `allowedOrigins (MOCK_ALLOWED_ORIGINS): ${JSON.stringify(origin)} is not an origin (scheme://host[:port]), such as https://app.example.test:3000`,
    );
  }
  return url.origin;
}

function checkedToken(token: string): string {
  // The characters `Authorization: Bearer` can carry; an empty token would let anyone in.
  if (!/^[\x21-\x7E]+$/.test(token))
    throw new TypeError("controlToken (MOCK_CONTROL_TOKEN) must be one or more visible ASCII characters, without spaces");
  return token;
}
