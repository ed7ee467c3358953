/** Rewrites one generated block of the README between its markers, leaving the prose around it as written. */

/** `readme` with the block from `start` to `end` (markers included) replaced by `block`; throws when a marker is missing. */
export function replaceBlock(readme: string, start: string, end: string, block: string, what: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${what}'s markers (${start} ... ${end})`);
  return readme.slice(0, from) + block + readme.slice(to + end.length);
}
