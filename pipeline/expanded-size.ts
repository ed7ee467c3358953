/**
 * The size a resolved document would have written out in full. Dereferencing replaces each
 * `$ref` by its target object, shared rather than copied, so the resolved spec stays as small
 * as the bundle in memory; but anything that walks or serializes it (the generated facts, the
 * client's checks, the diff of spec:breaking) meets every shared object once per path to it.
 * A few lines of `$ref`s, each schema using the next one twice, make that 2^levels.
 */

interface Frame {
  node: object;
  children: unknown[];
  /** Keys' share of the text, added when the frame is made. */
  total: number;
  next: number;
}

/**
 * About the length of `JSON.stringify(resolved)` if every shared object were copied, computed
 * once per distinct object. A cycle (a recursive schema) counts once: whoever walks it must
 * stop there anyway. Iterative, so a long chain of references cannot overflow the stack.
 */
export function expandedSize(resolved: unknown): number {
  const memo = new Map<object, number>();
  const onPath = new Set<object>();
  const known = (value: unknown): number | undefined => {
    if (typeof value === "string") return value.length + 2;
    if (value === null || typeof value !== "object") return String(value).length;
    if (onPath.has(value)) return 1;
    return memo.get(value);
  };
  const frame = (node: object): Frame => {
    onPath.add(node);
    if (Array.isArray(node)) return { node, children: node, total: 2 + node.length, next: 0 };
    const entries = Object.entries(node);
    // `"key":` and a comma for each member.
    const keys = entries.reduce((sum, [key]) => sum + key.length + 4, 0);
    return { node, children: entries.map(([, value]) => value), total: 2 + keys, next: 0 };
  };

  const size = known(resolved);
  if (size !== undefined) return size;
  const stack: Frame[] = [frame(resolved as object)];
  let finished = 0;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      const childSize = known(child);
      if (childSize !== undefined) top.total += childSize;
      else stack.push(frame(child as object));
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    memo.set(top.node, top.total);
    finished = top.total;
    if (stack.length > 0) stack[stack.length - 1]!.total += finished;
  }
  return finished;
}
