/**
 * The TanStack Query bindings the generator renders for a spec other than HostUp's: the
 * construct fixture's operations take no argument, one, or several (one of them optional), so
 * a query key, a mutation's variables and the call they make each take every shape. Each test
 * renders the bindings and imports them; the client they bind is a recorder of calls, since
 * the bindings only pass their arguments on (the client's own tests cover what goes on the wire).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Oas3_1Definition } from "@redocly/openapi-core";
import type * as Bindings from "@hostup/billing-client/query";
import { methods } from "../../pipeline/render-client.ts";
import { renderQueryBindings } from "../../pipeline/render-query.ts";
import { loadFixture } from "../support/construct-fixture.ts";
import { renderedModules, type RenderedModules } from "../support/rendered-module.ts";
import { resolved as hostup } from "../support/spec.ts";

type Module = typeof Bindings;
interface Options {
  queryKey?: unknown[];
  queryFn?: (context: { signal: AbortSignal }) => Promise<unknown>;
  mutationKey?: unknown[];
  mutationFn?: (variables?: unknown) => Promise<unknown>;
  retry?: unknown;
  retryDelay?: unknown;
  onSuccess?: (data: unknown, variables: unknown, result: unknown, context: { client: unknown }) => Promise<unknown>;
}
type Queries = Record<string, (...args: unknown[]) => Options>;

const fixture = (await loadFixture()).resolved;
const point = { x: 1, y: 2 };

let modules: RenderedModules;
beforeAll(async () => {
  modules = await renderedModules();
});
afterAll(() => modules?.close());

/** Renders the bindings for `spec` and imports them. */
const bindingsFor = (spec: Oas3_1Definition) => modules.load<Module>(renderQueryBindings(spec as never));

/** A client that records each call (operation and arguments) and resolves with its operationId. */
function recorder() {
  const calls: { operation: string; args: unknown[] }[] = [];
  const client = new Proxy(
    {},
    {
      get:
        (_, operation: string) =>
        (...args: unknown[]) => (calls.push({ operation, args }), Promise.resolve(operation)),
    },
  );
  return { calls, client };
}

/** The bindings for `spec`, bound to a recorder. */
async function bound(spec: Oas3_1Definition = fixture) {
  const module = await bindingsFor(spec);
  const { calls, client } = recorder();
  return { module, calls, queries: module.billingQueries(client as never) as unknown as Queries };
}

