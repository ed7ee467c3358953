/**
 * What every answer of a case must be, by the kind of its content: JSON and Problem bodies
 * parsed and valid against the spec's schema (Ajv), text equal to the example as a string,
 * binary equal to the example's bytes, no body at all for a response without content; its
 * status, media type and documented headers as the spec says; and where the answer came from
 * (`X-Mock-Source`) as the case expects on the stateful mock.
 */
import { expect } from "vitest";
import { expectedBody, readBody, type ReadBody } from "../support/media-kinds.ts";
import type { SpecValidator } from "../support/spec-validator.ts";
import type { ApiTarget } from "../support/target.ts";
import { statusMatches, type ContractCase } from "./cases.ts";

/** The header the stateful mock marks an answer taken from the spec's examples with. */
export const MOCK_SOURCE = "x-mock-source";

const escaped = (mediaType: string) => mediaType.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether the case must answer with one of the spec's examples as it is written. */
export const answersExample = ({ provoked, example }: ContractCase) => example !== undefined && provoked !== "behaviour";

/** Checks `answer` against the case; resolves to its body as read. */
export async function expectAnswer(
  contract: ContractCase,
  answer: Response,
  validator: SpecValidator,
  target: ApiTarget,
): Promise<ReadBody> {
  const { response, answer: content, operation, example, provoked } = contract;
  if (!statusMatches(response.status, answer.status)) {
    expect.fail(`${answer.status} for the documented ${response.status}: ${(await answer.text()).slice(0, 500)}`);
  }
  if (content) expect(answer.headers.get("content-type")).toMatch(new RegExp(`^${escaped(content.mediaType)}\\s*(;|$)`, "i"));
  for (const header of response.headers) {
    const value = answer.headers.get(header.name);
    if (header.required) expect(value, `header ${header.name}`).not.toBeNull();
    if (value !== null) expect(validator.validateHeader(header.schema, value), `header ${header.name}: ${value}`).toEqual([]);
  }
  if (target.kind === "stateful") {
    // Behaviour never answers from an example; an operation without behaviour always does.
    const source = answer.headers.get(MOCK_SOURCE);
    if (provoked === "behaviour") expect(source, MOCK_SOURCE).toBeNull();
    if (provoked === "example") expect(source, MOCK_SOURCE).toBe("example");
  }
  const kind = content?.kind ?? "none";
  const body = await readBody(answer, kind);
  if (body.kind === "json")
    expect(validator.validate(validator.schemaOf(operation, response.status, content!.mediaType), body.value)).toEqual([]);
  if (kind === "none") expect(body).toEqual(expectedBody("none", undefined));
  if (content && answersExample(contract)) expect(body).toEqual(expectedBody(kind, content.examples[example!]));
  return body;
}
