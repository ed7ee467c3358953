/**
 * Prism, run through its JS API behind a small guard.
 *
 * Prism 5.16 never answers a request whose JSON body is malformed: its body parser
 * rejects, and its error path then waits for a stream `end` event that already fired.
 * The guard reads the body first, answers malformed JSON and oversized bodies with a
 * 400 Problem document itself, and passes everything else through unchanged. It also
 * owns CORS, so the guard's own answers are readable from a browser too, and it can
 * swap the Prism instance behind it when the spec changes (`reload`).
 *
 * It speaks the scenario words of the stateful mock that Prism lacks: `Prefer: delay=<ms>`
 * and `Prefer: fault=…` (Prism reads `code` and `example` itself), and answers a method
 * no operation of a path has, or one fetch cannot forward (TRACE), with the stateful mock's
 * 405 Problem instead of Prism's own or a plain-text 500.
 *
 * It applies the spec's rules for requests no operation describes as the stateful mock does
 * (prism-request-rules.ts: `Accept`, `Prefer`, bodies, query parameters, a byte order mark,
 * percent-encoded unreserved characters in the path), so `test/contract/conformance.test.ts`
 * finds the two mocks answering alike.
 *
 * A 403 that Prism answers from the spec's examples gets the RFC 6750 `insufficient_scope`
 * challenge (prism-challenge.ts).
 *
 * It keeps the stateful mock's request journal (`/__mock/requests`), so a test can check what
 * an app sent either mock.
 */
