/**
 * A package's public API as flat entries, read with the TypeScript compiler API from its
 * declaration files: one entry per export, member, parameter, return and nested property,
 * keyed by a path such as `BillingClient.addInvoiceCcRecipient(body).email` (a parameter)
 * or `BillingClient.addInvoiceCcRecipient().id` (what it resolves with). Two models
 * compare key by key (api-diff.ts), so a change is named where it happens.
 *
 * What is expanded: object types declared in the package or in the @hostup/billing-openapi
 * types it names; anything else (lib.dom, openapi-fetch, TanStack) is one entry, its type
 * printed. A type that has its own declaration in the model (an export, a component of
 * `components`) is printed by name where it is used, so each change is reported once, at its
 * declaration.
 */
import { resolve } from "node:path";
import ts from "typescript";

export interface ApiEntry {
  /** The top-level declaration it belongs to, e.g. `BillingClient` or `components["schemas"]["Problem"]`. */
  declaration: string;
  /** Its path below the declaration; "" for the declaration itself. */
  member: string;
  /** `method`, `parameter`, `property`, `returns`, `type`, `class`, `function`, `const`... */
  kind: string;
  /** The printed type; for an expanded object "{…}". */
  type: string;
  optional: boolean;
  /** The key of the entry it is a member of; absent for a declaration. */
  parent?: string;
}

/** Every entry by `${declaration}${member}`, in declaration order. */
export type ApiModel = Map<string, ApiEntry>;

/** Where each entry point's declarations are, and which directories hold the package's own declarations. */
export interface ApiSources {
  /** Entry declaration files by a label, e.g. "@hostup/billing-client" → dist/index.d.ts. */
  entries: Record<string, string>;
  /** Declarations under these directories are the package's own, and are expanded. */
  own: string[];
  /** The generated types package (its entry declaration file and directory): the exports the package imports from it are modelled too. */
  openapi: { specifier: string; entry: string; dir: string };
  host?: ts.CompilerHost;
}

const MAX_DEPTH = 8;
const PRINT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.WriteArrayAsGenericType;
/** `import("/tmp/…/dist/client").RetryOptions` → `RetryOptions`: the two sides are built in different directories. */
const IMPORT_TYPE = /import\("[^"]*"(?:, \{ with: \{[^}]*\} \})?\)\./g;

