/**
 * The stateful mock's control API under /__mock/ against the web pages a developer opens:
 * a page on another origin, a simple cross-origin POST (a `<form>`, a `text/plain` fetch),
 * and DNS rebinding (a page whose own name now resolves to 127.0.0.1, so it is sent with
 * `Host: evil.example`). None of them may read the state or change it; loopback callers and
 * the configured lists may.
 */
import { request as httpRequest } from "node:http";
import { operationMetadata } from "@hostup/billing-openapi";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { startBillingMock, type RunningBillingMock } from "@hostup/billing-mock/node";
import { runScript, scriptServer } from "../support/process.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
const SOME_OPERATION = Object.keys(operationMetadata)[0] as keyof typeof operationMetadata;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP/1.1 request with exactly these headers, `Host` included, which fetch will not let a caller set. */
function raw(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: hostname, port, method, path, headers, setHost: !("Host" in headers) }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

/** How many scenarios are queued, asked as an allowed caller: the state a refused request must not change. */
async function queuedScenarios(server: RunningBillingMock, headers: Record<string, string> = {}): Promise<number> {
  const state = (await (await fetch(`${server.url}/__mock/state`, { headers })).json()) as { scenarios: Record<string, unknown[]> };
  return Object.values(state.scenarios).flat().length;
}

/** Queues one scenario in-process, so a reset that went through would show. */
function queueOne(server: RunningBillingMock): void {
  server.scenarios.next(SOME_OPERATION, { delay: 1 } as never);
}

describe("the control API refuses what a web page on another site could send", () => {
  let server: RunningBillingMock;
  let hostPort: string;
  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false });
    hostPort = new URL(server.url).host;
  });
  beforeEach(() => {
    server.reset();
    queueOne(server);
  });
  afterAll(() => server.close());

  test("answers 403 to a Host that is no loopback name (DNS rebinding), and neither resets nor shows the state", async () => {
    const port = new URL(server.url).port;
    for (const host of [`evil.example:${port}`, "evil.example", `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`]) {
      const reset = await raw(server.url, "POST", "/__mock/reset", { Host: host, ...JSON_TYPE });
      expect(reset.status, host).toBe(403);
      expect(reset.headers["content-type"]).toBe("application/problem+json");
      expect(JSON.parse(reset.body)).toMatchObject({ status: 403, code: "forbidden", instance: "/__mock/reset" });
      const state = await raw(server.url, "GET", "/__mock/state", { Host: host });
      expect(state.status, host).toBe(403);
      expect(state.body).not.toContain("recipients");
    }
    // A Host that names a user before a loopback address is no host at all: HTTP refuses it first.
    expect((await raw(server.url, "POST", "/__mock/reset", { Host: `evil@127.0.0.1:${port}`, ...JSON_TYPE })).status).toBe(400);
    expect(await queuedScenarios(server)).toBe(1);
  });

  test("answers loopback Host names: localhost, *.localhost, 127.0.0.0/8, [::1]", async () => {
    const port = new URL(server.url).port;
    for (const host of [hostPort, `localhost:${port}`, `app.localhost:${port}`, `127.0.0.2:${port}`, `[::1]:${port}`, "LOCALHOST"]) {
      const state = await raw(server.url, "GET", "/__mock/state", { Host: host });
      expect(state.status, host).toBe(200);
    }
  });

  test("answers 403 without any CORS grant to a page on a non-loopback origin, before acting", async () => {
    for (const origin of ["https://evil.example", "http://evil.example:4010", "null", "http://127.0.0.1.evil.example"]) {
      const reset = await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: { Origin: origin, ...JSON_TYPE } });
      expect(reset.status, origin).toBe(403);
      expect(reset.headers.get("access-control-allow-origin")).toBeNull();
      const state = await fetch(`${server.url}/__mock/state`, { headers: { Origin: origin } });
      expect(state.status, origin).toBe(403);
      expect(state.headers.get("access-control-allow-origin")).toBeNull();
      const preflight = await fetch(`${server.url}/__mock/reset`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
      });
      expect(preflight.status, origin).toBe(403);
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    }
    expect(await queuedScenarios(server)).toBe(1);
  });

  test("a simple request (form content types, text/plain, no Content-Type) never changes state, same-origin or not", async () => {
    const simple: [string | undefined, string | undefined, string | undefined][] = [
      ["application/x-www-form-urlencoded", "a=1", undefined],
      ["multipart/form-data; boundary=x", "--x--\r\n", undefined],
      ["text/plain", "{}", undefined],
      [undefined, undefined, undefined],
      ["text/plain", "{}", "http://localhost:5173"],
      [undefined, undefined, "http://localhost:5173"],
    ];
    for (const [type, body, origin] of simple) {
      const headers: Record<string, string> = { ...(type ? { "Content-Type": type } : {}), ...(origin ? { Origin: origin } : {}) };
      const reset = await fetch(`${server.url}/__mock/reset`, { method: "POST", headers, ...(body ? { body } : {}) });
      expect(reset.status, `${type} from ${origin}`).toBe(403);
      expect((await reset.json()).detail).toContain("Content-Type: application/json");
      const cleared = await fetch(`${server.url}/__mock/scenarios`, { method: "DELETE", headers });
      expect(cleared.status).toBe(403);
    }
    const queued = await fetch(`${server.url}/__mock/scenarios`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ operationId: SOME_OPERATION, delay: 1 }),
    });
    expect(queued.status).toBe(403);
    expect(await queuedScenarios(server)).toBe(1);
    // The same reset as JSON goes through: the refusals were about the form, not the caller.
    expect((await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: JSON_TYPE })).status).toBe(204);
    expect(await queuedScenarios(server)).toBe(0);
  });

  test("grants CORS to loopback origins, so a browser test runner on localhost can drive it", async () => {
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:3000", "https://app.localhost", "http://[::1]:8080"]) {
      const preflight = await fetch(`${server.url}/__mock/reset`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
      });
      expect(preflight.status, origin).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
      queueOne(server);
      const reset = await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: { Origin: origin, ...JSON_TYPE } });
      expect(reset.status, origin).toBe(204);
      expect(reset.headers.get("access-control-allow-origin")).toBe(origin);
      expect(await queuedScenarios(server)).toBe(0);
    }
  });

  test("leaves the billing operations' CORS as the spec has it: any origin is still answered", async () => {
    const path = Object.values(operationMetadata)[0]!.path.replace(/\{[^}]+\}/g, "x");
    const preflight = await fetch(`${server.url}${path}`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://evil.example");
    const answer = await raw(server.url, "GET", path, { Host: "evil.example", Origin: "https://evil.example" });
    expect(answer.status).not.toBe(403);
    expect(answer.headers["access-control-allow-origin"]).toBe("https://evil.example");
  });
});

