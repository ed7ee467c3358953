/**
 * A Redocly resolver that keeps `$ref`s inside one folder. spec/ is edited by contributors
 * and bundled in CI, so a reference to `/etc/hostname`, `../../.env` or an `http://` URL
 * must not be read, fetched or copied into generated/. Every step reads spec/ through
 * openapi-model.ts, and so through this resolver: the refusal happens before any file is
 * opened or any request is made, and Redocly reports it (`no-unresolved-refs`, or the
 * bundler) at the file and line of the offending `$ref`.
 */
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { BaseResolver, ResolveError, type Document, type Source, type YamlParseError } from "@redocly/openapi-core";

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
    return super.loadExternalRef(absoluteRef);
  }
}
