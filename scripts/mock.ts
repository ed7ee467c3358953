/** `pnpm mock`: serves generated/openapi.json with Prism on MOCK_HOST:MOCK_PORT (127.0.0.1:4010). */
import { operationMetadata } from "@hostup/billing-openapi";
import { startPrismMock } from "../pipeline/prism-front.ts";

const host = process.env.MOCK_HOST ?? "127.0.0.1";
const port = Number(process.env.MOCK_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mock: MOCK_PORT must be a port number (0-65535), not ${JSON.stringify(process.env.MOCK_PORT)}`);
  process.exit(2);
}

try {
  const server = await startPrismMock({ host, port, errors: process.env.MOCK_ERRORS === "1", log: (line) => console.log(line) });
  const resend = operationMetadata.resendInvoiceEmail.path.replace("{id}", "inv_01hxa3b4c5d6e7f8g9h0j1k2m3");
  console.log(`mock: Prism is serving generated/openapi.json at ${server.url}`);
  console.log(`mock: API reference at ${server.url}/docs`);
  console.log("mock: try it:");
  console.log(`  curl -i -X POST ${server.url}${resend} -H 'Authorization: Bearer test-token'`);
  console.log(`  curl -i -X POST ${server.url}${resend} -H 'Authorization: Bearer test-token' -H 'Prefer: code=404, example=notFound'`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === "EADDRINUSE"
      ? `mock: ${host}:${port} is already in use. Stop the other server or set MOCK_PORT, e.g. MOCK_PORT=4011 pnpm mock`
      : `mock: could not start Prism: ${String(error)}`,
  );
  process.exit(1);
}
