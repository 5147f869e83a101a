import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { RequestLogEntry, SimulatorState } from '@screen-recording/simulator';
import type { Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../packages/test-utils/src/ports';
import { type PackedPackage, packPackages, REPO_ROOT } from '../scripts/pack-packages';
import { BINDINGS } from '../scripts/packages';
import { type Browser, launchChromium } from './browser';
import { isLogin, isLogout, SEEN_WITHIN } from './desktop';

/**
 * What a user gets until the packages are on the registry: each published package packed with
 * `pnpm pack` (the README's way), installed by path into a fresh Vite app in the system's temp folder,
 * with the peers from the npm registry. The app is type-checked and built with its own TypeScript and
 * Vite, then run against the packed simulator's `srs-simulator` bin: in Node through the installed
 * core, and in Chromium through each binding's page. Nothing here reads the packages' sources.
 */
const run = promisify(execFile);
const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'packed-app');
/** Bindings with a page in the fixture app (src/main.ts); the others are installed and type-checked only. */
const PAGES = ['react', 'vue'];
/** What the app itself needs beside the packages and their peers. */
const APP_DEPENDENCIES = ['react-dom'];
const APP_DEV_DEPENDENCIES = [
  'vite',
  '@vitejs/plugin-react',
  'typescript',
  '@types/react',
  '@types/react-dom',
];

let workDir: string;
let app: string;
let packed: PackedPackage[];
let simulator: { url: string; process: ChildProcess } | undefined;
let site: PreviewServer | undefined;
let pageOrigin: string;
let browser: Browser | undefined;

/** The range the workspace itself uses for each dependency, so the app installs what the tests run with. */
async function workspaceRanges(): Promise<Map<string, string>> {
  const { stdout } = await run('git', ['ls-files', '--', 'package.json', '*/package.json'], {
    cwd: REPO_ROOT,
  });
  const ranges = new Map<string, string>();
  for (const path of stdout.split('\n').filter(Boolean)) {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, path), 'utf8')) as Record<string, unknown>;
    for (const field of ['dependencies', 'devDependencies']) {
      for (const [name, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
        if (!range.startsWith('workspace:') && !ranges.has(name)) ranges.set(name, range);
      }
    }
  }
  return ranges;
}

async function writeAppManifest(): Promise<void> {
  const ranges = await workspaceRanges();
  const range = (name: string) => {
    const found = ranges.get(name);
    if (!found) throw new Error(`No workspace package.json names ${name}: add it to one, or to the app.`);
    return found;
  };
  const ours = new Set(packed.map((entry) => entry.name));
  const peers = new Set<string>();
  for (const { tarball } of packed) {
    const { stdout } = await run('tar', ['-xOzf', tarball, 'package/package.json']);
    const manifest = JSON.parse(stdout) as { peerDependencies?: Record<string, string> };
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) if (!ours.has(peer)) peers.add(peer);
  }
  const dependencies: Record<string, string> = {};
  for (const { name, tarball } of packed) dependencies[name] = `file:${tarball}`;
  for (const name of [...peers, ...APP_DEPENDENCIES]) dependencies[name] = range(name);
  const devDependencies = Object.fromEntries(APP_DEV_DEPENDENCIES.map((name) => [name, range(name)]));
  const manifest = { name: 'packed-app', private: true, type: 'module', dependencies, devDependencies };
  await writeFile(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Every binding's entry, so the app's type check covers the installed declarations of each.
  const imports = BINDINGS.map((binding) => `export * as ${binding} from '@screen-recording/${binding}';`);
  await writeFile(join(app, 'src', 'installed-bindings.ts'), `${imports.join('\n')}\n`);
}

/** Runs a command in the app; a failure carries the command's whole output (tsc reports on stdout). */
async function inApp(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { cwd: app, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`\`${[command, ...args].join(' ')}\` failed in the packed app:\n${stdout}${stderr}`);
  }
}

