import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BrowserContext, chromium, type Browser as PlaywrightBrowser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); the tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling home, which a closed network punishes.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a throw-away profile, removed on close; `extraArgs` adds flags. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'srs-e2e-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
    });
    return {
      context,
      close: async () => {
        try {
          await context.close();
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

export interface CdpChromium {
  browser: PlaywrightBrowser;
  /** The browser's default context, where its pages open. */
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Chromium started by hand and attached over CDP without Playwright's defaults. `launchChromium()`
 * (Playwright's launch) emulates focus on every page, which keeps pages visible; this does not: a page
 * that another page covers is really hidden, and can be frozen (`Page.setWebLifecycleState`).
 */
export async function startCdpChromium(extraArgs: readonly string[] = []): Promise<CdpChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'srs-e2e-cdp-profile-'));
  let child: ChildProcess | undefined;
  let browser: PlaywrightBrowser | undefined;
  const close = async () => {
    try {
      // Asked over CDP, Chromium shuts down cleanly and removes its /tmp/org.chromium.* singleton
      // directory; after a signal, that directory stays behind.
      const asked = await browser
        ?.newBrowserCDPSession()
        .then((session) => session.send('Browser.close'))
        .then(() => true)
        .catch(() => false);
      await browser?.close().catch(() => undefined);
      if (child) await stopProcess(child, asked ? 10_000 : 0);
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  };
  try {
    child = spawn(
      CHROMIUM,
      [
        '--headless',
        `--user-data-dir=${profile}`,
        '--remote-debugging-port=0',
        '--remote-debugging-address=127.0.0.1',
        ...CHROMIUM_ARGS,
        ...extraArgs,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    const port = await devToolsPort(profile, child, () => stderr);
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { noDefaults: true });
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium has no default context');
    return { browser, context, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Chromium writes the port it picked to DevToolsActivePort in the profile. */
async function devToolsPort(profile: string, child: ChildProcess, stderr: () => string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Chromium exited before listening: ${stderr()}`);
    }
    const text = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const port = Number(text.split('\n')[0]);
    if (Number.isInteger(port) && port > 0) return port;
    await sleep(100);
  }
  throw new Error(`Chromium did not report its DevTools port within 30 s: ${stderr()}`);
}

/** Waits `graceMs` for the process to exit by itself, then sends SIGTERM, then SIGKILL. */
async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const exitsWithin = (ms: number) =>
    hasExited() ? true : Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
  if (await exitsWithin(graceMs)) return;
  child.kill('SIGTERM');
  if (await exitsWithin(10_000)) return;
  child.kill('SIGKILL');
  await exited;
}