/** How declarations are read: as an application on Node and in browsers would compile against them. */
export const READ_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2023,
  lib: ["lib.es2024.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

export function readApi(sources: ApiSources): ApiModel {
  const program = ts.createProgram({ rootNames: Object.values(sources.entries), options: READ_OPTIONS, host: sources.host });
  const checker = program.getTypeChecker();
  const own = sources.own.map((dir) => resolve(dir));
  const isOwn = (node: ts.Node | undefined) => !!node && own.some((dir) => isIn(node, dir));
  const model: ApiModel = new Map();
  /** Types with a declaration of their own in the model, printed by that name elsewhere. */
  const named = new Map<ts.Type, string>();

  const modules = Object.entries(sources.entries).map(([label, file]) => ({ label, exports: exportsOf(file) }));

  // The generated types the package's declarations import, e.g. `components` and `operations`.
  const imported = new Set<string>();
  for (const file of program.getSourceFiles()) {
    if (!isOwn(file) || isIn(file, sources.openapi.dir)) continue;
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      if (statement.moduleSpecifier.text !== sources.openapi.specifier) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) imported.add((element.propertyName ?? element.name).text);
    }
  }
  const openapiExports = exportsOf(sources.openapi.entry).filter(({ name }) => imported.has(name));

  // Each component (components["schemas"]["X"]) and each member of the other groups
  // (operations["x"], paths["/x"]) is a declaration of its own, as openapi-typescript names them.
  const groups: { name: string; type: ts.Type }[] = [];
  const members = (type: ts.Type, prefix: string, levels: number): void => {
    for (const property of checker.getPropertiesOfType(type)) {
      const name = `${prefix}[${JSON.stringify(property.name)}]`;
      const propertyType = checker.getTypeOfSymbol(property);
      if (levels > 1) members(propertyType, name, levels - 1);
      else {
        // The first name wins: a component that is another one (`A: components["schemas"]["B"]`) reads as B.
        if (propertyType.flags & ts.TypeFlags.Object && !named.has(propertyType)) named.set(propertyType, name);
        groups.push({ name, type: propertyType });
      }
    }
  };
  for (const { name, symbol } of openapiExports) members(checker.getDeclaredTypeOfSymbol(symbol), name, name === "components" ? 2 : 1);
  const exported: { declaration: string; symbol: ts.Symbol }[] = [];
  // The first entry's exports are named bare, the others with their entry's label.
  const primary = Object.keys(sources.entries)[0];
  for (const { label, exports } of modules) {
    for (const { name, symbol } of exports) {
      const declaration = label === primary ? name : `${label}: ${name}`;
      exported.push({ declaration, symbol });
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)) {
        const declared = checker.getDeclaredTypeOfSymbol(symbol);
        if (declared.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection) && !named.has(declared)) named.set(declared, declaration);
      }
    }
  }

  /** The entry whose children are being described: each entry records it, so a diff can show a removed subtree once. */
  const parents: string[] = [];
  const add = (declaration: string, member: string, kind: string, type: string, optional = false) => {
    const key = `${declaration}${member}`;
    model.set(key, { declaration, member, kind, type, optional, parent: parents.at(-1) });
    return key;
  };
  const within = (key: string, describeChildren: () => void) => {
    parents.push(key);
    describeChildren();
    parents.pop();
  };

  function describe(declaration: string, member: string, kind: string, type: ts.Type, optional: boolean, depth: number): void {
    const bare = optional ? checker.getNonNullableType(type) : type;
    const name = named.get(bare);
    // Printed by name, except at its own declaration.
    if (name && !(member === "" && name === declaration)) return void add(declaration, member, kind, name, optional);
    if (depth >= MAX_DEPTH || !expandable(bare)) return void add(declaration, member, kind, print(bare), optional);
    if (checker.isArrayType(bare)) {
      const element = checker.getTypeArguments(bare as ts.TypeReference)[0];
      const key = add(declaration, member, kind, "Array", optional);
      if (element) within(key, () => describe(declaration, `${member}[]`, "element", element, false, depth + 1));
      return;
    }
    const signatures = bare.getCallSignatures();
    const properties = checker.getPropertiesOfType(bare).filter((p) => p.declarations?.some(isOwn));
    const key = add(declaration, member, kind, signatures.length && !properties.length ? "function" : "{…}", optional);
    within(key, () => {
      signatures.forEach((signature, index) =>
        describeSignature(declaration, `${member}${signatures.length > 1 ? `#${index + 1}` : ""}`, signature, depth),
      );
      for (const property of properties) {
        const isMethod = !!(property.flags & ts.SymbolFlags.Method);
        const isOptional = !!(property.flags & ts.SymbolFlags.Optional);
        describe(
          declaration,
          `${member}.${property.name}`,
          isMethod ? "method" : "property",
          checker.getTypeOfSymbol(property),
          isOptional,
          depth + 1,
        );
      }
    });
  }

  function describeSignature(declaration: string, member: string, signature: ts.Signature, depth: number): void {
    for (const parameter of signature.getParameters()) {
      const node = parameter.valueDeclaration;
      const optional = !!node && ts.isParameter(node) && (!!node.questionToken || !!node.initializer || !!node.dotDotDotToken);
      describe(declaration, `${member}(${parameter.name})`, "parameter", checker.getTypeOfSymbol(parameter), optional, depth + 1);
    }
    const returns = signature.getReturnType();
    // Every method resolves a Promise: what it resolves with is what a change touches.
    const awaited = checker.getAwaitedType(returns) ?? returns;
    describe(declaration, `${member}()`, awaited === returns ? "returns" : "resolves", awaited, false, depth + 1);
  }

  function expandable(type: ts.Type): boolean {
    if (checker.isArrayType(type)) return true;
    if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return false;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    return !!symbol?.declarations?.some(isOwn);
  }

  const print = (type: ts.Type) => checker.typeToString(type, undefined, PRINT).replace(IMPORT_TYPE, "");

  function exportsOf(file: string): { name: string; symbol: ts.Symbol }[] {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${file} is not a module`);
    return checker.getExportsOfModule(module).map((exported) => ({
      name: exported.name,
      symbol: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported,
    }));
  }

  for (const { name, type } of groups) describe(name, "", "type", type, false, 0);
  for (const { declaration, symbol } of exported) {
    if (symbol.flags & ts.SymbolFlags.Class) describe(declaration, "", "class", checker.getDeclaredTypeOfSymbol(symbol), false, 0);
    else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      const kind = symbol.flags & ts.SymbolFlags.Interface ? "interface" : "type";
      describe(declaration, "", kind, checker.getDeclaredTypeOfSymbol(symbol), false, 0);
    } else
      describe(declaration, "", symbol.flags & ts.SymbolFlags.Function ? "function" : "const", checker.getTypeOfSymbol(symbol), false, 0);
  }
  return model;
}

const isIn = (node: ts.Node, dir: string) => node.getSourceFile().fileName.startsWith(`${resolve(dir)}/`);