describe("the control API with allowedHosts, allowedOrigins and a controlToken", () => {
  let server: RunningBillingMock;
  const TOKEN = "ctl_3b1e0c0d9f";
  beforeAll(async () => {
    server = await startBillingMock({
      rateLimit: false,
      allowedHosts: ["mock.example.test", ".lan.example"],
      allowedOrigins: ["https://app.example.test"],
      controlToken: TOKEN,
    });
  });
  beforeEach(() => {
    server.reset();
    queueOne(server);
  });
  afterAll(() => server.close());

  const withToken = { Authorization: `Bearer ${TOKEN}` };

  test("answers the configured hosts (a leading dot admits subdomains) and still refuses others", async () => {
    const port = new URL(server.url).port;
    for (const host of [`mock.example.test:${port}`, "lan.example", `pc.lan.example:${port}`]) {
      expect((await raw(server.url, "GET", "/__mock/state", { Host: host, ...withToken })).status, host).toBe(200);
    }
    for (const host of ["evil.example", "mock.example.test.evil.example", "evillan.example", "sub.mock.example.test"]) {
      expect((await raw(server.url, "GET", "/__mock/state", { Host: host, ...withToken })).status, host).toBe(403);
    }
  });

  test("answers a configured origin with CORS; another port of it gets 403", async () => {
    const allowed = await fetch(`${server.url}/__mock/state`, { headers: { Origin: "https://app.example.test", ...withToken } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
    const otherPort = await fetch(`${server.url}/__mock/state`, { headers: { Origin: "https://app.example.test:8443", ...withToken } });
    expect(otherPort.status).toBe(403);
  });

  test("answers 401 with a Bearer challenge when the token is missing, and error=invalid_token when it is wrong", async () => {
    const missing = await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: JSON_TYPE });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="billing mock control API"');
    expect(await missing.json()).toMatchObject({ status: 401, code: "unauthorized" });
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, "Bearer test-token"]) {
      const wrong = await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: { ...JSON_TYPE, Authorization: authorization } });
      expect(wrong.status, authorization).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="billing mock control API", error="invalid_token"');
    }
    const basic = await fetch(`${server.url}/__mock/state`, { headers: { Authorization: `Basic ${btoa(`x:${TOKEN}`)}` } });
    expect(basic.status).toBe(401);
    expect(await queuedScenarios(server, withToken)).toBe(1);
    const right = await fetch(`${server.url}/__mock/reset`, { method: "POST", headers: { ...JSON_TYPE, ...withToken } });
    expect(right.status).toBe(204);
    expect(await queuedScenarios(server, withToken)).toBe(0);
  });

  test("lets a preflight from an allowed origin through without the token (browsers send none), and the 401 is readable there", async () => {
    const preflight = await fetch(`${server.url}/__mock/reset`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:5173",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const refused = await fetch(`${server.url}/__mock/reset`, {
      method: "POST",
      headers: { Origin: "http://localhost:5173", ...JSON_TYPE },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  test("the token guards /__mock/ only: the billing operations keep their own credentials", async () => {
    const path = Object.values(operationMetadata)[0]!.path.replace(/\{[^}]+\}/g, "x");
    const answer = await fetch(`${server.url}${path}`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    });
    expect(answer.status).toBe(204);
  });
});

