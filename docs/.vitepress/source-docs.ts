/**
 * Reads the library's own TypeScript source with the TypeScript compiler API: the members of an
 * interface with their declared types and doc comments, the string literals of a union type, and the
 * classes that extend a base class. The reference pages are built from what this returns, so a member,
 * a code or a class added to the source shows up on them by itself, and a comment edited there is what
 * the page says.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repository = new URL('../../', import.meta.url);

/** A file of the repository, parsed (no type checking: declarations are read as written). */
export function parseSource(path: string): ts.SourceFile {
  const file = fileURLToPath(new URL(path, repository));
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The text of a node's doc comment (tags left out), lines joined; '' when it has none. */
export function docOf(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return docs
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

export interface Member {
  name: string;
  optional: boolean;
  /** The type as declared in the source, e.g. `number | false`. */
  type: string;
  doc: string;
}

/** The property and method signatures of an exported interface, in source order. */
export function interfaceMembers(source: ts.SourceFile, name: string): Member[] {
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  if (!declaration) throw new Error(`${source.fileName} declares no interface ${name}`);
  return declaration.members.flatMap((member) => {
    if (!ts.isPropertySignature(member) || !member.type) return [];
    return [
      {
        name: member.name.getText(source),
        optional: member.questionToken !== undefined,
        type: member.type.getText(source).replace(/\s+/g, ' '),
        doc: docOf(member),
      },
    ];
  });
}

/** The string literals of a union type alias, in source order. */
export function unionLiterals(source: ts.SourceFile, name: string): string[] {
  const alias = source.statements.find(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) && statement.name.text === name,
  );
  if (!alias || !ts.isUnionTypeNode(alias.type)) {
    throw new Error(`${source.fileName} declares no union type ${name}`);
  }
  return alias.type.types.map((member) => {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) {
      throw new Error(`${name} has a member that is not a string literal: ${member.getText(source)}`);
    }
    return member.literal.text;
  });
}

export interface ClassDoc {
  name: string;
  /** The string its `code` property is set to; null when it sets none. */
  code: string | null;
  doc: string;
  /** Its own `readonly` properties (not `name` or `code`), with their types and doc comments. */
  fields: Member[];
}

/** The exported classes that extend `base` directly, in source order. */
export function subclassesOf(source: ts.SourceFile, base: string): ClassDoc[] {
  return source.statements.flatMap((statement) => {
    if (!ts.isClassDeclaration(statement) || !statement.name) return [];
    const extendsBase = statement.heritageClauses?.some(
      (clause) =>
        clause.token === ts.SyntaxKind.ExtendsKeyword &&
        clause.types.some((type) => type.expression.getText(source) === base),
    );
    if (!extendsBase) return [];
    let code: string | null = null;
    const fields: Member[] = [];
    for (const member of statement.members) {
      if (!ts.isPropertyDeclaration(member)) continue;
      const name = member.name.getText(source);
      if (name === 'code' && member.initializer && ts.isStringLiteral(member.initializer)) {
        code = member.initializer.text;
      } else if (name !== 'name' && member.type) {
        fields.push({ name, optional: false, type: member.type.getText(source), doc: docOf(member) });
      }
    }
    return [{ name: statement.name.text, code, doc: docOf(statement), fields }];
  });
}

/** Inline Markdown of a doc comment as HTML: text escaped, `code` spans kept. Nothing else is needed. */
export function inlineHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The string literals of a union type alias with the doc comment written above each, in source order. */
export function unionLiteralDocs(source: ts.SourceFile, name: string): { value: string; doc: string }[] {
  const alias = source.statements.find(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) && statement.name.text === name,
  );
  if (!alias || !ts.isUnionTypeNode(alias.type)) {
    throw new Error(`${source.fileName} declares no union type ${name}`);
  }
  let from = alias.type.pos;
  return alias.type.types.map((member) => {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) {
      throw new Error(`${name} has a member that is not a string literal: ${member.getText(source)}`);
    }
    // The comment sits before the member's `|`, where the compiler attaches it to nothing: read the text.
    const before = source.text.slice(from, member.getStart(source));
    from = member.end;
    const comments = [...before.matchAll(/\/\*\*([\s\S]*?)\*\//g)];
    const doc = (comments.at(-1)?.[1] ?? '')
      .replace(/^\s*\*\s?/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    return { value: member.literal.text, doc };
  });
}
