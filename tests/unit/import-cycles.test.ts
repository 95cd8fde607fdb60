import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import ts from 'typescript';

/**
 * The server's modules form no import circle (issue 25: a 13-file circle through the typed
 * getService made every service's module depend on every other). A circle of runtime imports
 * can hand a module `undefined` at load, depending on which file Node reaches first; a circle
 * through type-only imports is harmless at run time but ties every file of it to the others,
 * so both count here.
 */
const ROOT = resolve(__dirname, '../../server/src');

type Edge = { to: string; typeOnly: boolean };

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });

/** The file a relative specifier names, or null for a package or a file outside server/src. */
const resolveLocal = (from: string, specifier: string): string | null => {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
    (path) => existsSync(path) && statSync(path).isFile()
  );
  return found && found.startsWith(ROOT) ? found : null;
};

/** Import, re-export, `import()` and `require()` edges; an import whose names are all `type` is type-only. */
const edgesOf = (file: string): Edge[] => {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const to = resolveLocal(file, specifier.text);
    if (to) edges.push({ to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const everyNameIsType =
        !!clause &&
        !clause.name &&
        !!named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier, !!clause?.isTypeOnly || everyNameIsType);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause;
      const everyNameIsType =
        !!named &&
        ts.isNamedExports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier, node.isTypeOnly || everyNameIsType);
    } else if (ts.isCallExpression(node)) {
      const dynamic =
        node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require');
      if (dynamic) add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
};

/** Every strongly connected group of files (Tarjan): each group of two or more is a circle. */
const circles = (graph: Map<string, Edge[]>): string[][] => {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (file: string) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const { to } of graph.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (;;) {
      const member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
      if (member === file) break;
    }
    const selfImport = (graph.get(file) ?? []).some((edge) => edge.to === file);
    if (group.length > 1 || selfImport) groups.push(group.map((f) => relative(ROOT, f)).sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return groups;
};

const graphOf = (keep: (edge: Edge) => boolean) =>
  new Map(sources(ROOT).map((file) => [file, edgesOf(file).filter(keep)]));

test('server/src: no circle of runtime imports', () => {
  expect(circles(graphOf((edge) => !edge.typeOnly))).toEqual([]);
});

test('server/src: no circle either when type-only imports count', () => {
  expect(circles(graphOf(() => true))).toEqual([]);
});

test('the walk sees the imports it guards (the services registry reaches every concept)', () => {
  const registry = edgesOf(join(ROOT, 'services/index.ts')).map((edge) => relative(ROOT, edge.to));
  expect(registry).toEqual(
    expect.arrayContaining([
      'config/service.ts',
      'delivery/index.ts',
      'links/index.ts',
      'matterport/index.ts',
      'ops/service.ts',
      'settings/index.ts',
    ])
  );
  const getService = edgesOf(join(ROOT, 'links/service.ts')).find((edge) =>
    edge.to.endsWith('utils/get-service.ts')
  );
  expect(getService).toEqual({ to: join(ROOT, 'utils/get-service.ts'), typeOnly: false });
});
