/**
 * `pnpm mock`: serves generated/openapi.json with Prism on MOCK_HOST:MOCK_PORT (127.0.0.1:4010).
 * Its controls under /__mock/ (the request journal, reset) answer as `pnpm mock:stateful`'s
 * control API does: loopback hosts and origins, plus MOCK_ALLOWED_HOSTS and
 * MOCK_ALLOWED_ORIGINS; MOCK_CONTROL_TOKEN makes them require `Authorization: Bearer <token>`.
 */
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { dereference } from "../pipeline/openapi-model.ts";
import { startPrismMock } from "../pipeline/prism-front.ts";
import { listOf, readAddress, startServer, stopOnSignals } from "../pipeline/server-cli.ts";
import { examplePath } from "../pipeline/spec-examples.ts";

const controlToken = process.env.MOCK_CONTROL_TOKEN || undefined;
const server = await startServer("mock", readAddress("mock"), (address) =>
  startPrismMock({
    ...address,
    errors: process.env.MOCK_ERRORS === "1",
    log: (line) => console.log(line),
    allowedHosts: listOf(process.env.MOCK_ALLOWED_HOSTS),
    allowedOrigins: listOf(process.env.MOCK_ALLOWED_ORIGINS),
    ...(controlToken ? { controlToken } : {}),
  }),
);
stopOnSignals("mock", () => server.close());

const resend = examplePath(await dereference(spec), "resendInvoiceEmail");
console.log(`mock: Prism is serving generated/openapi.json at ${server.url}`);
console.log(`mock: API reference at ${server.url}/docs`);
console.log(`mock: the requests it saw at ${server.url}/__mock/requests (DELETE empties it)`);
console.log("mock: try it:");
console.log(`  curl -i -X POST ${server.url}${resend} -H 'Authorization: Bearer test-token'`);
console.log(`  curl -i -X POST ${server.url}${resend} -H 'Authorization: Bearer test-token' -H 'Prefer: code=404, example=notFound'`);
