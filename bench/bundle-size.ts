/**
 * What an app ships, minified + gzip, measured one way for `pnpm test` (budgets) and `pnpm bench`
 * (figures): esbuild bundles an app's imports from the packages' sources (no build needed; tsup
 * compiles them with the same esbuild), minifies, and gzip counts the bytes. Peers stay external,
 * as the app ships them once whoever imports them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BINDINGS } from '../scripts/packages';
import { table } from './markdown';

const PACKAGES = fileURLToPath(new URL('../packages/', import.meta.url));

/** What a desktop imports from core: the session, and the clock that keeps background tabs on time. */
export const CORE_IMPORTS = ['createScreenRecordingSession', 'createWorkerClock'] as const;

export interface BundleFigure {
  /** Minified + gzip bytes. */
  gzipBytes: number;
  /** The minified code, to check what was (not) bundled. */
  code: string;
}

export interface AppImportSizes {
  /** CORE_IMPORTS with xstate external. */
  core: BundleFigure;
  /** CORE_IMPORTS with xstate bundled: the total an app ships for the session. */
  coreWithXstate: BundleFigure;
  /**
   * CORE_IMPORTS with the session creator of `@screen-recording/core/independent` (xstate external):
   * what an app ships that never shares a session between tabs.
   */
  coreIndependent: BundleFigure;
  /** `describeView` + `describeError` on top of CORE_IMPORTS: what the agent-facing words add. */
  coreWithWords: BundleFigure;
  /** Only the xstate exports core imports: the baseline an app pays for xstate itself. */
  xstateBaseline: BundleFigure;
  /** The names core imports from xstate, read from the core bundle. */
  xstateImports: string[];
  /** Each binding's public entry, with its peers (core, the framework, xstate) external. */
  bindings: Record<string, BundleFigure>;
}

/** Bundles `contents` as an app's entry whose imports resolve from `resolveDir`. */
async function bundle(resolveDir: string, contents: string, external: string[]): Promise<BundleFigure> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    // esbuild also treats subpaths of an external package as external (react/jsx-runtime).
    external,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { gzipBytes: gzipSync(output).length, code: new TextDecoder().decode(output) };
}

async function peersOf(folder: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(PACKAGES, folder, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
  };
  return Object.keys(manifest.peerDependencies ?? {});
}

/** The names a minified bundle imports from `module`, e.g. `import{and as e,setup as t}from"xstate"`. */
function importedNames(code: string, module: string): string[] {
  const names = new Set<string>();
  const statement = new RegExp(`import\\{([^}]*)\\}from"${module}"`, 'g');
  for (const [, list = ''] of code.matchAll(statement)) {
    for (const item of list.split(',')) names.add(item.trim().split(/\s+as\s+/)[0] ?? '');
  }
  names.delete('');
  return [...names].sort();
}

export async function measureAppImports(bindings: readonly string[] = BINDINGS): Promise<AppImportSizes> {
  const coreEntry = `export { ${CORE_IMPORTS.join(', ')} } from './src/index.ts';`;
  const core = await bundle(join(PACKAGES, 'core'), coreEntry, await peersOf('core'));
  const coreWithXstate = await bundle(join(PACKAGES, 'core'), coreEntry, []);
  const coreIndependent = await bundle(
    join(PACKAGES, 'core'),
    "export { createScreenRecordingSession } from './src/entry/independent.ts';\n" +
      "export { createWorkerClock } from './src/index.ts';",
    await peersOf('core'),
  );
  const coreWithWords = await bundle(
    join(PACKAGES, 'core'),
    `export { ${[...CORE_IMPORTS, 'describeView', 'describeError'].join(', ')} } from './src/index.ts';`,
    await peersOf('core'),
  );
  const xstateImports = importedNames(core.code, 'xstate');
  if (xstateImports.length === 0)
    throw new Error('The core bundle imports nothing from xstate: is it external?');
  const xstateBaseline = await bundle(
    join(PACKAGES, 'core'),
    `export { ${xstateImports.join(', ')} } from 'xstate';`,
    [],
  );

  const corePeers = await peersOf('core');
  const bindingFigures: Record<string, BundleFigure> = {};
  for (const binding of bindings) {
    const external = [...new Set([...(await peersOf(binding)), ...corePeers])];
    bindingFigures[binding] = await bundle(
      join(PACKAGES, binding),
      "export * from './src/index.ts';",
      external,
    );
  }
  return {
    core,
    coreWithXstate,
    coreIndependent,
    coreWithWords,
    xstateBaseline,
    xstateImports,
    bindings: bindingFigures,
  };
}

