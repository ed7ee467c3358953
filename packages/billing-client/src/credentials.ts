/**
 * How the client sends each security scheme the spec declares, as `pnpm generate` writes them
 * into operations.gen.ts (`securitySchemes`): where the credential goes, under which name,
 * after which prefix, and how it is encoded first. Only a spec with an HTTP basic scheme
 * bundles `basicCredentials`.
 */
import { checkSecret } from "./checks.ts";

/**
 * `[where, name, prefix, encode]`: `h` a header (`Authorization`, or an apiKey's header), `q`
 * a query parameter, `c` a cookie; the prefix goes before a header's value (`Bearer `).
 */
export type Scheme = [where: "h" | "q" | "c", name: string, prefix?: string, encode?: (value: string) => string];

/** A credential as the caller gives it: the value, or a function called before every attempt (sync or async). */
export type Credential = string | (() => string | Promise<string>);

/** A scheme's name, how it is sent, its credential (a fixed one already encoded and checked) and the option that gave it. */
type Entry = readonly [name: string, scheme: Scheme, value: Credential | undefined, argument: string];

/** HTTP basic (RFC 7617): the caller's `username:password`, UTF-8 then base64. */
export const basicCredentials = (value: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(value)));

/**
 * Each scheme with the caller's credential for it: the one `given` under its name, or for a
 * bearer scheme `token`. A fixed credential is encoded and checked once, here; every value
 * sent joins `secrets`, to be cut out of error bodies.
 */
export function credentialsOf(
  schemes: Record<string, Scheme>,
  given: object = {},
  token: Credential | undefined,
  secrets: string[],
): Entry[] {
  return Object.entries(schemes).map(([name, scheme]) => {
    const own = (given as Record<string, Credential | undefined>)[name];
    const value = own ?? (scheme[2] == "Bearer " ? token : undefined);
    const argument = own ? `credentials.${name}` : "token";
    return [name, scheme, typeof value == "string" ? checkSecret(argument, scheme[3]?.(value) ?? value, secrets) : value, argument];
  });
}

/**
 * Adds one credential, as its scheme sends it, to `headers` (lower-case names), and returns
 * `url` with it when it travels in the query.
 */
export function place([where, key, prefix = ""]: Scheme, sent: string, headers: Record<string, string>, url: string): string {
  if (where == "h") headers[key.toLowerCase()] = prefix + sent;
  else if (where == "c") headers.cookie = (headers.cookie ? headers.cookie + "; " : "") + key + "=" + sent;
  else url += (url.includes("?") ? "&" : "?") + encodeURIComponent(key) + "=" + encodeURIComponent(sent);
  return url;
}

/** A function credential's value, asked for now (once per attempt), encoded and checked like a fixed one. */
export async function ask([, [, , , encode], value, argument]: Entry, secrets: string[]): Promise<string> {
  const sent = await (value as () => string | Promise<string>)();
  return checkSecret(argument, encode?.(sent) ?? sent, secrets);
}
