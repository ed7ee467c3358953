/** The project's own Redocly rules, loaded by redocly.yaml for `pnpm lint:spec` and every pipeline step. */
import { ClientSupported } from "./client-supported.ts";
import { LinearPatterns } from "./linear-patterns.ts";
import { NoScriptInProse } from "./no-script-in-prose.ts";
import { PlainPathKeys } from "./plain-path-keys.ts";
import { ProblemExamplesAgree } from "./problem-examples-agree.ts";
import { DeprecationHeaders } from "./deprecation-headers.ts";
import { SunsetDates } from "./sunset-dates.ts";

export default function hostupPlugin() {
  return {
    id: "hostup",
    rules: {
      oas3: {
        "problem-examples-agree": ProblemExamplesAgree,
        "no-script-in-prose": NoScriptInProse,
        "plain-path-keys": PlainPathKeys,
        "linear-patterns": LinearPatterns,
        "client-supported": ClientSupported,
        "sunset-dates": SunsetDates,
        "deprecation-headers": DeprecationHeaders,
      },
    },
  };
}
