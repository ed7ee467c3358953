/**
 * From a change's JSON pointer in the bundle back to the file and line in spec/ that a
 * contributor edits. The bundle names every component after its file (spec/components/
 * <kind>/<Name>.yaml) and spec/openapi.yaml maps each path to its spec/paths/ file, so a
 * pointer is followed through the bundle: into a component when the bundle refers to one
 * (`#/components/...` only, the bundle's own), into a path file at `/paths/<path>`. When the
 * pointed-at node is gone (a removal), the nearest node still there is shown.
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { LineCounter, parseDocument, isMap, type Document } from "yaml";
import { specDir as defaultSpecDir } from "../paths.ts";
import type { Json } from "./types.ts";

export interface SourceLocation {
  /** Relative to the repository root's parent of spec/, e.g. `spec/components/schemas/Problem.yaml`. */
  file: string;
  line: number;
}

const unescape = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

export class SourceMap {
  readonly bundled: Json;
  readonly specDir: string;
  readonly #files = new Map<string, { doc: Document; lines: LineCounter } | undefined>();

  constructor(bundled: unknown, specDir = defaultSpecDir) {
    this.bundled = bundled as Json;
    this.specDir = specDir;
  }

  #load(file: string) {
    if (!this.#files.has(file)) {
      try {
        const lines = new LineCounter();
        this.#files.set(file, { doc: parseDocument(readFileSync(file, "utf8"), { lineCounter: lines }), lines });
      } catch {
        this.#files.set(file, undefined);
      }
    }
    return this.#files.get(file);
  }

  /** The spec/ file of a bundle component or path file reference, if it stays inside spec/. */
  #fileOf(reference: string, from: string): string | undefined {
    const file = resolve(from, reference);
    const within = relative(this.specDir, file);
    return within.startsWith(`..${sep}`) || within === ".." ? undefined : file;
  }

  /** Where `pointer` (into the bundle) is written in spec/. */
  locate(pointer: string): SourceLocation {
    const segments = pointer.split("/").slice(1).map(unescape);
    let file = join(this.specDir, "openapi.yaml");
    let inFile: string[] = [];
    let node: unknown = this.bundled;
    for (const [index, segment] of segments.entries()) {
      node = (node as Json | undefined)?.[segment];
      if (node === undefined) break;
      inFile.push(segment);
      const ref = (node as Json).$ref;
      const last = index === segments.length - 1;
      if (index === 2 && segments[0] === "components") {
        const target = this.#fileOf(join("components", segments[1]!, `${segment}.yaml`), this.specDir);
        if (target) [file, inFile] = [target, []];
      } else if (typeof ref === "string" && ref.startsWith("#/components/")) {
        // Followed even as the last step: a change found at a referring place (a schema's
        // type, a response's description) is an edit of the component, one edit for every
        // place that refers to it.
        const [, , kind, name] = ref.split("/").map(unescape);
        const target = this.#fileOf(join("components", kind!, `${name}.yaml`), this.specDir);
        node = ((this.bundled.components as Json | undefined)?.[kind!] as Json | undefined)?.[name!];
        if (target) [file, inFile] = [target, []];
      } else if (index === 1 && segments[0] === "paths" && !last) {
        const entry = this.#load(file)?.doc.getIn(["paths", segment]);
        const pathFile = isMap(entry) ? entry.get("$ref") : undefined;
        const target = typeof pathFile === "string" ? this.#fileOf(pathFile, this.specDir) : undefined;
        if (target) [file, inFile] = [target, []];
      }
    }
    return { file: relative(resolve(this.specDir, ".."), file), line: this.#line(file, inFile) };
  }

  #line(file: string, path: string[]): number {
    const loaded = this.#load(file);
    if (!loaded) return 1;
    // Keys may hold numbers (status codes) that YAML reads as numbers.
    for (let length = path.length; length > 0; length--) {
      const parent = loaded.doc.getIn(path.slice(0, length - 1), true);
      if (!isMap(parent)) continue;
      const key = path[length - 1]!;
      const pair = parent.items.find((item) => String((item.key as { value?: unknown })?.value ?? item.key) === key);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return loaded.lines.linePos(range[0]).line;
    }
    return 1;
  }
}
