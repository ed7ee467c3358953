/**
 * The wire serializers' size budgets. The operation table imports a serializer only when the
 * spec uses its style or media type, so each one's cost is what a spec that uses it adds to the
 * client: measured as the client's own bundle (index.ts, openapi-fetch included) with the
 * serializer exported beside it, less the client alone. Each one bundled alone is held too.
 * Sizes are deterministic (pinned esbuild, lockfile), so they can be a test.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const src = fileURLToPath(new URL("../../packages/billing-client/src/", import.meta.url));

async function bundled(contents: string): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents, resolveDir: src, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.contents;
}
const gzipped = async (contents: string) => gzipSync(await bundled(contents), { level: 9 }).length;

// [module, exports, alone, added to the client]: budgets in bytes min+gz, a little above what
// each measured when set, so that growth is a decision.
const budgets: [string, string[], number, number][] = [
  ["wire/path-styles.ts", ["pathSimple"], 740, 440],
  ["wire/path-styles.ts", ["pathSimple", "pathLabel", "pathMatrix"], 780, 475],
  ["wire/query-styles.ts", ["queryForm"], 695, 420],
  ["wire/query-styles.ts", ["queryForm", "querySpaceDelimited", "queryPipeDelimited", "queryDeepObject"], 790, 500],
  ["wire/header-cookie.ts", ["headerSimple", "cookieForm"], 615, 355],
  ["wire/bodies.ts", ["formUrlEncodedBody"], 495, 225],
  ["wire/bodies.ts", ["multipartBody"], 585, 295],
  // What a module adds is measured against the client's own gzip context, which moves a few bytes
  // whenever the client changes (105 B → 107 B when its default server moved into the generated table).
  ["wire/bodies.ts", ["binaryBody", "textBody"], 290, 115],
  // check-value: 683 B before number bounds (minimum, maximum and their exclusive forms), 758 B with them.
  ["wire/check-value.ts", ["checkValue"], 780, 440],
];

describe("wire serializer sizes (min+gz)", () => {
  for (const [module, names, alone, added] of budgets) {
    test(`${names.join(", ")} from ${module}: at most ${alone} B alone, ${added} B added to the client`, async () => {
      const exported = `export { ${names.join(", ")} } from "./${module}";`;
      const [client, withIt, byItself] = await Promise.all([
        gzipped(`export * from "./index.ts";`),
        gzipped(`export * from "./index.ts"; ${exported}`),
        gzipped(exported),
      ]);
      // Far below would mean the serializer was tree-shaken away, not that it got lean.
      expect(byItself).toBeGreaterThan(100);
      expect(byItself).toBeLessThanOrEqual(alone);
      expect(withIt - client).toBeGreaterThan(0);
      expect(withIt - client).toBeLessThanOrEqual(added);
    });
  }

  test("a style the spec does not use is not in the bundle: queryForm alone carries no other style's delimiter", async () => {
    const code = new TextDecoder().decode(await bundled(`export { queryForm } from "./wire/query-styles.ts";`));
    expect(code).toContain("encodeURIComponent");
    for (const other of ["%20", "%7C", "fromEntries"]) expect(code).not.toContain(other);
  });
});
