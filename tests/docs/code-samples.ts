/**
 * Every TypeScript sample of the documentation, type-checked: the ```ts and ```tsx blocks of the docs'
 * Markdown pages, each as a module of its own beside its page, against the workspace's packages (their
 * sources, through the paths of tsconfig.base.json) and the libraries the workspace installs. A sample
 * may use the few names `samples-prelude.d.ts` declares (the desktop's `session`, its `render()`…),
 * which a reader's app has; anything else must be imported or declared in the sample itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = join(REPO_ROOT, 'docs');
const PRELUDE = fileURLToPath(new URL('./samples-prelude.d.ts', import.meta.url));

/** Folders of docs/ that hold no hand-written page: tooling, the build, the generated API reference. */
const NOT_PAGES = new Set(['.vitepress', 'node_modules', 'public', join('reference', 'api')]);

/**
 * Where a library a sample imports is looked for when the docs package does not have it: the workspace's
 * packages and example desktops, which install React, Vue, Angular, xstate and @statelyai/inspect.
 */
const INSTALLED_IN = [
  'packages/core',
  'packages/react',
  'packages/vue',
  'packages/angular',
  'examples/react-agent-desktop',
  'examples/vue-agent-desktop',
  'examples/angular-agent-desktop',
];

export interface Sample {
  /** The page, relative to the repository (`docs/guide/csrf.md`). */
  page: string;
  /** The line of the page where the sample's code starts (1-based). */
  line: number;
  lang: 'ts' | 'tsx';
  code: string;
}

/** The ```ts and ```tsx blocks of a Markdown text, their indentation removed. */
export function extractSamples(markdown: string, page: string): Sample[] {
  const samples: Sample[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,})(tsx?)(?:[\s{[:].*)?$/.exec(lines[index] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '```', lang] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] ?? '').trimStart().startsWith(fence)) {
      body.push((lines[end] ?? '').slice(indent.length));
      end++;
    }
    if (end === lines.length) throw new Error(`${page}:${index + 1}: a code block that never closes`);
    samples.push({ page, line: index + 2, lang: lang as 'ts' | 'tsx', code: body.join('\n') });
    index = end;
  }
  return samples;
}

/** Every hand-written Markdown page of docs/ (the docs folder's README, which is not a page, included). */
export function docPages(folder = DOCS): string[] {
  const pages: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_PAGES.has(relative(DOCS, path))) pages.push(...docPages(path));
    } else if (entry.name.endsWith('.md')) {
      pages.push(path);
    }
  }
  return pages.sort();
}

export function allSamples(): Sample[] {
  return docPages()
    .map((path) => relative(REPO_ROOT, path).split('\\').join('/'))
    .flatMap((page) => extractSamples(readFileSync(join(REPO_ROOT, page), 'utf8'), page));
}

/** Type-checks the samples; returns one line per problem, `page:line: message`. */
export function checkSamples(samples: readonly Sample[]): string[] {
  const base = ts.readConfigFile(join(REPO_ROOT, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, REPO_ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    // Angular's decorators are the legacy kind, as in its own projects.
    experimentalDecorators: true,
  };
  // Each sample is a module of its own (top-level await, no names shared between samples).
  const files = new Map(
    samples.map((sample, index) => [
      join(REPO_ROOT, `${sample.page}.sample-${index}.${sample.lang}`),
      { sample, text: `${sample.code}\nexport {};\n` },
    ]),
  );
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.text ?? readFile.call(host, name);
  host.getSourceFile = (name, version, onError, create) => {
    const virtual = files.get(name);
    return virtual
      ? ts.createSourceFile(name, virtual.text, version, true)
      : getSourceFile.call(host, name, version, onError, create);
  };
  const cache = ts.createModuleResolutionCache(REPO_ROOT, (name) => name, options);
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, compilerOptions) =>
    literals.map(({ text }) => {
      const here = ts.resolveModuleName(text, containingFile, compilerOptions, host, cache);
      if (here.resolvedModule || text.startsWith('.') || !files.has(containingFile)) return here;
      for (const folder of INSTALLED_IN) {
        const there = ts.resolveModuleName(text, join(REPO_ROOT, folder, 'index.ts'), compilerOptions, host);
        if (there.resolvedModule) return there;
      }
      return here;
    });
  const program = ts.createProgram({ rootNames: [PRELUDE, ...files.keys()], options, host });
  const problems: string[] = [];
  for (const [name, { sample }] of files) {
    const source = program.getSourceFile(name);
    if (!source) throw new Error(`${sample.page}: the sample at line ${sample.line} was not compiled`);
    for (const diagnostic of ts.getPreEmitDiagnostics(program, source)) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      problems.push(`${sample.page}:${sample.line + line}: ${text}`);
    }
  }
  const prelude = program.getSourceFile(PRELUDE);
  for (const diagnostic of [
    ...program.getGlobalDiagnostics(),
    ...ts.getPreEmitDiagnostics(program, prelude),
  ]) {
    problems.push(`(global) ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }
  return problems;
}
