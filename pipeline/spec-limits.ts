/**
 * How much spec input the pipeline accepts, and the error that refuses the rest. spec/ is
 * untrusted input (a pull request can change it), and every step reads it whole into memory:
 * without a bound, one large file or one large bundle costs every step seconds and gigabytes.
 * The figures leave wide room: today's biggest spec file is about 6 KB, the whole spec under
 * 30 KB and generated/openapi.json about 40 KB; `pnpm bench:scale`'s 500-operation spec is
 * one 0.85 MB file bundling to 1.4 MB.
 */
import { open } from "node:fs/promises";
import { Source, type NormalizedProblem } from "@redocly/openapi-core";
import { expandedSize } from "./expanded-size.ts";
import { LintError } from "./lint-error.ts";

const MiB = 1024 * 1024;

/** Largest spec file read, in bytes: about 170 times today's largest path file. */
export const MAX_SPEC_FILE_BYTES = 1 * MiB;
/** Largest sum of every file one run reads, in bytes: many files each under the per-file limit are bounded too. */
export const MAX_SPEC_BYTES = 4 * MiB;
/** Largest bundle (generated/openapi.json as written, or a bundle from git history), in bytes. */
export const MAX_BUNDLE_BYTES = 4 * MiB;

/**
 * Largest resolved spec, every `$ref` written out, in bytes: components used in many places
 * legitimately repeat (today 138 KB resolved from a 40 KB bundle; bench:scale's 500
 * operations 11 MB), but `$ref`s that each use the next twice double it per level.
 */
export const MAX_RESOLVED_BYTES = 32 * MiB;

/** A figure in the unit the limits are written in. */
export function mib(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(2)} MiB`;
}

export interface InputLocation {
  /** Absolute path of the file, or a label such as "generated/openapi.json". */
  file: string;
  line?: number;
  col?: number;
}

/**
 * Spec input refused before Redocly parses or expands it. A LintError with one problem, so
 * every step prints it as it prints lint problems: one line under the file's name, no stack.
 */
export class SpecInputError extends LintError {
  override name = "SpecInputError";
  constructor(ruleId: string, message: string, where: InputLocation) {
    const line = where.line ?? 1;
    const col = where.col ?? 1;
    const problem: NormalizedProblem = {
      ruleId,
      severity: "error",
      message,
      suggest: [],
      // `start` without a pointer: the formatter prints it as is and never parses the refused text.
      location: [{ source: new Source(where.file, ""), pointer: undefined, start: { line, col }, end: { line, col } }],
    };
    super([problem]);
  }
}

/**
 * Reads a file as UTF-8 (CRLF as LF, as Redocly reads it) when it is at most `limit` bytes.
 * Never reads more than `limit + 1` bytes, whatever the size the file claims or grows to.
 */
export async function readBounded(path: string, limit: number): Promise<{ text: string } | { tooLarge: number }> {
  const handle = await open(path, "r");
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new Error(`Expected a file but received a folder at ${path}.`);
    if (stat.size > limit) return { tooLarge: stat.size };
    // Sized by the file, one byte over to see it grow; grown again (up to limit + 1) if it did.
    let buffer = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) return { tooLarge: length };
      if (length === buffer.length) buffer = Buffer.concat([buffer], Math.min(limit + 1, 2 * buffer.length));
    }
    return { text: buffer.toString("utf8", 0, length).replace(/\r\n/g, "\n") };
  } finally {
    await handle.close();
  }
}

/** Refuses a serialized bundle over MAX_BUNDLE_BYTES; `label` names it in the message. */
export function checkBundleSize(serialized: string, label: string): void {
  const bytes = Buffer.byteLength(serialized);
  if (bytes > MAX_BUNDLE_BYTES) {
    throw new SpecInputError(
      "spec-input/bundle-size",
      `the bundle is ${bytes.toLocaleString("en-US")} bytes, over the ${mib(MAX_BUNDLE_BYTES)} limit (MAX_BUNDLE_BYTES in pipeline/spec-limits.ts)`,
      { file: label },
    );
  }
}

/** Refuses a resolved spec that would be over MAX_RESOLVED_BYTES written out; `label` names its source. */
export function checkResolvedSize(resolved: unknown, label: string): void {
  const bytes = expandedSize(resolved);
  if (bytes > MAX_RESOLVED_BYTES) {
    const size = Number.isFinite(bytes) && bytes < 1e15 ? `about ${Math.round(bytes).toLocaleString("en-US")} bytes` : "beyond counting";
    throw new SpecInputError(
      "spec-input/resolved-size",
      `with every $ref replaced by its target the spec is ${size}, over the ${mib(MAX_RESOLVED_BYTES)} limit (MAX_RESOLVED_BYTES in pipeline/spec-limits.ts): a $ref target used many times that itself uses another many times multiplies; refer to fewer places`,
      { file: label },
    );
  }
}
