/**
 * One click puts the screen in a state a frontend must handle: a slow list, a rate limit, a
 * server error, an empty list, and the faults (a lost answer after the change was made, a body
 * that trickles in, one that does not parse). Shown only against a mock.
 */
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { BillingQueries } from "@hostup/billing-client/query";
import type { MockTarget, Words } from "./scenarios.ts";

interface Scenario {
  label: string;
  operationId: string;
  words: Words;
  /** What the screen should show, said when the scenario is queued. */
  expect: string;
  /** Drop the cached list first, so the screen shows its first-load state. */
  fresh?: boolean;
  /** Ask for the list now; else the scenario waits for the user's own action. */
  reload: boolean;
}

const DELAY_MS = 3000;

/** The panel's scenarios for these bindings: the operations are the list's query and the add's mutation, by their keys. */
function scenariosFor(queries: BillingQueries): Scenario[] {
  const list = queries.listInvoiceCcRecipients().queryKey[0];
  const add = queries.addInvoiceCcRecipient().mutationKey[0];
  return [
    { label: "Slow answer", operationId: list, words: { delay: DELAY_MS }, expect: "The list loads for 3 s.", fresh: true, reload: true },
    { label: "Rate limited (429)", operationId: list, words: { code: 429 }, expect: "The list counts down to its retry.", reload: true },
    { label: "Server error (500)", operationId: list, words: { code: 500 }, expect: "The refresh fails; the rows stay.", reload: true },
    // "none" is the spec's example of an empty list.
    { label: "Empty list", operationId: list, words: { code: 200, example: "none" }, expect: "The list is empty.", reload: true },
    {
      label: "Answer lost after Add",
      operationId: add,
      words: { fault: "drop-after-commit" },
      expect: "The next Add is saved, then its answer is lost.",
      reload: false,
    },
    {
      label: "Slow body",
      operationId: list,
      words: { fault: "slow-body", delay: DELAY_MS },
      expect: "The list's answer trickles in over 3 s.",
      fresh: true,
      reload: true,
    },
    {
      label: "Malformed answer",
      operationId: list,
      words: { fault: "malformed" },
      expect: "The list cannot be read.",
      fresh: true,
      reload: true,
    },
  ];
}

export function ScenarioPanel({ target, queries }: { target: MockTarget; queries: BillingQueries }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState("");
  const { queryKey } = queries.listInvoiceCcRecipients();
  const scenarios = scenariosFor(queries);

  async function play(scenario: Scenario) {
    try {
      await target.next(scenario.operationId, scenario.words);
      setStatus(`${scenario.label}: ${scenario.expect}`);
      if (scenario.fresh) await queryClient.resetQueries({ queryKey });
      else if (scenario.reload) await queryClient.refetchQueries({ queryKey });
    } catch (error) {
      setStatus(`${scenario.label} could not be set: ${(error as Error).message}`);
    }
  }

  async function reset() {
    await target.reset();
    await queryClient.resetQueries({ queryKey });
    setStatus("The mock is back to its fixtures.");
  }

  return (
    <aside aria-labelledby="scenarios-heading" className="scenarios">
      <h2 id="scenarios-heading">Scenarios</h2>
      <p>
        Against the {target.kind === "msw" ? "mock in this page (MSW)" : target.kind === "prism" ? "Prism mock" : "stateful mock"} only.
        Each button sets the mock's next answer.
      </p>
      <div className="scenario-buttons">
        {scenarios.map((scenario) => (
          <button key={scenario.label} type="button" className="secondary" onClick={() => void play(scenario)}>
            {scenario.label}
          </button>
        ))}
        <button type="button" className="secondary" onClick={() => void reset()}>
          Reset mock
        </button>
      </div>
      <p role="status" className="scenario-status">
        {status}
      </p>
    </aside>
  );
}
