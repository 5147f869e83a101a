import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesktopServer, DesktopServerOptions } from '../shared/desktop-server';
import { serveBuiltDesktop } from '../shared/static-server';

const exampleRoot = fileURLToPath(new URL('./', import.meta.url));

/**
 * Builds the Angular desktop with Angular's own builder (`ng build`, development configuration, into a
 * temporary folder) and serves it; used by `pnpm demo angular` and the e2e suite. The page learns the
 * SRS URL from a meta tag the server writes into index.html (`../shared/served-config.ts`), so one
 * build serves any simulator and the address bar needs no `?srsUrl=`. `options.cacheDir` (Vite's) does not
 * apply; the Angular CLI keeps its build cache in this example's `node_modules/.cache/angular`.
 */
export async function startAngularDesktop(options: DesktopServerOptions): Promise<DesktopServer> {
  const outputPath = await mkdtemp(join(tmpdir(), 'angular-agent-desktop-'));
  const removeOutput = () => rm(outputPath, { recursive: true, force: true });
  try {
    const startedAt = performance.now();
    await buildDesktop(outputPath, options.logLevel ?? 'info');
    const buildSeconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    if (options.logLevel === undefined || options.logLevel === 'info') {
      console.log(`  Angular desktop built in ${buildSeconds} s (ng build --configuration development)`);
    }
    const server = await serveBuiltDesktop(join(outputPath, 'browser'), { srsUrl: options.srsUrl }, options);
    return {
      url: server.url,
      close: async () => {
        try {
          await server.close();
        } finally {
          await removeOutput();
        }
      },
    };
  } catch (error) {
    await removeOutput();
    throw error;
  }
}

/** Runs `ng build` as a child process; its output is shown at log level `info`, or when it fails. */
function buildDesktop(outputPath: string, logLevel: NonNullable<DesktopServerOptions['logLevel']>) {
  const ng = join(exampleRoot, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');
  // No source maps: they cost about a third of a cold build here; `ng serve` has them for debugging.
  const args = [
    'build',
    '--configuration',
    'development',
    '--source-map=false',
    '--output-path',
    outputPath,
    '--progress=false',
  ];
  const quiet = logLevel !== 'info';
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [ng, ...args], {
      cwd: exampleRoot,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`ng build failed (${signal ?? `exit code ${code}`}):\n${output}`));
    });
  });
}
