/**
 * `pnpm mock`: serves generated/openapi.json with Prism on MOCK_HOST:MOCK_PORT (127.0.0.1:4010).
 * Its controls under /__mock/ (the request journal, reset) answer as `pnpm mock:stateful`'s
 * control API does: loopback hosts and origins, plus MOCK_ALLOWED_HOSTS and
 * MOCK_ALLOWED_ORIGINS; MOCK_CONTROL_TOKEN makes them require `Authorization: Bearer <token>`.
 */
import { operationModel } from "@hostup/billing-openapi";
// The generated package, not the file beside it: pipeline/generated-elsewhere.ts can point it at another spec's generated/.
import spec from "@hostup/billing-openapi/openapi.json" with { type: "json" };
import { startPrismMock } from "../pipeline/prism-front.ts";
import { listOf, readAddress, startServer, stopOnSignals } from "../pipeline/server-cli.ts";
import { tryItCommands } from "../pipeline/try-it.ts";

const controlToken = process.env.MOCK_CONTROL_TOKEN || undefined;
const server = await startServer("mock", readAddress("mock"), (address) =>
  startPrismMock({
    ...address,
    spec,
    errors: process.env.MOCK_ERRORS === "1",
    log: (line) => console.log(line),
    allowedHosts: listOf(process.env.MOCK_ALLOWED_HOSTS),
    allowedOrigins: listOf(process.env.MOCK_ALLOWED_ORIGINS),
    ...(controlToken ? { controlToken } : {}),
  }),
);
stopOnSignals("mock", () => server.close());

console.log(`mock: Prism is serving generated/openapi.json at ${server.url}`);
console.log(`mock: API reference at ${server.url}/docs`);
console.log(`mock: the requests it saw at ${server.url}/__mock/requests (DELETE empties it)`);
console.log("mock: try it (Prism checks that credentials are sent, not which):");
for (const command of tryItCommands(operationModel, server.url, { token: "test-token", session: "test-session", login: "user:password" }))
  console.log(`  ${command}`);
