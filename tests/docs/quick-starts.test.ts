import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_ORIGINS, DEFAULT_CLI_PORT } from '../../packages/simulator/src/cli-options';
import { DEFAULT_AGENTS } from '../../packages/simulator/src/defaults';

/**
 * The quick starts live once, in examples/quick-starts: the docs pages include them (VitePress `<<<`),
 * the READMEs hold copies after a `<!-- quick-start: path -->` line. These tests keep the copies equal to
 * the files, each page including its own, and the words around them true to what `pnpm simulator` does.
 * (e2e/packed-app.test.ts builds and runs the files themselves.)
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const QUICK_STARTS = 'examples/quick-starts';
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...patterns], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);

/** Each quick start's program files (its tests aside), by folder: `react` → [`react/App.tsx`, `react/main.tsx`]. */
const PROGRAMS = new Map<string, string[]>();
for (const file of tracked(`${QUICK_STARTS}/*/*`)) {
  const inFolder = relative(QUICK_STARTS, file);
  if (!/\.(tsx?|vue|mjs)$/.test(inFolder) || inFolder.includes('.test.')) continue;
  const folder = dirname(inFolder);
  PROGRAMS.set(folder, [...(PROGRAMS.get(folder) ?? []), inFolder].sort());
}

/** The getting-started page of each quick start. */
const PAGES: Record<string, string> = {
  react: 'docs/getting-started/react.md',
  vue: 'docs/getting-started/vue.md',
  angular: 'docs/getting-started/angular.md',
  typescript: 'docs/getting-started/typescript.md',
  node: 'docs/getting-started/node-electron.md',
};

/** The READMEs that must show a quick start, and which files. */
const README_QUICK_STARTS: Record<string, string[]> = {
  'README.md': ['react/main.tsx', 'react/App.tsx'],
  'packages/react/README.md': ['react/main.tsx', 'react/App.tsx'],
  'packages/vue/README.md': ['vue/main.ts', 'vue/App.vue'],
  'packages/angular/README.md': ['angular/main.ts'],
  'packages/core/README.md': ['node/main.mjs'],
};

interface Copy {
  readme: string;
  /** The quick start file, relative to examples/quick-starts. */
  file: string;
  text: string;
}

const MARKER = /^<!-- quick-start: (\S+) -->$/;

/** The copies a README holds: the code block after each marker line. */
function copiesIn(readme: string): Copy[] {
  const lines = read(readme).split('\n');
  const copies: Copy[] = [];
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (!marker) return;
    const open = lines.findIndex((each, at) => at > index && each.startsWith('```'));
    const close = lines.findIndex((each, at) => at > open && each === '```');
    if (open !== index + 2 || close < 0) {
      throw new Error(
        `${readme}:${index + 1}: a quick-start marker must be followed by a blank line and a code block`,
      );
    }
    const file = relative(join(ROOT, QUICK_STARTS), join(ROOT, dirname(readme), marker[1] as string));
    copies.push({ readme, file, text: `${lines.slice(open + 1, close).join('\n')}\n` });
  });
  return copies;
}

describe('the quick starts', () => {
  it('are the five programs the docs promise', () => {
    expect([...PROGRAMS.keys()].sort()).toEqual(Object.keys(PAGES).sort());
  });

  it('name the simulator as `pnpm simulator` starts: its address once, its first agent', () => {
    const [agent] = DEFAULT_AGENTS;
    for (const [folder, files] of PROGRAMS) {
      const text = files.map((file) => read(join(QUICK_STARTS, file))).join('\n');
      expect(text.split(`http://127.0.0.1:${DEFAULT_CLI_PORT}`).length - 1, folder).toBe(1);
      expect(text, folder).toContain(`username: '${agent?.username}'`);
      expect(text, folder).toContain(`password: '${agent?.password}'`);
    }
    // The dev servers the pages open them on: Vite's and the Angular CLI's, as the simulator allows by default.
    expect(DEFAULT_CLI_ORIGINS).toEqual(
      expect.arrayContaining(['http://localhost:5173', 'http://localhost:4200']),
    );
  });

  it.each(Object.entries(PAGES))(
    '%s: its getting-started page includes each of its files',
    (folder, page) => {
      const includes = [
        ...read(page).matchAll(/^<<< \.\.\/\.\.\/examples\/quick-starts\/([^\s{]+)(?:\{\w+\})?$/gm),
      ].map((match) => match[1]);
      expect(includes.sort()).toEqual(PROGRAMS.get(folder));
    },
  );

  it('the testing page includes the React tests', () => {
    const page = read('docs/guide/testing-your-desktop.md');
    for (const test of tracked(`${QUICK_STARTS}/react/*.test.tsx`)) {
      expect(page).toContain(`<<< ../../${test}`);
    }
  });

  it.each(Object.entries(README_QUICK_STARTS))(
    '%s shows its quick start, character for character',
    (readme, files) => {
      const copies = copiesIn(readme);
      expect(copies.map((copy) => copy.file)).toEqual(files);
      for (const copy of copies)
        expect(copy.text, `${readme}: ${copy.file}`).toBe(read(join(QUICK_STARTS, copy.file)));
    },
  );

  it('no other README holds a copy', () => {
    const others = tracked('README.md', '*/README.md').filter((readme) => !(readme in README_QUICK_STARTS));
    expect(others.flatMap(copiesIn)).toEqual([]);
  });

  it('the pages show the first line `pnpm simulator` prints, as it prints it', async () => {
    const line = await firstLineOfTheCli();
    const printed = line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${DEFAULT_CLI_PORT}`);
    const pages = tracked('docs/**/*.md', 'README.md', 'packages/*/README.md');
    const shown = pages.flatMap((page) =>
      read(page)
        .split('\n')
        .filter((each) => each.startsWith('SRS simulator listening on http://127.0.0.1:'))
        .map((each) => ({ page, each })),
    );
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const { page, each } of shown) expect(each, page).toBe(printed);
  }, 20_000);
});

/** Runs the CLI as `pnpm simulator` does, on a free port, and returns its first line. */
function firstLineOfTheCli(): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/simulator/src/cli.ts', '--port', '0', '--quiet'],
    {
      cwd: ROOT,
    },
  );
  return new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const end = output.indexOf('\n');
      if (end >= 0) resolve(output.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code} before printing`)));
  }).finally(() => child.kill('SIGTERM'));
}
