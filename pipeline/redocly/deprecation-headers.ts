/**
 * Lint rule `hostup/deprecation-headers`: a deprecated operation declares, on each of its 2xx
 * responses, the `Deprecation` header (RFC 9745), and the `Sunset` header (RFC 8594) when it
 * gives an `x-sunset`. Both mocks send them on every answer of such an operation, and a
 * browser can read only the headers CORS exposes, which are the documented ones.
 */
import type { Oas3Operation, Oas3Response, UserContext } from "@redocly/openapi-core";
import { deprecationOf } from "../deprecation.ts";

export function DeprecationHeaders() {
  return {
    Operation: {
      enter(operation: Oas3Operation, { location, report, resolve }: UserContext) {
        const deprecation = deprecationOf(operation);
        if (!deprecation) return;
        const needed = deprecation.sunset ? ["Deprecation", "Sunset"] : ["Deprecation"];
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!/^2/.test(status)) continue;
          const declared = Object.keys(resolve<Oas3Response>(response).node?.headers ?? {}).map((name) => name.toLowerCase());
          const missing = needed.filter((name) => !declared.includes(name.toLowerCase()));
          if (missing.length === 0) continue;
          report({
            message: `${operation.operationId ?? "This operation"} is deprecated, so its ${status} response declares the ${missing.join(" and ")} header${missing.length > 1 ? "s" : ""} the mocks send (RFC 9745, RFC 8594).`,
            location: location.child(["responses", status]).key(),
          });
        }
      },
    },
  };
}
