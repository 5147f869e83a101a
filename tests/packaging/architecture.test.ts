import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support';

/**
 * The shape the code keeps, checked on the sources: the core's imports form no circle and its public
 * types import no implementation, no core function grows past what a reader takes in at once, and each
 * binding stays a thin adapter (the rest belongs in the core).
 */

const CORE_SOURCE = join(REPO_ROOT, 'packages/core/src');
const MAX_FUNCTION_LINES = 120;
const MAX_BINDING_LINES = 100;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The core files a file imports (static and dynamic imports, and re-exports), type-only ones included. */
function localImports(file: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? node.arguments[0]
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
            ? node.argument.literal
            : undefined;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      found.push(`${resolve(dirname(file), specifier.text)}.ts`);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found;
}

/** Lines holding code: comments and blank lines left out. */
function codeLines(file: string): number {
  const source = parse(file);
  const lines = new Set<number>();
  // The leaves of the syntax tree are the tokens; a node's start skips the comments before it.
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (node.getChildCount(source) > 0) {
      for (const child of node.getChildren(source)) visit(child);
      return;
    }
    if (node.kind === ts.SyntaxKind.EndOfFileToken) return;
    const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
    for (let line = start; line <= end; line++) lines.add(line);
  };
  visit(source);
  return lines.size;
}

describe('the core', () => {
  const files = sourceFiles(CORE_SOURCE);

  it('has no import circle', () => {
    const graph = new Map(files.map((file) => [file, localImports(file)]));
    const circles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const walk = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        circles.push(
          [...path.slice(path.indexOf(file)), file].map((each) => relative(CORE_SOURCE, each)).join(' → '),
        );
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) walk(file, []);
    expect(circles).toEqual([]);
  });

  it('keeps its public types at the bottom: types.ts imports only errors.ts, which imports nothing', () => {
    const importsOf = (name: string) =>
      localImports(join(CORE_SOURCE, name)).map((file) => relative(CORE_SOURCE, file));
    expect(importsOf('types.ts')).toEqual(['errors.ts']);
    expect(importsOf('errors.ts')).toEqual([]);
  });

  it('reads time and chance through clock.ts only: no Date.now, performance.now or Math.random elsewhere', () => {
    const readers = /\bDate\.now\(|\bperformance\.now\(|\bMath\.random\(/;
    const elsewhere = files.filter(
      (file) => relative(CORE_SOURCE, file) !== 'clock.ts' && readers.test(readFileSync(file, 'utf8')),
    );
    expect(elsewhere.map((file) => relative(CORE_SOURCE, file))).toEqual([]);
  });

  it(`has no function longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long: string[] = [];
    for (const file of files) {
      const source = parse(file);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > MAX_FUNCTION_LINES) {
            long.push(`${relative(CORE_SOURCE, file)}:${start + 1} (${end - start + 1} lines)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });
});

describe.each(['react', 'vue', 'angular'])('the %s binding', (name) => {
  it(`is at most ${MAX_BINDING_LINES} lines of code (comments and blank lines not counted)`, () => {
    const files = sourceFiles(join(REPO_ROOT, 'packages', name, 'src'));
    const total = files.reduce((sum, file) => sum + codeLines(file), 0);
    console.log(`${name} binding: ${total} lines of code in ${files.length} files`);
    expect(total).toBeLessThanOrEqual(MAX_BINDING_LINES);
  });
});