/** The hand-written loop (`hand-written-loop.ts`): what an app ships when it keeps SRS alive by itself. */
export function measureHandWrittenLoop(): Promise<BundleFigure> {
  const bench = fileURLToPath(new URL('.', import.meta.url));
  return bundle(bench, "export { startHandWrittenLoop } from './hand-written-loop.ts';", []);
}

const figure = (bytes: number) => `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(2)} KiB)`;

/** Budgets to print beside the figures: the same keys as `AppImportSizes`. */
export interface SizeBudgets {
  core: number;
  coreWithXstate: number;
  coreIndependent: number;
  binding(name: string): number;
}

/** The figures as lines of text, with the xstate baseline, the ratio to it, and the budgets when given. */
export function formatSizes(sizes: AppImportSizes, budgets?: SizeBudgets): string[] {
  const of = (budget: number | undefined) =>
    budget === undefined ? '' : `  (budget ${budget.toLocaleString('en-US')} B)`;
  const ratio = sizes.core.gzipBytes / sizes.xstateBaseline.gzipBytes;
  return [
    'what an app ships, minified + gzip, peers external:',
    `  core (${CORE_IMPORTS.join(' + ')}): ${figure(sizes.core.gzipBytes)}${of(budgets?.core)}`,
    `  core with xstate bundled: ${figure(sizes.coreWithXstate.gzipBytes)}${of(budgets?.coreWithXstate)}`,
    `  core from @screen-recording/core/independent, no tab sharing: ${figure(sizes.coreIndependent.gzipBytes)}${of(budgets?.coreIndependent)}`,
    `  of core, the tab sharing: ${figure(sizes.core.gzipBytes - sizes.coreIndependent.gzipBytes)}`,
    `  the agent-facing words (describeView + describeError), when imported: ${figure(sizes.coreWithWords.gzipBytes - sizes.core.gzipBytes)}`,
    `  baseline, xstate alone (${sizes.xstateImports.join(', ')}): ${figure(sizes.xstateBaseline.gzipBytes)}`,
    `  ratio core / xstate baseline: ${ratio.toFixed(2)}×`,
    ...Object.entries(sizes.bindings).map(
      ([name, { gzipBytes }]) =>
        `  @screen-recording/${name}, public entry: ${figure(gzipBytes)}${of(budgets?.binding(name))}`,
    ),
  ];
}

/**
 * The figures as a Markdown table, each beside its budget, then the ratios to the two baselines: xstate
 * alone (which an app ships anyway with core) and the hand-written loop (what an app ships without it).
 */
export function formatSizesMarkdown(sizes: AppImportSizes, budgets: SizeBudgets, loop: BundleFigure): string {
  const bytes = (value: number) => `${value.toLocaleString('en-US')} B`;
  const row = (what: string, measured: number, budget: number | null) => [
    what,
    figure(measured),
    budget === null ? '—' : bytes(budget),
  ];
  const times = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;
  const rows = [
    row(`core (${CORE_IMPORTS.join(' + ')}), xstate external`, sizes.core.gzipBytes, budgets.core),
    row(
      'core with xstate bundled: the total for the session',
      sizes.coreWithXstate.gzipBytes,
      budgets.coreWithXstate,
    ),
    row(
      'core with the creator of @screen-recording/core/independent: no tab sharing',
      sizes.coreIndependent.gzipBytes,
      budgets.coreIndependent,
    ),
    row(
      '… of core, the tab sharing (what the independent creator leaves out)',
      sizes.core.gzipBytes - sizes.coreIndependent.gzipBytes,
      null,
    ),
    row(
      'core + the agent-facing words (describeView, describeError), the words alone',
      sizes.coreWithWords.gzipBytes - sizes.core.gzipBytes,
      null,
    ),
    ...Object.entries(sizes.bindings).map(([name, { gzipBytes }]) =>
      row(`@screen-recording/${name}, public entry, peers external`, gzipBytes, budgets.binding(name)),
    ),
    row(`baseline: xstate alone (${sizes.xstateImports.join(', ')})`, sizes.xstateBaseline.gzipBytes, null),
    row('baseline: the hand-written loop (bench/hand-written-loop.ts)', loop.gzipBytes, null),
  ];
  return [
    table(['what an app imports', 'minified + gzip', 'budget (`pnpm test`)'], rows, new Set([1, 2])),
    '',
    table(
      ['ratio', ''],
      [
        ['core / xstate alone', times(sizes.core.gzipBytes, sizes.xstateBaseline.gzipBytes)],
        ['core with xstate / hand-written loop', times(sizes.coreWithXstate.gzipBytes, loop.gzipBytes)],
      ],
      new Set([1]),
    ),
    '',
    'esbuild bundles what an app imports from the sources, minified (ES2022, browser), and gzip counts the bytes; ' +
      'peers stay external. The same measurement holds the budgets in `bench/size-budgets.ts` in `pnpm test`.',
  ].join('\n');
}