describe("the control API's checks on inputs built to backtrack their patterns, as long as HTTP lets them through", () => {
  let server: RunningBillingMock;
  const TOKEN = "ctl_probe";
  /** Node's 16 KiB of headers: the longest value that reaches the checks. */
  const H = 15_000;
  /** Generous: each takes milliseconds; a backtracking pattern on these takes seconds or more. */
  const BOUND_MS = 1000;
  beforeAll(async () => {
    server = await startBillingMock({ rateLimit: false, controlToken: TOKEN });
  });
  afterAll(() => server.close());

  test.each([
    ["Authorization: spaces, a token, a space", { Authorization: `Bearer ${" ".repeat(H)}a b` }, 401],
    ["Authorization: token characters then a space", { Authorization: `Bearer ${"!".repeat(H)} ` }, 401],
    [
      "Content-Type: a subtype without its +json",
      { Authorization: `Bearer ${TOKEN}`, "Content-Type": `application/${"a".repeat(H)}+jso` },
      403,
    ],
    ["Content-Type: dashes and dots", { Authorization: `Bearer ${TOKEN}`, "Content-Type": `application/${"a-.".repeat(H / 3)}+` }, 403],
    ["Origin: a long run of IPv4-like labels", { Origin: `http://127.${"0.".repeat(H / 2)}x` }, 403],
    // A host whose last label is a number is an IPv4 address to URL parsing, refused (400) before any check: these end in a letter.
    ["Host: dotted digits, then a letter", { Host: `127.${"1.".repeat(H / 2)}x` }, 403],
    ["Host: a long name under .localhost's look-alike", { Host: `${"a.".repeat(H / 2)}localhost.x` }, 403],
  ])("%s", async (_, headers, status) => {
    const started = performance.now();
    const answer = await raw(server.url, "POST", "/__mock/reset", headers as Record<string, string>);
    expect(answer.status).toBe(status);
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  });
});

describe("startBillingMock refuses control settings that cannot mean anything", () => {
  test.each([
    [{ allowedOrigins: ["evil.example"] }, /allowedOrigins \(MOCK_ALLOWED_ORIGINS\): "evil.example" is not an origin/],
    [{ allowedOrigins: ["https://app.example.test/path"] }, /is not an origin/],
    [{ allowedOrigins: ["file:///tmp"] }, /is not an origin/],
    [{ allowedHosts: ["mock.example.test:8080"] }, /allowedHosts \(MOCK_ALLOWED_HOSTS\): "mock.example.test:8080" is not a host name/],
    [{ allowedHosts: ["a/b"] }, /is not a host name/],
    [{ allowedHosts: [""] }, /is not a host name/],
    [{ controlToken: "" }, /controlToken \(MOCK_CONTROL_TOKEN\) must be one or more visible ASCII characters/],
    [{ controlToken: "two words" }, /controlToken/],
  ])("%j", async (options, message) => {
    await expect(startBillingMock(options)).rejects.toThrow(message);
  });
});

