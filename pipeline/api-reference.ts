/**
 * The API reference as one self-contained HTML file: Redoc's standalone bundle (from
 * npm) and the bundled spec inlined, plus a table of the mock's example names. Its
 * Content-Security-Policy forbids every network request, so the page works offline by
 * construction (Redocly's build-docs page loads its script from a CDN).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dereference, operationsOf, type Spec } from "./openapi-model.ts";
import { responseExamples } from "./render-generated.ts";

// The bundled document as served: only `info` is read from it before it is resolved.
type Json = Record<string, any>;
const require = createRequire(import.meta.url);

const CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' blob:",
  "worker-src blob:",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "font-src data:",
].join("; ");

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `<script>` content cannot contain `</script`; JSON in a script must not either. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1");
}

/** Operation × status → example names, for Prism's `Prefer: code=…, example=…`. */
function exampleTable(spec: Spec): string {
  const rows: string[] = [];
  const examples = responseExamples(spec);
  for (const { path, method, operation } of operationsOf(spec)) {
    for (const [status, names] of Object.entries(examples[operation.operationId!] ?? {})) {
      rows.push(
        `<tr><td>${escapeHtml(operation.operationId ?? "")}</td><td>${escapeHtml(`${method.toUpperCase()} ${path}`)}</td><td>${status}</td><td>${names.map((n) => `<code>${escapeHtml(n)}</code>`).join(", ")}</td></tr>`,
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

export async function renderReference(spec: Json): Promise<string> {
  const redoc = (await readFile(require.resolve("redoc/bundles/redoc.standalone.js"), "utf8")).replaceAll(REDOC_CDN_LOGO, EMPTY_IMAGE);
  const title = escapeHtml(`${spec.info?.title ?? "API"} ${spec.info?.version ?? ""}`.trim());
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${title}</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; }
  #mock-examples { padding: 16px 40px; border-bottom: 1px solid #ddd; font-size: 14px; }
  #mock-examples table { border-collapse: collapse; }
  #mock-examples th, #mock-examples td { text-align: left; padding: 2px 12px 2px 0; }
</style>
</head>
<body>
${exampleTable(await dereference(spec))}
<div id="redoc"></div>
<script id="spec" type="application/json">${inlineScript(JSON.stringify(spec))}</script>
<script>${inlineScript(redoc)}</script>
<script>
  Redoc.init(JSON.parse(document.getElementById("spec").textContent), { expandResponses: "all", hideDownloadButton: false }, document.getElementById("redoc"));
</script>
</body>
</html>
`;
}
