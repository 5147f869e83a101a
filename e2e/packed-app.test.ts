import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createCertificate, type RequestLogEntry, type SimulatorState } from '@screen-recording/simulator';
import type { Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT } from '../packages/simulator/src/cli-options';
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
 * core, and in Chromium through each binding's page. Nothing the app runs comes from the packages'
 * sources (the test itself takes a certificate for its HTTPS page, and the CLI's default port, from them).
 *
 * The quick starts of the docs and READMEs (examples/quick-starts) are built into the same app, each
 * file as a user pastes it, and run: the browser ones in Chromium, the Node one in Node. The only change
 * made to them is the SRS address: they name the simulator's printed default, `pnpm simulator`'s
 * http://127.0.0.1:4100, and here the simulator listens on a free port.
 */
const run = promisify(execFile);
const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'packed-app');
/** Bindings with a page in the fixture app (src/main.ts); the others are installed and type-checked only. */
const PAGES = ['react', 'vue'];
/** What the app itself needs beside the packages and their peers. */
const APP_DEPENDENCIES = ['react-dom', '@angular/common', '@angular/compiler', '@angular/platform-browser'];
const APP_DEV_DEPENDENCIES = [
  'vite',
  '@vitejs/plugin-react',
  '@vitejs/plugin-vue',
  'typescript',
  'vue-tsc',
  '@angular/compiler-cli',
  '@types/react',
  '@types/react-dom',
];
const QUICK_STARTS = join(REPO_ROOT, 'examples', 'quick-starts');
/** Where the quick starts land in the app, each in its folder. */
const QUICK_STARTS_IN_APP = join('src', 'quick-starts');
/** The quick starts a browser runs, each from its page (react.html…), and those with a binding's provider. */
const BROWSER_QUICK_STARTS = ['react', 'vue', 'angular', 'typescript'];
const PROVIDER_QUICK_STARTS = ['react', 'vue', 'angular'];
/** What every quick start names as SRS: the address `pnpm simulator` prints when given no flag. */
const PRINTED_SRS_URL = `http://127.0.0.1:${DEFAULT_CLI_PORT}`;
/**
 * The quick starts' first line while logged out, as a developer sees it in Chromium 142+ with a fresh
 * profile: the Local Network Access permission reads `prompt`, so the library's words announce a prompt,
 * although a page on loopback calling SRS on loopback never gets one (the login below goes through in
 * headless Chromium, which answers every prompt with "no").
 */
const LOGGED_OUT = 'At login your browser asks whether this site may access apps on this device: allow it.';

let workDir: string;
let app: string;
let packed: PackedPackage[];
let simulator: { url: string; process: ChildProcess } | undefined;
let site: PreviewServer | undefined;
let pageOrigin: string;
let browser: Browser | undefined;
/** The same built app over HTTPS: there the quick starts' http: srsUrl breaks the scheme rule. */
let secureSite: PreviewServer | undefined;
let secureOrigin: string;

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
  // Every binding's entry and the testing helpers', so the app's type check covers their installed declarations.
  const imports = [...BINDINGS, 'testing'].map(
    (entry) => `export * as ${entry} from '@screen-recording/${entry}';`,
  );
  await writeFile(join(app, 'src', 'installed-entries.ts'), `${imports.join('\n')}\n`);
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

/** Copies each quick start into the app as it is, but for its one SRS address, which becomes `srsUrl`. */
async function copyQuickStarts(srsUrl: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '.'], {
    cwd: QUICK_STARTS,
  });
  // The programs only: the React one's tests belong to the docs' Testing page, run by `pnpm test`.
  const files = stdout
    .split('\n')
    .filter((file) => /^[a-z]+\/[^/]+\.(tsx?|vue|mjs)$/.test(file) && !file.includes('.test.'));
  const addresses = new Map<string, number>();
  for (const file of files) {
    const text = await readFile(join(QUICK_STARTS, file), 'utf8');
    const folder = file.split('/')[0] as string;
    addresses.set(folder, (addresses.get(folder) ?? 0) + text.split(PRINTED_SRS_URL).length - 1);
    const target = join(app, QUICK_STARTS_IN_APP, file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text.replaceAll(PRINTED_SRS_URL, srsUrl));
  }
  for (const [folder, count] of addresses) {
    if (count !== 1)
      throw new Error(`examples/quick-starts/${folder} names ${PRINTED_SRS_URL} ${count} times, not once`);
  }
}

