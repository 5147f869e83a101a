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
  /** Only the xstate exports core imports: the baseline an app pays for xstate itself. */
  xstateBaseline: BundleFigure;
  /** The names core imports from xstate, read from the core bundle. */
  xstateImports: string[];
  /** Each binding's public entry, with its peers (core, the framework, xstate) external. */
  bindings: Record<string, BundleFigure>;
}

async function bundle(packageFolder: string, contents: string, external: string[]): Promise<BundleFigure> {
  const result = await build({
    stdin: { contents, resolveDir: join(PACKAGES, packageFolder), loader: 'ts', sourcefile: 'app.ts' },
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
  const core = await bundle('core', coreEntry, await peersOf('core'));
  const coreWithXstate = await bundle('core', coreEntry, []);
  const xstateImports = importedNames(core.code, 'xstate');
  if (xstateImports.length === 0)
    throw new Error('The core bundle imports nothing from xstate: is it external?');
  const xstateBaseline = await bundle('core', `export { ${xstateImports.join(', ')} } from 'xstate';`, []);

  const corePeers = await peersOf('core');
  const bindingFigures: Record<string, BundleFigure> = {};
  for (const binding of bindings) {
    const external = [...new Set([...(await peersOf(binding)), ...corePeers])];
    bindingFigures[binding] = await bundle(binding, "export * from './src/index.ts';", external);
  }
  return { core, coreWithXstate, xstateBaseline, xstateImports, bindings: bindingFigures };
}

const figure = (bytes: number) => `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(2)} KiB)`;

/** Budgets to print beside the figures: the same keys as `AppImportSizes`. */
export interface SizeBudgets {
  core: number;
  coreWithXstate: number;
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
    `  baseline, xstate alone (${sizes.xstateImports.join(', ')}): ${figure(sizes.xstateBaseline.gzipBytes)}`,
    `  ratio core / xstate baseline: ${ratio.toFixed(2)}×`,
    ...Object.entries(sizes.bindings).map(
      ([name, { gzipBytes }]) =>
        `  @screen-recording/${name}, public entry: ${figure(gzipBytes)}${of(budgets?.binding(name))}`,
    ),
  ];
}
