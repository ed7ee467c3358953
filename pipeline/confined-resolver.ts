/**
 * A Redocly resolver that keeps `$ref`s inside one folder. spec/ is edited by contributors
 * and bundled in CI, so a reference to `/etc/hostname`, `../../.env` or an `http://` URL
 * must not be read, fetched or copied into generated/. Every step reads spec/ through
 * openapi-model.ts, and so through this resolver: the refusal happens before any file is
 * opened or any request is made, and Redocly reports it (`no-unresolved-refs`, or the
 * bundler) at the file and line of the offending `$ref`.
 *
 * It also bounds what it reads (spec-limits.ts) and refuses YAML aliases (yaml-aliases.ts)
 * in every file, the entry included, before Redocly parses it: the first such refusal is kept
 * in `refused`, and loadSpec throws it in place of the lint problems it caused.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { BaseResolver, ResolveError, Source, type Document, type YamlParseError } from "@redocly/openapi-core";
import { MAX_SPEC_BYTES, MAX_SPEC_FILE_BYTES, mib, readBounded, SpecInputError } from "./spec-limits.ts";
import { expandedBeyondText, findYamlAlias } from "./yaml-aliases.ts";

type ResolveConfig = ConstructorParameters<typeof BaseResolver>[0];

// Any URI scheme: http:, https:, file:, data:, … (a relative file path never has one).
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function inside(dir: string, path: string): boolean {
  const within = relative(dir, path);
  return within !== "" && !within.startsWith(`..${sep}`) && within !== ".." && !isAbsolute(within);
}

/** The real location of `path` (symlinks followed) when it exists; only metadata is read. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export class ConfinedResolver extends BaseResolver {
  /** The folder every reference must stay in; `undefined` allows no external reference at all. */
  readonly dir: string | undefined;
  readonly label: string;
  /** The first file refused for its size or its aliases: the run's real error. */
  refused: SpecInputError | undefined;
  /** Bytes read so far by this resolver (one per run), against MAX_SPEC_BYTES. */
  private bytesRead = 0;
  private reading: Promise<unknown> = Promise.resolve();

  constructor(dir: string | undefined, label: string, config?: ResolveConfig) {
    super(config);
    this.dir = dir === undefined ? undefined : realPath(resolve(dir));
    this.label = label;
  }

  /** Why `ref`, written in the document at `base`, may not be followed; undefined when it may. */
  refusal(base: string | null, ref: string): string | undefined {
    if (SCHEME.test(ref)) return "a URL; only relative paths inside it are followed";
    if (isAbsolute(ref)) return "an absolute path; only relative paths inside it are followed";
    if (this.dir === undefined) return "an external reference; a bundled document may only refer into itself";
    const target = this.resolveExternalRef(base, ref);
    if (!inside(this.dir, resolve(target)) || !inside(this.dir, realPath(target))) return "outside it";
    return undefined;
  }

  override async resolveDocument<T = unknown>(
    base: string | null,
    ref: string,
    isRoot = false,
  ): Promise<Document<T> | ResolveError | YamlParseError> {
    // The entry document itself is named by the caller, not by the spec.
    if (!(isRoot && base === null)) {
      const why = this.refusal(base, ref);
      if (why) throw new ResolveError(new Error(`"${ref}" leaves ${this.label}: ${why}`));
    }
    return super.resolveDocument<T>(base, ref, isRoot);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    // A second gate: nothing reaches the file system or the network unless it is inside.
    if (SCHEME.test(absoluteRef) || this.dir === undefined || !inside(this.dir, realPath(absoluteRef))) {
      throw new ResolveError(new Error(`"${absoluteRef}" leaves ${this.label}`));
    }
    // One file at a time: Redocly asks for many at once, and each must see what the others took.
    const turn = this.reading.then(() => this.readWithin(absoluteRef));
    this.reading = turn.catch(() => undefined);
    return turn;
  }

  private async readWithin(absoluteRef: string): Promise<Source> {
    try {
      // Read by hand, not by super: the size is known before the text is, and bounded.
      const read = await readBounded(absoluteRef, Math.min(MAX_SPEC_FILE_BYTES, MAX_SPEC_BYTES - this.bytesRead));
      if ("tooLarge" in read) throw this.refuse(this.sizeRefusal(absoluteRef, read.tooLarge));
      this.bytesRead += Buffer.byteLength(read.text);
      return new Source(absoluteRef, read.text);
    } catch (error) {
      if (error instanceof SpecInputError) throw error;
      // As Redocly words a missing file: "ENOENT: no such file or directory '<path>'".
      (error as Error).message = (error as Error).message.replace(", open", "");
      throw new ResolveError(error as Error);
    }
  }

  override parseDocument(source: Source, isRoot = false): Document {
    const alias = findYamlAlias(source.body);
    if (alias) {
      const what = alias.kind === "anchor" ? `a YAML anchor (${alias.source})` : `a YAML alias (${alias.source})`;
      throw this.refuse(
        new SpecInputError(
          "spec-input/no-yaml-aliases",
          `${what} is refused in ${this.label}: anchors and aliases can expand without bound; write the value out or use a $ref`,
          { file: source.absoluteRef, line: alias.line, col: alias.col },
        ),
      );
    }
    const document = super.parseDocument(source, isRoot);
    const expanded = expandedBeyondText(document.parsed, source.body.length);
    if (expanded) {
      throw this.refuse(
        new SpecInputError(
          "spec-input/no-yaml-aliases",
          `the file expands when parsed (${expanded}); aliases are refused in ${this.label}`,
          {
            file: source.absoluteRef,
          },
        ),
      );
    }
    return document;
  }

  private sizeRefusal(file: string, bytes: number): SpecInputError {
    const size = `${bytes.toLocaleString("en-US")} bytes`;
    if (bytes > MAX_SPEC_FILE_BYTES) {
      return new SpecInputError(
        "spec-input/file-size",
        `the file is ${size}, over the ${mib(MAX_SPEC_FILE_BYTES)} limit per file (MAX_SPEC_FILE_BYTES in pipeline/spec-limits.ts)`,
        { file },
      );
    }
    return new SpecInputError(
      "spec-input/spec-size",
      `reading this file (${size}) takes ${this.label} over the ${mib(MAX_SPEC_BYTES)} limit for all its files together (MAX_SPEC_BYTES in pipeline/spec-limits.ts)`,
      { file },
    );
  }

  private refuse(error: SpecInputError): SpecInputError {
    this.refused ??= error;
    return error;
  }
}