describe("pnpm mock:stateful with MOCK_ALLOWED_ORIGINS and MOCK_CONTROL_TOKEN", () => {
  const script = scriptServer("scripts/mock-stateful.ts", /at (http:\/\/127\.0\.0\.1:\d+)\n[\s\S]*try it:\n(?:.*curl [^\n]+\n){4}/, {
    MOCK_PORT: "0",
    MOCK_RATE_LIMIT: "off",
    MOCK_ALLOWED_HOSTS: "mock.example.test, .lan.example",
    MOCK_ALLOWED_ORIGINS: "https://app.example.test",
    MOCK_CONTROL_TOKEN: "ctl_from_env",
  });

  test("says what the control API answers, and enforces it", async () => {
    expect(script.output()).toContain(
      "control API answers loopback hosts and origins, hosts mock.example.test, .lan.example, origins https://app.example.test, with the MOCK_CONTROL_TOKEN bearer token",
    );
    const headers = { Authorization: "Bearer ctl_from_env" };
    expect((await fetch(`${script.url}/__mock/state`)).status).toBe(401);
    expect((await raw(script.url, "GET", "/__mock/state", { Host: "pc.lan.example", ...headers })).status).toBe(200);
    expect((await raw(script.url, "GET", "/__mock/state", { Host: "evil.example", ...headers })).status).toBe(403);
    const allowed = await fetch(`${script.url}/__mock/state`, { headers: { Origin: "https://app.example.test", ...headers } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
    expect((await fetch(`${script.url}/__mock/state`, { headers: { Origin: "https://evil.example", ...headers } })).status).toBe(403);
  });
});

test("pnpm mock:stateful refuses an origin that is no origin, naming the variable", async () => {
  const result = await runScript("scripts/mock-stateful.ts", [], { MOCK_PORT: "0", MOCK_ALLOWED_ORIGINS: "app.example.test" });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain('allowedOrigins (MOCK_ALLOWED_ORIGINS): "app.example.test" is not an origin');
});

describe("pnpm mock (Prism's front): its controls (the request journal, reset) are guarded alike", () => {
  const prism = () => inject("prismUrl");
  const port = () => new URL(prism()).port;

  test("a foreign origin, a foreign Host and a simple request are refused before anything is read or cleared", async () => {
    for (const [method, path] of [
      ["GET", "/__mock/requests"],
      ["DELETE", "/__mock/requests"],
      ["POST", "/__mock/reset"],
    ] as const) {
      const foreign = await fetch(`${prism()}${path}`, { method, headers: { Origin: "https://evil.example", ...JSON_TYPE } });
      expect(foreign.status, `${method} ${path} from a foreign origin`).toBe(403);
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
      const rebound = await raw(prism(), method, path, { Host: `rebind.example:${port()}`, ...JSON_TYPE });
      expect(rebound.status, `${method} ${path} with a foreign Host`).toBe(403);
    }
    const simple: Record<string, string>[] = [
      {},
      { "Content-Type": "text/plain" },
      { "Content-Type": "application/x-www-form-urlencoded" },
    ];
    for (const contentType of simple) {
      expect((await fetch(`${prism()}/__mock/reset`, { method: "POST", headers: contentType })).status).toBe(403);
    }
  });

  test("a loopback page may read the journal, and a JSON reset from it clears it", async () => {
    const origin = { Origin: "http://localhost:5173" };
    const read = await fetch(`${prism()}/__mock/requests`, { headers: origin });
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect((await fetch(`${prism()}/__mock/reset`, { method: "POST", headers: { ...origin, ...JSON_TYPE } })).status).toBe(204);
    expect(await (await fetch(`${prism()}/__mock/requests`)).json()).toMatchObject({ requests: [] });
  });

  test("a control path the front does not serve is a 404 Problem from a loopback page, not a 500", async () => {
    // The stateful mock's /__mock/state: the settings page probes it to tell the two mocks apart.
    const probe = await fetch(`${prism()}/__mock/state`, { headers: { Origin: "http://localhost:5173" } });
    expect(probe.status).toBe(404);
    expect(probe.headers.get("content-type")).toBe("application/problem+json");
    expect(probe.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });
});
