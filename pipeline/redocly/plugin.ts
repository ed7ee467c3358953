/** The project's own Redocly rules, loaded by redocly.yaml for `pnpm lint:spec` and every pipeline step. */
import { NoScriptInProse } from "./no-script-in-prose.ts";
import { ProblemExamplesAgree } from "./problem-examples-agree.ts";

export default function hostupPlugin() {
  return {
    id: "hostup",
    rules: { oas3: { "problem-examples-agree": ProblemExamplesAgree, "no-script-in-prose": NoScriptInProse } },
  };
}