import { createLogger } from "@stoplight/prism-core";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";
import type { HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { proxy } from "hono/proxy";
import { TrieRouter } from "hono/router/trie-router";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { renderReference, type ReferencePage } from "./api-reference.ts";
// One body limit and one longest `Prefer: delay` for both mock servers.
import { MAX_BODY_BYTES, MAX_DELAY_MS } from "@hostup/billing-mock";
// Listening, CORS and Problem documents come from the stateful mock's pieces for servers, so both mock servers answer alike.
import {
  BOM_DETAIL,
  browserCors,
  controlGate,
  type ControlAccess,
  cutJson,
  drip,
  formFields,
  FAULTS,
  isFault,
  listen,
  normalizePath,
  problemDocument,
  RequestJournal,
  secretsOf,
  startsWithBom,
  type Fault,
  type JournalLimits,
  type Listening,
  type Recorded,
} from "@hostup/billing-mock/server";
import {
  acceptForCode,
  acceptForSuccess,
  checkPrefer,
  modelOf,
  operationRules,
  refuseAccept,
  refuseBody,
  refuseParameters,
  rulesFor,
} from "./prism-request-rules.ts";
import type { OperationModel } from "./operation-model.ts";
import { bearerScopesByRoute, withScopeChallenge } from "./prism-challenge.ts";
import { announceDeprecation } from "./prism-deprecation.ts";
import { generatedDir } from "./paths.ts";

export interface PrismMockOptions extends ControlAccess {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Prism's --errors: a response that contradicts the spec becomes an error instead of a warning. */
  errors?: boolean;
  /** Proxy to this upstream (prism proxy) instead of answering from examples; only the upstream's answers are validated. */
  upstream?: string;
  /** Called with a one-line summary of each request, preflights included. */
  log?: (line: string) => void;
  /** The bundled spec: a file path or the parsed document. Defaults to generated/openapi.json. */
  spec?: string | object;
  /** The request journal's bounds, as the stateful mock's (default 1000 entries, 4 MiB, 4096 bytes of each body). */
  journal?: JournalLimits;
}

export interface PrismMock extends Listening {
  /** Serves a new bundled spec from now on; requests in flight finish on the old one. */
  reload(spec: string | object): Promise<void>;
  /** The requests the front saw, as `GET /__mock/requests` answers them. */
  readonly journal: RequestJournal;
}

async function startPrism(spec: string | object, options: PrismMockOptions) {
  const operations = await getHttpOperationsFromSpec(typeof spec === "string" ? spec : structuredClone(spec));
  const shared = {
    // The front checks parameters and bodies itself, with the stateful mock's code (refuseParameters):
    // Prism's own parameter deserializers throw on array path parameters and take the process down.
    validateRequest: false,
    validateResponse: true,
    checkSecurity: true,
    errors: options.errors ?? false,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  // As a proxy, Prism forwards every request and checks only the answer: with its own request and
  // security checks it would answer a bad request itself (422, or a 401 of its own) and the
  // upstream's documented answer would never be seen, let alone checked.
  const proxied = { ...shared, validateRequest: false, checkSecurity: false, isProxy: true as const };
  const server = createServer(operations, {
    cors: false,
    config: options.upstream ? { ...proxied, upstream: new URL(options.upstream) } : { ...shared, isProxy: false },
    components: { logger: createLogger("PRISM", { level: "silent" }) },
  } as Parameters<typeof createServer>[1]);
  const url = await server.listen(0, "127.0.0.1");
  return { url, close: () => server.close() };
}

/** A 400 `invalid_request` Problem answer. */
function invalidRequest(instance: string, title: string, detail: string): Response {
  return Response.json(problemDocument(400, { title, detail }, instance), {
    status: 400,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/** A 404 `not_found` Problem answer for a path no operation is served at, as the stateful mock gives it. */
function notFound(instance: string): Response {
  return Response.json(problemDocument(404, { detail: `No operation is served at ${instance}.` }, instance), {
    status: 404,
    headers: { "Content-Type": "application/problem+json" },
  });
}

/** What the guard does itself before Prism sees a request; `prefer` is the header left for Prism. */
interface Scenario {
  delay: number;
  fault: Fault | undefined;
  prefer: string | undefined;
}

/**
 * Takes `delay` and `fault` out of a `Prefer` header (RFC 7240: comma-separated preferences,
 * each `token[=value]`, parameters after `;`) and leaves the rest, such as `code` and
 * `example`, for Prism. Returns an error message naming the bad preference instead.
 */
export function takeScenario(header: string | null): Scenario | string {
  const scenario: Scenario = { delay: 0, fault: undefined, prefer: undefined };
  const rest: string[] = [];
  for (const preference of (header ?? "").split(",")) {
    const [token = "", value = ""] = preference
      .split(";")[0]!
      .split("=", 2)
      .map((part) => part.trim().replace(/^"(.*)"$/, "$1"));
    const name = token.toLowerCase();
    if (name === "delay") {
      if (!/^\d+$/.test(value) || Number(value) > MAX_DELAY_MS)
        return `Prefer: delay=${value} is not a whole number of milliseconds from 0 to ${MAX_DELAY_MS}.`;
      scenario.delay = Number(value);
    } else if (name === "fault") {
      if (!isFault(value))
        return `Prefer: fault=${value} is not a fault the mock knows; it knows ${FAULTS.map((f) => `fault=${f}`).join(", ")}.`;
      scenario.fault = value;
    } else if (token) rest.push(preference.trim());
  }
  if (scenario.fault === "slow-body" && scenario.delay === 0)
    return "Prefer: fault=slow-body sends the body over delay milliseconds; give a delay of 1 or more.";
  if (rest.length > 0) scenario.prefer = rest.join(", ");
  return scenario;
}

/** What the journal learns about a request while the front answers it. */
interface Trace {
  entry: Recorded;
  answeredBy: "behaviour" | "example" | "scenario" | "upstream";
  fault: Fault | undefined;
  /** The connection was dropped: no status went out. */
  dropped: boolean;
}

/** A 405 Problem answer, the stateful mock's own: `allowed` are the methods the path has. */
function methodNotAllowed(instance: string, method: string, allowed: string[]): Response {
  const detail = allowed.length > 0 ? `${method} is not allowed here; use ${allowed.join(", ")}.` : `${method} is not allowed here.`;
  return Response.json(problemDocument(405, { detail }, instance), {
    status: 405,
    headers: { "Content-Type": "application/problem+json", ...(allowed.length > 0 ? { Allow: allowed.join(", ") } : {}) },
  });
}

/** Methods fetch refuses to send (the Fetch standard's forbidden methods), so the guard can never forward them. */
const UNFORWARDABLE = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Each path of the spec with its operations' ids by method (upper case), found by Hono's router. */
function methodsByPath(model: OperationModel): TrieRouter<Record<string, string | null>> {
  const byPath = new Map<string, Record<string, string>>();
  for (const { path, method, operationId } of Object.values(model.operations)) {
    byPath.set(path, { ...byPath.get(path), [method]: operationId });
  }
  const router = new TrieRouter<Record<string, string | null>>();
  for (const [path, methods] of byPath) router.add("ALL", path.replace(/\{([^}]+)\}/g, ":$1"), methods);
  return router;
}

/** The control paths the front serves itself: the journal, and a reset of it. */
const JOURNAL_PATH = "/__mock/requests";
const RESET_PATH = "/__mock/reset";

async function loadSpec(spec: string | object): Promise<object> {
  return typeof spec === "string" ? (JSON.parse(await readFile(spec, "utf8")) as object) : spec;
}

export async function startPrismMock(options: PrismMockOptions = {}): Promise<PrismMock> {
  const { host = "127.0.0.1", port = 4010, log } = options;
  // First: a setting that cannot mean anything stops the mock before Prism starts.
  const gate = controlGate(options, () => new Date());
  let spec = await loadSpec(options.spec ?? join(generatedDir, "openapi.json"));
  let prism = await startPrism(spec, options);
  let model = await modelOf(spec);
  let routes = methodsByPath(model);
  let operations = operationRules(model);
  let scopes = bearerScopesByRoute(model);
  let reference: Promise<ReferencePage> | undefined;
  const journal = new RequestJournal(options.journal, secretsOf(model.securitySchemes));
  // What answered a request the guard passed on: Prism's examples, or the upstream it proxies.
  const passedOn = options.upstream ? "upstream" : "example";

  const app = new Hono<{ Bindings: HttpBindings; Variables: { trace: Trace } }>();
  if (log) {
    app.use(async (c, next) => {
      const started = performance.now();
      await next();
      const violations = c.res.headers.get("sl-violations");
      // A fault=reset (or a client that left) has no status to report.
      const outcome = c.env?.incoming?.socket.destroyed ? "connection dropped" : c.res.status;
      log(
        `${c.req.method} ${c.req.path} → ${outcome} (${Math.round(performance.now() - started)} ms)${violations ? ` violations: ${violations}` : ""}`,
      );
    });
  }
  // The front's controls (the journal, reset) are guarded as the stateful mock's control API is:
  // loopback hosts and origins or the configured ones, JSON for a change, the token when set.
  // Before CORS, so a refused origin gets no grant, not even to a preflight.
  app.use("/__mock/*", async (c, next) => gate(c.req.raw) ?? next());
  app.use(browserCors);
  // The journal, as the stateful mock keeps it: requests to the API only, not preflights, the docs or these controls.
  app.use(async (c, next) => {
    const { method, path } = c.req;
    if (method === "OPTIONS" || path === "/docs" || path.startsWith("/__mock/")) return next();
    const operationId = routes.match("ALL", path)[0][0]?.[0]?.[method] ?? null;
    const trace: Trace = {
      entry: journal.open(new Date(), method, c.req.url, c.req.raw.headers, operationId),
      answeredBy: "behaviour",
      fault: undefined,
      dropped: false,
    };
    c.set("trace", trace);
    await next();
    journal.answered(trace.entry, trace.dropped ? null : c.res.status, trace.answeredBy, trace.fault);
  });
  // Deprecation and Sunset on every answer of a deprecated operation, as the stateful mock sends them.
  app.use(announceDeprecation(() => spec));
  // One limit for both mock servers, so a body Prism's guard refuses the stateful mock refuses too.
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => invalidRequest(c.req.path, "Request body too large", `The request body exceeds ${MAX_BODY_BYTES} bytes.`),
    }),
  );
  // The offline API reference of the spec being served, rendered on first request.
  app.get("/docs", async (c) => {
    const { html, headers } = await (reference ??= renderReference(spec));
    return c.html(html, 200, headers);
  });
  app.get(JOURNAL_PATH, (c) => c.json(journal.answer(c.req.query("operationId"))));
  app.delete(JOURNAL_PATH, (c) => {
    journal.clear();
    return c.body(null, 204);
  });
  // Prism keeps no state: resetting the front empties its journal.
  app.post(RESET_PATH, (c) => {
    journal.clear();
    return c.body(null, 204);
  });
  app.all("*", async (c) => {
    const { method } = c.req;
    const url = new URL(c.req.url);
    // The stateful mock routes the path as RFC 3986 compares it; Prism gets the same path.
    const path = normalizePath(url.pathname);
    // A control path the front does not serve (the stateful mock's /__mock/state, say) is no API
    // request: it has no journal entry, and Prism must not see it.
    if (path.startsWith("/__mock/")) return notFound(path);
    const trace = c.get("trace");
    // Prism reads a path that starts with // as a URL with a host (`new URL("//x", base)`) and
    // answers a plain 500; no operation of the spec is served there.
    if (path.startsWith("//")) return notFound(path);
    const allowed = Object.keys(routes.match("ALL", path)[0][0]?.[0] ?? {});
    if (UNFORWARDABLE.has(method) || (allowed.length > 0 && !allowed.includes(method))) return methodNotAllowed(path, method, allowed);
    const operation = rulesFor(operations, method, path);
    const refusedAccept = operation && refuseAccept(operation, c.req.header("accept") ?? null, path);
    if (refusedAccept) return refusedAccept;
    // Without credentials Prism answers 401 before anything below matters, as the stateful mock does.
    const rules = operation?.credentialsSent(c.req.raw.headers, url) ? operation : undefined;
    // A scenario plays after authentication on the stateful mock: a request without credentials gets its 401 unchanged.
    const scenario = rules || !operation ? takeScenario(c.req.header("prefer") ?? null) : { delay: 0, fault: undefined, prefer: undefined };
    if (typeof scenario === "string") return invalidRequest(path, "Invalid Prefer header", scenario);
    // Prism reads an undocumented status or example name as a 404 or a 422 of its own shape.
    const asked = rules && checkPrefer(rules, c.req.header("prefer") ?? null, path);
    if (asked instanceof Response) return asked;
    const bodiless = ["GET", "HEAD"].includes(method);
    const body = bodiless ? undefined : await c.req.arrayBuffer();
    if (body) journal.body(trace.entry, new Uint8Array(body));
    const contentType = c.req.header("content-type") ?? "";
    // Fetch gives a GET or HEAD no body, so a declared length is all that shows one was sent
    // (a chunked one cannot be told from empty chunks, and passes, as on the stateful mock).
    const framed = bodiless && Number(c.req.header("content-length") ?? 0) > 0;
    const refusedBody = rules && refuseBody(rules, body, framed, contentType, path);
    if (refusedBody) return refusedBody;
    let json: { mediaType: string; value: unknown } | undefined;
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    if (body && body.byteLength > 0 && mediaType === "application/x-www-form-urlencoded") {
      json = { mediaType, value: formFields(new URLSearchParams(new TextDecoder().decode(body))) };
    }
    if (body && body.byteLength > 0 && /^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
      // Prism never answers a body that starts with a byte order mark (UTF-8's decoder drops it, its parser does not).
      if (startsWithBom(new Uint8Array(body))) return invalidRequest(path, "Malformed JSON", BOM_DETAIL);
      try {
        const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
        json = { mediaType, value };
      } catch (error) {
        return invalidRequest(path, "Malformed JSON", `The request body is not valid JSON: ${(error as Error).message}`);
      }
    }
    // Parameters in their styles and a JSON body, checked by the stateful mock's own code, so both answer a bad one alike.
    const sent = body !== undefined && body.byteLength > 0;
    const refused = rules && refuseParameters(rules, url, c.req.raw.headers, path, json ?? (sent ? null : undefined));
    if (refused) return refused;
    const { fault, delay } = scenario;
    trace.answeredBy = passedOn;
    if (fault) {
      trace.answeredBy = "scenario";
      trace.fault = fault;
    }
    const drop = () => {
      // No byte of an answer goes out: the request was read, as a server that fails mid-answer has read it.
      trace.dropped = true;
      c.env.incoming.socket.destroy();
      return new Response(null, { status: 499 });
    };
    if (delay > 0 && fault !== "slow-body") {
      // A client that gives up while waiting ends the wait; its answer goes nowhere.
      const gone = await sleep(delay, false, { signal: c.req.raw.signal }).catch(() => true);
      if (gone) {
        trace.dropped = true;
        return new Response(null, { status: 499 });
      }
    }
    if (fault === "reset") return drop();
    const headers = new Headers(c.req.raw.headers);
    // Checked above, so Prism gets the status and example the stateful mock would answer.
    // The first example goes unnamed: Prism answers it by default, and cannot find it by name when
    // the spec gives a lone `example` (the model calls it "example", Prism "default").
    const named = asked?.example !== undefined && asked.example !== operation?.examples[String(asked.code)]?.[0];
    const prefer = asked?.code !== undefined ? `code=${asked.code}${named ? `, example=${asked.example}` : ""}` : scenario.prefer;
    if (prefer) headers.set("prefer", prefer);
    else headers.delete("prefer");
    // Acceptability was decided above. Prism picks a response by Accept before it honours
    // Prefer, so `Accept: application/json` would turn a `code=404` (problem+json) into a 200.
    // Prism is sent the media type of the answer asked for (or of the first success) the caller prefers instead.
    if (operation) {
      const accept = c.req.header("accept") ?? null;
      const answerType = asked?.code !== undefined ? acceptForCode(operation, asked.code, accept) : acceptForSuccess(operation, accept);
      if (answerType) headers.set("accept", answerType);
      else headers.delete("accept");
    }
    const proxied = await proxy(`${prism.url}${path}${url.search}`, { method, headers, ...(body ? { body } : {}) });
    // In front of an upstream, its answers go through as it gave them: they are what Prism checks.
    const answer = options.upstream ? proxied : withScopeChallenge(proxied, scopes, method, path);
    // Prism keeps no state, so nothing is committed: the request is answered, and the answer lost.
    if (fault === "drop-after-commit") {
      await answer.arrayBuffer();
      return drop();
    }
    if (fault === "slow-body") return drip(answer, delay);
    if (fault === "malformed" && answer.ok) {
      const cut = new Headers(answer.headers);
      cut.delete("content-length");
      return new Response(cutJson(await answer.text()), { status: answer.status, headers: cut });
    }
    return answer;
  });

  const outer = await listen(app.fetch, host, port).catch(async (error: unknown) => {
    await prism.close();
    throw error;
  });
  return {
    url: outer.url,
    journal,
    async reload(nextSpec) {
      const loaded = await loadSpec(nextSpec);
      const next = await startPrism(loaded, options);
      const nextModel = await modelOf(loaded);
      const previous = prism;
      prism = next;
      spec = loaded;
      model = nextModel;
      routes = methodsByPath(model);
      operations = operationRules(model);
      scopes = bearerScopesByRoute(model);
      journal.secrets = secretsOf(model.securitySchemes);
      reference = undefined;
      await previous.close();
    },
    async close() {
      await outer.close();
      await prism.close();
    },
  };
}