/** The operation of `spec` with `operationId`. */
function operation(spec: Oas3_1Definition, operationId: string): { path: string; method: string; summary?: string } {
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, { operationId?: string; summary?: string }>)) {
      if (op?.operationId === operationId) return { path, method: method.toUpperCase(), summary: op.summary };
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** The JSDoc paragraphs written above the `BillingQueries` member `name`. */
function docOf(source: string, name: string): string[] {
  const members = source.slice(source.indexOf("export interface BillingQueries"));
  const at = members.indexOf(`\n  ${name}(`);
  if (at < 0) throw new Error(`no member ${name}`);
  const block = members.slice(members.lastIndexOf("/**", at), at);
  return block
    .split("\n")
    .map((line) => line.replace(/^\s*\/?\*+\/?\s?/, ""))
    .join("\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

describe("queries: the safe operations", () => {
  test("are keyed by the operationId and every argument, and call the operation with them, bounded options and TanStack's signal", async () => {
    const { queries, calls } = await bound();
    const options = queries.getPathSimple!(5, ["blue"], point, { timeoutMs: 50 });
    expect(options.queryKey).toEqual(["getPathSimple", 5, ["blue"], point]);
    const signal = new AbortController().signal;
    await expect(options.queryFn!({ signal })).resolves.toBe("getPathSimple");
    expect(calls).toEqual([
      { operation: "getPathSimple", args: [5, ["blue"], point, { timeoutMs: 50, retry: { maxDelayMs: 2000 }, signal }] },
    ]);
    expect(calls[0]!.args[3]).toHaveProperty("signal", signal);
  });

  test("without arguments, are keyed by the operationId alone and pass only the options", async () => {
    const { queries, calls } = await bound();
    const options = queries.getHealth!();
    expect(options.queryKey).toEqual(["getHealth"]);
    const signal = new AbortController().signal;
    await options.queryFn!({ signal });
    expect(calls).toEqual([{ operation: "getHealth", args: [{ retry: { maxDelayMs: 2000 }, signal }] }]);
  });

  test("retry only what the client handed back, with the query policy, and wait what the server asked", async () => {
    const { queries, module } = await bound();
    const options = queries.listItems!({});
    expect(options.retry).toBe(module.queryRetry);
    expect(options.retryDelay).toBe(module.retryDelay);
    expect(options).not.toHaveProperty("mutationFn");
  });
});

describe("mutations: every other operation", () => {
  test("with several arguments, take them as one tuple of variables and call the operation with them in order", async () => {
    const { queries, calls, module } = await bound();
    const options = queries.updateItem!({ retry: { attempts: 1, maxDelayMs: 60_000 } });
    expect(options.mutationKey).toEqual(["updateItem"]);
    expect(options.retry).toBe(module.mutationRetry);
    expect(options.retryDelay).toBe(module.retryDelay);
    await expect(options.mutationFn!([7, { name: "Blue" }])).resolves.toBe("updateItem");
    expect(calls).toEqual([{ operation: "updateItem", args: [7, { name: "Blue" }, { retry: { attempts: 1, maxDelayMs: 2000 } }] }]);
  });

  test("an optional argument left out of the tuple reaches the operation as undefined, in its place", async () => {
    const { queries, calls } = await bound();
    await queries.cancelJob!().mutationFn!([3, undefined, { reason: "late" }]);
    expect(calls).toEqual([{ operation: "cancelJob", args: [3, undefined, { reason: "late" }, { retry: { maxDelayMs: 2000 } }] }]);
  });

  test("with one argument, take it as the variables themselves", async () => {
    const { queries, calls } = await bound();
    await queries.createItems!().mutationFn!([{ name: "a" }, { name: "b" }]);
    expect(calls).toEqual([{ operation: "createItems", args: [[{ name: "a" }, { name: "b" }], { retry: { maxDelayMs: 2000 } }] }]);
  });

  test("without arguments, take no variables and pass only the options", async () => {
    const { queries, calls } = await bound();
    const options = queries.refreshCache!({ retry: false });
    await options.mutationFn!();
    expect(calls).toEqual([{ operation: "refreshCache", args: [{ retry: false }] }]);
  });

  test("invalidate nothing when no safe operation shares their path", async () => {
    const { queries } = await bound();
    for (const name of ["createItems", "updateItem", "cancelJob", "refreshCache"]) expect(queries[name]!()).not.toHaveProperty("onSuccess");
  });

  test("on success, invalidate the queries of every safe operation on their path, and settle after them", async () => {
    // HostUp's spec has a list and its writes on one path; the fixture has none.
    const { queries } = await bound(hostup);
    const invalidated: unknown[] = [];
    let finish!: () => void;
    const queryClient = {
      invalidateQueries: (filters: unknown) => (invalidated.push(filters), new Promise<void>((resolve) => (finish = resolve))),
    };
    const writes = Object.entries(queries).filter(([, binding]) => binding().onSuccess);
    expect(writes.length).toBeGreaterThan(0);
    for (const [name, binding] of writes) {
      const { path } = operation(hostup, name);
      const readers = Object.entries((hostup.paths?.[path] ?? {}) as Record<string, { operationId?: string }>)
        .filter(([method]) => method === "get" || method === "head")
        .map(([, op]) => op.operationId);
      invalidated.length = 0;
      let settled = false;
      const done = binding().onSuccess!({}, {}, undefined, { client: queryClient }).then(() => (settled = true));
      expect(invalidated).toEqual(readers.map((reader) => ({ queryKey: [reader] })));
      await Promise.resolve();
      expect(settled).toBe(false);
      finish();
      await done;
    }
  });
});

describe("the signatures each binding declares", () => {
  /** The signature of the `BillingQueries` member `name`, as rendered. */
  const signatureOf = (source: string, name: string) => /\n {2}(\S+\(.*\): .*);\n/.exec(source.slice(source.indexOf(`\n  ${name}(`)))![1];

  test("a query takes the operation's arguments, optional where the method's are, then its options; its key lists their types", () => {
    const spec = structuredClone(fixture);
    // getHealth with a query parameter that is not required: the method's one argument becomes optional.
    spec.paths!["/health"]!.get!.parameters = [{ name: "verbose", in: "query", schema: { type: "boolean" } }];
    const source = renderQueryBindings(spec as never);
    for (const m of methods(spec as never).filter((m) => m.meta.safe)) {
      const params = m.arguments.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`);
      const key = ['"' + m.operationId + '"', ...m.arguments.map((a) => (a.optional ? `${a.type} | undefined` : a.type))];
      expect(signatureOf(source, m.operationId)).toBe(
        `${m.operationId}(${[...params, "options?: QueryCallOptions"].join(", ")}): BillingQueryOptions<${m.result}, readonly [${key.join(", ")}]>`,
      );
    }
    const [health] = methods(spec as never).filter((m) => m.operationId === "getHealth");
    expect(health!.arguments.map((a) => a.optional)).toEqual([true]);
  });

  test("a mutation takes only its options; its variables are void, the one argument's type, or a tuple of all of them", () => {
    const source = renderQueryBindings(fixture as never);
    for (const m of methods(fixture as never).filter((m) => !m.meta.safe)) {
      const params = m.arguments.map((a) => `${a.name}${a.optional ? "?" : ""}: ${a.type}`);
      const variables = m.arguments.length === 0 ? "void" : m.arguments.length === 1 ? m.arguments[0]!.type : `[${params.join(", ")}]`;
      expect(signatureOf(source, m.operationId)).toBe(
        `${m.operationId}(options?: CallOptions): BillingMutationOptions<${m.result}, ${variables}>`,
      );
    }
    expect(signatureOf(source, "cancelJob")).toContain("[id: ");
    expect(signatureOf(source, "cancelJob")).toMatch(/, body\?: .*, params\?: /);
  });

  test("a query with an optional argument left out keeps it in its key as undefined", async () => {
    const spec = structuredClone(fixture);
    spec.paths!["/health"]!.get!.parameters = [{ name: "verbose", in: "query", schema: { type: "boolean" } }];
    const { queries } = await bound(spec);
    expect(queries.getHealth!(undefined, {}).queryKey).toEqual(["getHealth", undefined]);
    expect(queries.getHealth!({ verbose: true }).queryKey).toEqual(["getHealth", { verbose: true }]);
  });
});

test("a mutation on a path with several safe operations invalidates each of them, and says so", async () => {
  const spec = structuredClone(fixture) as any;
  const items = spec.paths["/items"];
  items.head = { ...structuredClone(items.get), operationId: "countItems" };
  items.post = { ...structuredClone(spec.paths["/items/batch"].post), operationId: "addItems" };
  const { queries } = await bound(spec);
  const invalidated: unknown[] = [];
  const queryClient = { invalidateQueries: async (filters: unknown) => void invalidated.push(filters) };
  await queries.addItems!().onSuccess!({}, {}, undefined, { client: queryClient });
  expect(invalidated).toEqual([{ queryKey: ["listItems"] }, { queryKey: ["countItems"] }]);
  const doc = docOf(renderQueryBindings(spec), "addItems")[1];
  expect(doc).toContain('on success it invalidates `["listItems"]`, `["countItems"]` (same path).');
});

describe("the call options every binding hands the client", () => {
  test("bound the client's wait to CLIENT_WAIT_BOUND_MS, keep a shorter one and the rest of the retry options", async () => {
    const { queries, calls, module } = await bound();
    await queries.createNote!({ retry: { attempts: 4 }, timeoutMs: 9 }).mutationFn!("text");
    await queries.createNote!({ retry: { maxDelayMs: 10 } }).mutationFn!("text");
    await queries.createNote!({ retry: { maxDelayMs: module.CLIENT_WAIT_BOUND_MS + 1 } }).mutationFn!("text");
    expect(calls.map((call) => call.args[1])).toEqual([
      { retry: { attempts: 4, maxDelayMs: module.CLIENT_WAIT_BOUND_MS }, timeoutMs: 9 },
      { retry: { maxDelayMs: 10 } },
      { retry: { maxDelayMs: module.CLIENT_WAIT_BOUND_MS } },
    ]);
  });

  test("leave `retry: false` as it is, so the client does not retry at all", async () => {
    const { queries, calls } = await bound();
    const signal = new AbortController().signal;
    await queries.getHealth!({ retry: false }).queryFn!({ signal });
    expect(calls[0]!.args).toEqual([{ retry: false, signal }]);
  });
});

describe("the retry policy", () => {
  const after = (status: number, retryAfter?: number) => ({ status, retryAfter });

  test("schedules a retry for a 429 whose Retry-After is longer than the client's bound, and waits it out", async () => {
    const { module } = await bound();
    const long = (module.CLIENT_WAIT_BOUND_MS + 1000) / 1000;
    expect(module.scheduledRetryDelayMs(after(429, long), false)).toBe(long * 1000);
    expect(module.retryDelay(0, after(429, long) as never)).toBe(long * 1000);
    expect(module.queryRetry(0, after(429, long) as never)).toBe(true);
    expect(module.mutationRetry(module.SCHEDULED_RETRIES - 1, after(429, long) as never)).toBe(true);
    expect(module.mutationRetry(module.SCHEDULED_RETRIES, after(429, long) as never)).toBe(false);
    expect(module.queryRetry(module.SCHEDULED_RETRIES, after(429, long) as never)).toBe(false);
  });

  test("leaves what the client waited out itself, and what it does not retry, to the client", async () => {
    const { module } = await bound();
    const bound_ = module.CLIENT_WAIT_BOUND_MS / 1000;
    expect(module.scheduledRetryDelayMs(after(429, bound_), true)).toBeUndefined();
    expect(module.scheduledRetryDelayMs(after(429), true)).toBeUndefined();
    expect(module.scheduledRetryDelayMs(after(500, 60), true)).toBeUndefined();
    expect(module.scheduledRetryDelayMs(after(505, 60), true)).toBeUndefined();
    expect(module.scheduledRetryDelayMs(undefined, true)).toBeUndefined();
    expect(module.retryDelay(0, after(400, 60) as never)).toBe(0);
    expect(module.queryRetry(0, after(429, bound_) as never)).toBe(false);
  });

  test("a 502-504 is scheduled for a safe operation only: an unsafe one may have been done", async () => {
    const { module } = await bound();
    for (const status of [502, 503, 504]) {
      expect(module.scheduledRetryDelayMs(after(status, 60), true)).toBe(60_000);
      expect(module.scheduledRetryDelayMs(after(status, 60), false)).toBeUndefined();
      expect(module.queryRetry(0, after(status, 60) as never)).toBe(true);
      expect(module.mutationRetry(0, after(status, 60) as never)).toBe(false);
    }
  });
});

describe("the documentation of each binding", () => {
  test("opens with the operation's summary as a sentence, then names its method and path", async () => {
    const source = renderQueryBindings(fixture as never);
    for (const name of ["getPathSimple", "getHealth", "updateItem", "refreshCache"]) {
      const { method, path, summary } = operation(fixture, name);
      const [first, second] = docOf(source, name);
      expect(first).toBe(`${summary}.`);
      expect(second).toMatch(new RegExp(`^\`${method} ${path.replace(/[{}]/g, "\\$&")}\`: `));
    }
  });

  test("keeps a summary's own full stop, and opens with the method and path when there is no summary", () => {
    const spec = structuredClone(fixture);
    const health = spec.paths!["/health"]!.get!;
    health.summary = "Report the service's health!";
    spec.paths!["/cache/actions/refresh"]!.post!.summary = "Refresh the cache, e.g. after an import";
    delete spec.paths!["/items"]!.get!.summary;
    const source = renderQueryBindings(spec as never);
    expect(docOf(source, "getHealth")[0]).toBe("Report the service's health!");
    expect(docOf(source, "refreshCache")[0]).toBe("Refresh the cache, e.g. after an import.");
    // No empty paragraph where the summary would be.
    expect(source).toMatch(/\n {2}\/\*\*\n {3}\* `GET \/items`: query options[^\n]*\n {3}\*\/\n {2}listItems\(/);
  });

  test("says what a query is keyed by and what a mutation's variables are", () => {
    const source = renderQueryBindings(fixture as never);
    expect(docOf(source, "getPathSimple")[1]).toContain('query options, keyed `["getPathSimple", id, tags, point]`');
    expect(docOf(source, "getHealth")[1]).toContain('query options, keyed `["getHealth"]`');
    expect(docOf(source, "updateItem")[1]).toContain("mutation options; the variables are `[id, body]`;");
    expect(docOf(source, "createItems")[1]).toContain("mutation options; the variables are `body`;");
    expect(docOf(source, "refreshCache")[1]).toContain("mutation options; the variables are none;");
    expect(docOf(source, "refreshCache")[1]).toContain("it invalidates no query (no safe operation shares its path).");
  });

  test("names the queries a mutation invalidates", () => {
    const source = renderQueryBindings(hostup as never);
    const writes = [...source.matchAll(/on success it invalidates (.*) \(same path\)/g)].map((m) => m[1]);
    expect(writes.length).toBeGreaterThan(0);
    for (const names of writes) expect(names).toMatch(/^`\["\w+"\]`(, `\["\w+"\]`)*$/);
  });

  test("cannot be closed early by a summary that holds the end of a comment", () => {
    const spec = structuredClone(fixture);
    spec.paths!["/health"]!.get!.summary = "Health */ check";
    expect(docOf(renderQueryBindings(spec as never), "getHealth")[0]).toBe("Health *\\/ check.");
  });
});

test("an operationId that is not an identifier is quoted, and its binding still works", async () => {
  const spec = structuredClone(fixture);
  spec.paths!["/health"]!.get!.operationId = "health-check";
  const { queries, calls } = await bound(spec);
  const signal = new AbortController().signal;
  const options = queries["health-check"]!();
  expect(options.queryKey).toEqual(["health-check"]);
  await options.queryFn!({ signal });
  expect(calls[0]!.operation).toBe("health-check");
});
