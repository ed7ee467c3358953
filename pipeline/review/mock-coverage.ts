/**
 * The review's mock-coverage section: per operation, whether the stateful mock gives it
 * behaviour, which response examples it can answer, and which statuses a scenario can ask
 * for, at the base and at the revision.
 *
 * Which operations have behaviour is what the mock's `Handlers` object holds
 * (packages/billing-mock/src/operations.ts): its keys are read from the source with the
 * TypeScript parser, at base-ref with `git show`, so no code from another commit is run. An
 * operation without a handler answers its first success example (the mock's fallback).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { mockDir } from "../build-packages.ts";
import { operationsOf, type Spec } from "../openapi-model.ts";
import { rel } from "../paths.ts";
import { responseExamples } from "../render-generated.ts";

/** The stateful mock's behaviour, one handler per operation. */
export const handlersFile = join(mockDir, "src/operations.ts");
/** The type the handlers object is declared with there. */
const HANDLERS_TYPE = "Handlers";

export interface OperationCoverage {
  operationId: string;
  /** Whether the operation is in the base, the revision, or both. */
  presence: "added" | "removed" | "kept";
  /** Stateful behaviour at each side; null where the operation does not exist. */
  behaviour: { base: boolean | null; revision: boolean | null };
  /** Response examples as `status name`. */
  examples: { added: string[]; removed: string[] };
  /** Statuses a scenario's `code` can ask for (the documented ones). */
  scenarioStatuses: { added: string[]; removed: string[] };
}

export interface MockCoverageSection {
  /** Operations whose coverage changed, in the revision's order then the removed ones. */
  operations: OperationCoverage[];
  /** Where the base's behaviour was read, e.g. `packages/billing-mock/src/operations.ts at main`. */
  baseBehaviourFrom: string;
}

/** The operationIds the mock's handlers object names, read from operations.ts's source. */
export function handledOperations(source: string): Set<string> {
  const file = ts.createSourceFile("operations.ts", source, ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const returnsHandlers =
      ts.isFunctionLike(node) && node.type && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(file) === HANDLERS_TYPE;
    if (returnsHandlers) {
      node.forEachChild(function returned(child: ts.Node): void {
        if (ts.isReturnStatement(child) && child.expression && ts.isObjectLiteralExpression(child.expression)) {
          for (const property of child.expression.properties) {
            const name = property.name;
            if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) names.add(name.text);
          }
        } else if (!ts.isFunctionLike(child)) child.forEachChild(returned);
      });
    }
    node.forEachChild(visit);
  };
  visit(file);
  return names;
}

/** operations.ts at the base (`commit`'s, read by `readAt`) and in the working tree. */
export async function handlerSources(
  readAt: ((path: string) => string | undefined) | undefined,
  label: string,
): Promise<{ base: string; revision: string; baseFrom: string }> {
  const revision = await readFile(handlersFile, "utf8");
  const atBase = readAt?.(rel(handlersFile));
  if (atBase !== undefined) return { base: atBase, revision, baseFrom: `${rel(handlersFile)} at ${label}` };
  return { base: revision, revision, baseFrom: `${rel(handlersFile)} in the working tree (a base file brings no mock source)` };
}

interface Side {
  spec: Spec;
  handled: Set<string>;
}

const list = (examples: Record<string, string[]>) =>
  Object.entries(examples).flatMap(([status, names]) => names.map((name) => `${status} ${name}`));
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

export function mockCoverage(base: Side, revision: Side, baseBehaviourFrom: string): MockCoverageSection {
  const before = responseExamples(base.spec);
  const after = responseExamples(revision.spec);
  const ids = [...operationsOf(revision.spec), ...operationsOf(base.spec)].map(({ operation }) => operation.operationId!);
  const operations: OperationCoverage[] = [];
  for (const operationId of new Set(ids)) {
    const was = before[operationId];
    const is = after[operationId];
    const coverage: OperationCoverage = {
      operationId,
      presence: !was ? "added" : !is ? "removed" : "kept",
      behaviour: { base: was ? base.handled.has(operationId) : null, revision: is ? revision.handled.has(operationId) : null },
      examples: { added: minus(list(is ?? {}), list(was ?? {})), removed: minus(list(was ?? {}), list(is ?? {})) },
      scenarioStatuses: {
        added: minus(Object.keys(is ?? {}), Object.keys(was ?? {})),
        removed: minus(Object.keys(was ?? {}), Object.keys(is ?? {})),
      },
    };
    const changed =
      coverage.presence !== "kept" ||
      coverage.behaviour.base !== coverage.behaviour.revision ||
      coverage.examples.added.length + coverage.examples.removed.length > 0 ||
      coverage.scenarioStatuses.added.length + coverage.scenarioStatuses.removed.length > 0;
    if (changed) operations.push(coverage);
  }
  return { operations, baseBehaviourFrom };
}