/** Starts the installed `srs-simulator` bin and reads its URL from the line it prints. */
async function startPackedSimulator(
  port: number,
  origin: string,
): Promise<{ url: string; process: ChildProcess }> {
  // No --agent: the quick starts log in as the simulator's default agent.
  const child = spawn(
    join(app, 'node_modules', '.bin', 'srs-simulator'),
    ['--port', String(port), '--origin', origin, '--quiet'],
    { cwd: app },
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

/** One Chromium for every page here; the HTTPS page's certificate is made up by this test. */
function launchBrowser(): Promise<Browser> {
  return launchChromium(['--ignore-certificate-errors']);
}

async function simulatorState(): Promise<SimulatorState> {
  if (!simulator) throw new Error('the simulator did not start');
  const response = await fetch(`${simulator.url}/__simulator/state`);
  return (await response.json()) as SimulatorState;
}

/** Seconds each step of the set-up took, printed at the end: what the quick starts add shows there. */
const setUpSeconds: Record<string, number> = {};
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    setUpSeconds[step] = Math.round((performance.now() - started) / 100) / 10;
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'srs-packed-app-'));
  app = join(workDir, 'app');
  packed = await timed('pack', () => packPackages(join(workDir, 'tarballs')));
  await cp(FIXTURE, app, { recursive: true });
  // The simulator starts once installed, but the quick starts are built with its address.
  const srsPort = await freePort();
  await copyQuickStarts(`http://127.0.0.1:${srsPort}`);
  await writeAppManifest();
  // One install: the tarballs by path, everything else from the registry (or pnpm's store when it has it).
  await timed('install', () => inApp('pnpm', ['install', '--prefer-offline', '--reporter=append-only']));
  const bin = (name: string) => join(app, 'node_modules', '.bin', name);
  // Type checks as each framework's own tooling runs them (templates included), beside the build.
  await Promise.all([
    timed('vue-tsc', () => inApp(bin('vue-tsc'), ['-p', 'tsconfig.app.json'])),
    timed('ngc', () => inApp(bin('ngc'), ['-p', 'tsconfig.angular.json'])),
    timed('vite build', () => inApp(bin('vite'), ['build', '--logLevel', 'warn'])),
  ]);

  const pagePort = await freePort();
  pageOrigin = `http://127.0.0.1:${pagePort}`;
  simulator = await startPackedSimulator(srsPort, pageOrigin);
  site = await preview({
    root: app,
    configFile: false,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: pagePort, strictPort: true },
  });
  const securePort = await freePort();
  secureOrigin = `https://127.0.0.1:${securePort}`;
  secureSite = await preview({
    root: app,
    configFile: false,
    logLevel: 'warn',
    preview: {
      host: '127.0.0.1',
      port: securePort,
      strictPort: true,
      https: await createCertificate('127.0.0.1'),
    },
  });
  console.log(`packed app set-up, in seconds: ${JSON.stringify(setUpSeconds)}`);
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([browser?.close(), site?.close(), secureSite?.close()]);
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
      '@screen-recording/core/independent',
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

  it("in Node, the installed testing helpers drive the installed core's session, as an app's unit test does", async () => {
    const { stdout } = await run('node', ['check-testing.mjs'], { cwd: app, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      // Logged in again after SRS dropped the session.
      statuses: ['loggingIn', 'active', 'loggingIn', 'active', 'loggingOut', 'idle', 'disposed'],
      logins: 2,
      pings: 4,
      logoutToken: expect.stringMatching(/\S/),
      pendingTimers: 0,
    });
  });

  describe.each(PAGES)("the built app's %s page in Chromium", (binding) => {
    const fromThisPage = (requests: RequestLogEntry[]) =>
      requests.filter((entry) => entry.origin === pageOrigin);
    let page: Page;

    beforeAll(async () => {
      browser ??= await launchBrowser();
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

  describe.each(BROWSER_QUICK_STARTS)('the %s quick start, as pasted, in Chromium', (name) => {
    let page: Page;
    /** Uncaught errors and unhandled rejections of the page. */
    const pageErrors: string[] = [];
    const headline = () => page.locator('main p').first().textContent();

    beforeAll(async () => {
      browser ??= await launchBrowser();
      page = await browser.context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${pageOrigin}/${name}.html`);
    });

    it('logs in as the simulator agent and logs out, in the library words', async () => {
      await expect.poll(headline, SEEN_WITHIN).toBe(LOGGED_OUT);
      const before = (await simulatorState()).requests.length;

      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(headline, SEEN_WITHIN).toBe('Screen recording is on.');
      expect((await simulatorState()).sessions).toEqual([expect.objectContaining({ username: 'alice' })]);

      await page.getByRole('button', { name: 'Log out' }).click();
      await expect.poll(headline, SEEN_WITHIN).toBe(LOGGED_OUT);
      expect(await page.getByRole('alert').count()).toBe(0);

      const state = await simulatorState();
      const requests = state.requests.slice(before).filter((entry) => entry.origin === pageOrigin);
      expect(requests.find(isLogin)).toMatchObject({ status: 200, username: 'alice', csrfRequested: true });
      expect(requests.find(isLogout)).toMatchObject({ status: 200, csrfTokenSent: true });
      expect(state.sessions).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('says the login was not done when the agent logs out during it, and leaves no unhandled rejection', async () => {
      // SRS takes a second to answer the next login: time for the agent to change their mind.
      await fetch(`${simulator?.url}/__simulator/fault`, {
        method: 'POST',
        body: JSON.stringify({
          fault: { kind: 'slow', delayMs: 1_000 },
          options: { paths: ['/api/v2/me'], times: 1 },
        }),
      });
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(headline, SEEN_WITHIN).toBe('Starting screen recording…');
      await page.getByRole('button', { name: 'Log out' }).click();

      await expect
        .poll(() => page.getByRole('alert').textContent(), SEEN_WITHIN)
        .toBe('Not done: another action came first.');
      await expect.poll(headline, SEEN_WITHIN).toBe(LOGGED_OUT);
      await expect.poll(async () => (await simulatorState()).sessions, SEEN_WITHIN).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  });

  describe.each(PROVIDER_QUICK_STARTS)(
    'the %s quick start on an HTTPS page, where its http: srsUrl is refused',
    (name) => {
      it("shows the provider's SrsConfigurationError on the page instead of a blank page", async () => {
        browser ??= await launchBrowser();
        const page = await browser.context.newPage();
        await page.goto(`${secureOrigin}/${name}.html`);
        await expect
          .poll(() => page.locator('body').textContent(), SEEN_WITHIN)
          .toMatch(/^\s*SrsConfigurationError: srsUrl: .*https:/);
        await page.close();
      });
    },
  );

  it('the Node quick start logs in, polls until Ctrl-C, then logs out and ends', async () => {
    const child = spawn('node', [join(QUICK_STARTS_IN_APP, 'node', 'main.mjs')], { cwd: app });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const exited = once(child, 'exit');
    try {
      await expect.poll(() => stdout, SEEN_WITHIN).toContain('Press Ctrl-C to log out.');
      expect((await simulatorState()).sessions).toEqual([expect.objectContaining({ username: 'alice' })]);
      child.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stdout.trim().split('\n')).toEqual([
      'loggingIn: Starting screen recording…',
      'active: Screen recording is on.',
      'Polling every 30 s. Press Ctrl-C to log out.',
      'loggingOut: Stopping screen recording…',
      'idle: Screen recording is off.',
    ]);
    const state = await simulatorState();
    expect(state.requests.filter(isLogout).at(-1)).toMatchObject({ status: 200, origin: null });
    expect(state.sessions).toEqual([]);
  });
});
