/**
 * The page without an API named in its URL: it calls nothing (above all not the production
 * server with a test token) and says how to start a mock instead.
 */
const MOCK_URL = "http://127.0.0.1:4010";

export function Setup() {
  return (
    <main>
      <h1>Invoice CC recipients</h1>
      <p role="status">This page has no API to talk to yet, so it has sent nothing. Start a mock and open the page with its address:</p>
      <ol className="setup">
        <li>
          Run <code>pnpm mock:stateful</code> (it keeps what you add), then open <a href={`?api=${MOCK_URL}`}>{`?api=${MOCK_URL}`}</a>.
        </li>
        <li>
          Or run <code>pnpm mock</code> (Prism: the spec&apos;s examples) and open the same address.
        </li>
        <li>
          Or use no server at all: <a href="?msw">?msw</a> answers from a mock inside the page.
        </li>
      </ol>
      <p>
        A real server needs its address given on purpose, <code>?api=https://…</code>, and a <code>&amp;token=</code>.
      </p>
    </main>
  );
}