/** Starts the installed `srs-simulator` bin and reads its URL from the line it prints. */
async function startPackedSimulator(origin: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    join(app, 'node_modules', '.bin', 'srs-simulator'),
    ['--port', '0', '--origin', origin],
    {
      cwd: app,
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  for await (const chunk of child.stdout) {
    output += chunk;
    const url = /listening on (\S+)/.exec(output)?.[1];
    if (url) return { url, process: child };
  }
  throw new Error(`srs-simulator exited without listening:\n${output}`);
}

async function simulatorState(): Promise<SimulatorState> {
  if (!simulator) throw new Error('the simulator did not start');
  const response = await fetch(`${simulator.url}/__simulator/state`);
  return (await response.json()) as SimulatorState;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'srs-packed-app-'));
  app = join(workDir, 'app');
  packed = await packPackages(join(workDir, 'tarballs'));
  await cp(FIXTURE, app, { recursive: true });
  await writeAppManifest();
  // One install: the tarballs by path, everything else from the registry (or pnpm's store when it has it).
  await inApp('pnpm', ['install', '--prefer-offline', '--reporter=append-only']);
  await inApp(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
  await inApp(join(app, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']);

  const pagePort = await freePort();
  pageOrigin = `http://127.0.0.1:${pagePort}`;
  simulator = await startPackedSimulator(pageOrigin);
  site = await preview({
    root: app,
    configFile: false,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: pagePort, strictPort: true },
  });
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), site?.close()]);
  if (simulator && simulator.process.exitCode === null) {
    simulator.process.kill('SIGTERM');
    await once(simulator.process, 'exit');
  }
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the packed packages, installed by path into a fresh app outside the workspace', () => {
  it('resolves every package from its own node_modules, with workspace: ranges turned into versions', async () => {
    const appUrl = pathToFileURL(app).href;
    for (const { name } of packed) {
      const { stdout } = await run(
        'node',
        ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(name)}))`],
        { cwd: app },
      );
      expect(stdout.trim().startsWith(`${appUrl}/node_modules/`), `${name} resolved to ${stdout}`).toBe(true);
    }
    const core = packed.find((entry) => entry.folder === 'core');
    for (const binding of BINDINGS) {
      const installed = JSON.parse(
        await readFile(join(app, 'node_modules', '@screen-recording', binding, 'package.json'), 'utf8'),
      ) as { peerDependencies: Record<string, string> };
      expect(installed.peerDependencies['@screen-recording/core']).toBe(`^${core?.version}`);
    }
  });

  it('in Node, the installed core logs in, polls and logs out against the installed simulator', async () => {
    const before = (await simulatorState()).requests.length;
    const { stdout } = await run('node', ['check-core.mjs', simulator?.url ?? ''], {
      cwd: app,
      timeout: 30_000,
    });
    const report = JSON.parse(stdout) as {
      statuses: string[];
      polls: number;
      entries: Record<string, number>;
      diagnosis: { verdict: string; results: Record<string, string> };
    };
    expect(report.statuses).toEqual(['loggingIn', 'active', 'loggingOut', 'idle', 'disposed']);
    expect(report.polls).toBeGreaterThanOrEqual(2);
    expect(Object.keys(report.entries).sort()).toEqual([
      '@screen-recording/core',
      '@screen-recording/core/diagnose',
      '@screen-recording/core/machine',
      '@screen-recording/core/protocol',
    ]);
    for (const count of Object.values(report.entries)) expect(count).toBeGreaterThan(0);
    expect(report.diagnosis.verdict).toBe('ok');
    expect(report.diagnosis.results).toMatchObject({ 'srs-reachable': 'ok', 'secure-context': 'unknown' });

    const state = await simulatorState();
    const requests = state.requests.slice(before);
    expect(requests.find(isLogin)).toMatchObject({ status: 200, username: 'alice', csrfRequested: true });
    expect(
      requests.filter((entry) => entry.path === '/ping' && entry.status === 200).length,
    ).toBeGreaterThanOrEqual(2);
    expect(requests.find(isLogout)).toMatchObject({ status: 200, csrfTokenSent: true });
    expect(state.sessions).toEqual([]);
  });

  describe.each(PAGES)("the built app's %s page in Chromium", (binding) => {
    const fromThisPage = (requests: RequestLogEntry[]) =>
      requests.filter((entry) => entry.origin === pageOrigin);
    let page: Page;

    beforeAll(async () => {
      browser ??= await launchChromium();
      page = await browser.context.newPage();
      await page.goto(`${pageOrigin}/?binding=${binding}&srsUrl=${encodeURIComponent(simulator?.url ?? '')}`);
    });

    it('logs in across origins, polls, and logs out with the CSRF token', async () => {
      const before = (await simulatorState()).requests.length;
      const text = (id: string) => page.getByTestId(id).textContent();
      await expect.poll(() => text('status'), SEEN_WITHIN).toBe('idle');

      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => text('status'), SEEN_WITHIN).toBe('active');
      await expect.poll(async () => Number(await text('last-poll')), SEEN_WITHIN).toBeGreaterThan(0);
      expect((await simulatorState()).sessions).toEqual([expect.objectContaining({ username: 'alice' })]);

      await page.getByRole('button', { name: 'Log out' }).click();
      await expect.poll(() => text('status'), SEEN_WITHIN).toBe('idle');
      expect(await text('error')).toBe('');

      const state = await simulatorState();
      const requests = fromThisPage(state.requests.slice(before));
      // Cross-origin with a preflight; a later page of the same origin may use the browser's cached one.
      expect(fromThisPage(state.requests).find((entry) => entry.method === 'OPTIONS')).toMatchObject({
        status: 204,
      });
      expect(requests.find(isLogin)).toMatchObject({ status: 200, username: 'alice', csrfRequested: true });
      expect(requests.find((entry) => entry.method === 'GET' && entry.path === '/ping')).toMatchObject({
        status: 200,
      });
      expect(requests.find(isLogout)).toMatchObject({ status: 200, csrfTokenSent: true });
      expect(state.sessions).toEqual([]);
    });
  });
});
