/**
 * The API reference as one self-contained HTML file: Redoc's standalone bundle (from
 * npm) and the bundled spec inlined, plus a table of the mock's example names. Its
 * Content-Security-Policy forbids every network request, so the page works offline by
 * construction (Redocly's build-docs page loads its script from a CDN).
 *
 * The spec is treated as untrusted: its Markdown may carry HTML that a lint rule missed.
 * Redoc sanitizes it (`untrustedSpec`), and the policy runs only the page's own scripts,
 * named by their hashes, and applies only its own styles, by a nonce: an event handler,
 * `javascript:` URL, `<style>` or style attribute that slips through both is still refused
 * by the browser.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dereference, operationsOf, type Spec } from "./openapi-model.ts";
import { responseExamples } from "./render-generated.ts";

// The bundled document as served: only `info` is read from it before it is resolved.
type Json = Record<string, any>;
const require = createRequire(import.meta.url);

/** What `renderReference` gives: the page, and the headers a server should send with it. */
export interface ReferencePage {
  html: string;
  /** `Content-Security-Policy` (the page's own, plus what only a header can say) and `X-Content-Type-Options`. */
  headers: Record<string, string>;
}

/** A CSP source naming one inline script by its content, as the browser hashes it (UTF-8). */
function scriptHash(code: string): string {
  return `'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`;
}

function policy(scripts: readonly string[], styleNonce: string): string[] {
  return [
    "default-src 'none'",
    // Only the page's own scripts: no 'unsafe-inline', so no event handler attribute and no
    // javascript: URL runs, whatever the spec's Markdown slips past the lint rule and Redoc.
    `script-src ${scripts.map(scriptHash).join(" ")}`,
    // Redoc's search index runs in a worker made from a Blob of its own code.
    "worker-src blob:",
    // Only the page's own <style> elements (Redoc's too, see withStyleNonce): a <style> or a
    // style attribute in the spec's Markdown could otherwise hide the reference or lay fake
    // content over it. Redoc's own inline styles are set through the DOM, which CSP allows.
    `style-src 'nonce-${styleNonce}'`,
    "img-src data:",
    "font-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `<script>` content cannot contain `</script`. Line ends are written as the HTML parser
 * will read them (CR LF and CR become LF), so the hash is of what the browser runs.
 */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/\r\n?/g, "\n");
}

/**
 * JSON for a data block: every `<` escaped, so no spelling of `</script` or `<!--` in the
 * spec's text can end the block early or change how the parser reads the rest of the page.
 */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** Operation × status → example names, for Prism's `Prefer: code=…, example=…`. */
function exampleTable(spec: Spec): string {
  const rows: string[] = [];
  const examples = responseExamples(spec);
  for (const { path, method, operation } of operationsOf(spec)) {
    for (const [status, names] of Object.entries(examples[operation.operationId!] ?? {})) {
      rows.push(
        `<tr><td>${escapeHtml(operation.operationId ?? "")}</td><td>${escapeHtml(`${method.toUpperCase()} ${path}`)}</td><td>${escapeHtml(status)}</td><td>${names.map((n) => `<code>${escapeHtml(n)}</code>`).join(", ")}</td></tr>`,
      );
    }
  }
  return `<section id="mock-examples">
<h2>Mock examples</h2>
<p>Pick a response from the Prism mock with <code>Prefer: code=&lt;status&gt;, example=&lt;name&gt;</code>.</p>
<table><thead><tr><th>operation</th><th>request</th><th>status</th><th>example names</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}

// Redoc's menu footer shows a logo from Redocly's CDN; an empty inline image keeps the page from even trying.
const REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";

/** Redoc's options: `untrustedSpec` sanitizes the spec's Markdown and HTML before rendering it. */
const REDOC_OPTIONS = { expandResponses: "all", hideDownloadButton: false, untrustedSpec: true };

/**
 * Redoc's bundle writes CSS as it loads (perfect-scrollbar's, through its style loader),
 * before `Redoc.init` can hand its `nonce` option to that loader: the loader's nonce is set
 * here instead, where the bundle declares it. A Redoc version that declares it otherwise
 * fails the render loudly rather than serving a page with its styles blocked.
 */
function withStyleNonce(bundle: string, nonce: string): string {
  const declaration = /\b([A-Za-z_$][\w$]*)\.nc=void 0;/g;
  const found = bundle.match(declaration)?.length ?? 0;
  if (found !== 1) {
    throw new Error(
      `redoc/bundles/redoc.standalone.js declares its style nonce (\`<x>.nc=void 0;\`) ${found} times, not once: adapt withStyleNonce in pipeline/api-reference.ts to this Redoc version.`,
    );
  }
  return bundle.replace(declaration, (_, loader: string) => `${loader}.nc=${JSON.stringify(nonce)};`);
}

export async function renderReference(spec: Json): Promise<ReferencePage> {
  // New on every render: the spec was written before it, so its Markdown cannot carry it.
  const nonce = randomBytes(16).toString("base64");
  const bundle = await readFile(require.resolve("redoc/bundles/redoc.standalone.js"), "utf8");
  const redoc = withStyleNonce(bundle.replaceAll(REDOC_CDN_LOGO, EMPTY_IMAGE), nonce);
  const title = escapeHtml(`${spec.info?.title ?? "API"} ${spec.info?.version ?? ""}`.trim());
  const scripts = [
    inlineScript(redoc),
    inlineScript(
      `Redoc.init(JSON.parse(document.getElementById("spec").textContent), ${JSON.stringify({ ...REDOC_OPTIONS, nonce })}, document.getElementById("redoc"));`,
    ),
  ];
  const csp = policy(scripts, nonce);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp.join("; ")}">
<title>${title}</title>
<style nonce="${nonce}">
  body { margin: 0; font-family: system-ui, sans-serif; }
  #mock-examples { padding: 16px 40px; border-bottom: 1px solid #ddd; font-size: 14px; }
  #mock-examples table { border-collapse: collapse; }
  #mock-examples th, #mock-examples td { text-align: left; padding: 2px 12px 2px 0; }
</style>
</head>
<body>
${exampleTable(await dereference(spec))}
<div id="redoc"></div>
<script id="spec" type="application/json">${jsonBlock(spec)}</script>
${scripts.map((code) => `<script>${code}</script>`).join("\n")}
</body>
</html>
`;
  return {
    html,
    headers: {
      // The same policy, plus frame-ancestors, which a <meta> policy cannot carry: no other page may frame this one.
      "Content-Security-Policy": [...csp, "frame-ancestors 'none'"].join("; "),
      "X-Content-Type-Options": "nosniff",
    },
  };
}
