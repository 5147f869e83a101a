import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  interfaceMembers,
  parseSource,
  unionLiteralDocs,
  unionLiterals,
} from '../docs/.vitepress/source-docs';
import { buildLoginBody } from '../packages/core/src/entry/protocol';
import { MESSAGE_HEADLINES } from '../packages/core/src/index';
import { SESSION_STATUSES } from '../packages/core/src/view';
import { USAGE } from '../packages/simulator/src/cli-options';
import { CONTROL_ROUTES } from '../packages/simulator/src/control-routes';
import { type Browser, launchChromium } from './browser';

// `pnpm test:docs` (E2E_DOCS=1): builds the site as `pnpm docs:build` does, serves the built files as a
// static host would, and opens every page in headless Chromium. About a minute, most of it the build.
const ENABLED = process.env.E2E_DOCS === '1';
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(REPO_ROOT, 'docs', '.vitepress', 'dist');
const STATECHARTS = join(REPO_ROOT, 'docs', 'public', 'statecharts');

interface Visit {
  path: string;
  heading: string;
  ids: Set<string>;
  links: { href: string; text: string }[];
  brokenImages: string[];
  problems: string[];
  text: string;
}

describe.skipIf(!ENABLED)('the documentation site (set E2E_DOCS=1, or run pnpm test:docs)', () => {
  let server: Server | undefined;
  let origin = '';
  let browser: Browser | undefined;
  let pages: string[] = [];
  const visits = new Map<string, Visit>();

  beforeAll(async () => {
    await promisify(execFile)('pnpm', ['docs:build'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    pages = await builtPages();
    ({ server, origin } = await serveStatic(DIST));
    browser = await launchChromium();
    const page = await browser.context.newPage();
    for (const path of pages) visits.set(path, await visit(page, `${origin}${path}`));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    const running = server;
    if (running) await new Promise((resolve) => running.close(resolve));
  });

  test('has the pages of every section', () => {
    for (const path of [
      '/getting-started/react.html',
      '/getting-started/node-electron.html',
      '/guide/how-srs-fits.html',
      '/guide/testing-with-the-simulator.html',
      '/guide/place-switches.html',
      '/guide/disaster-recovery.html',
      '/guide/deploying.html',
      '/guide/background-tabs.html',
      '/guide/several-tabs.html',
      '/guide/sleeping-and-closing.html',
      '/guide/recording-coverage.html',
      '/guide/self-healing.html',
      '/guide/words-for-the-agent.html',
      '/guide/stately-inspector.html',
      '/reference/session.html',
      '/reference/options.html',
      '/reference/errors.html',
      '/reference/simulator.html',
      '/reference/statecharts.html',
      '/reference/api/index.html',
      '/srs-protocol.html',
      '/troubleshooting.html',
    ]) {
      expect(pages).toContain(path);
    }
    // Every published entry point has its API page.
    expect(
      pages.filter((path) => path.startsWith('/reference/api/@screen-recording/')).length,
    ).toBeGreaterThan(5);
  });

  test('every page shows its heading, loads every image and logs no error', () => {
    for (const [path, seen] of visits) {
      expect(seen.heading, `${path}: main heading`).not.toBe('');
      expect(seen.brokenImages, `${path}: images that did not load`).toEqual([]);
      expect(seen.problems, `${path}: console errors and failed requests`).toEqual([]);
    }
  });

  test('every internal link leads to a page or file, and every #anchor to an element of it', async () => {
    const broken: string[] = [];
    for (const [from, seen] of visits) {
      for (const { href, text } of seen.links) {
        const url = new URL(href);
        if (url.origin !== origin) continue;
        const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
        const target = visits.get(decodeURI(path));
        if (!target) {
          if (!(await isBuiltFile(decodeURI(path))))
            broken.push(`${from}: "${text}" → ${href} (no such page)`);
          continue;
        }
        const anchor = decodeURIComponent(url.hash.slice(1));
        if (anchor !== '' && !target.ids.has(anchor))
          broken.push(`${from}: "${text}" → ${href} (no such anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("the simulator reference lists every flag of the simulator's help and every control route", () => {
    const reference = visits.get('/reference/simulator.html');
    const flags = USAGE.split('Options:')[1]?.match(/(?<=^ {2})--[a-z][a-z0-9-]*/gm) ?? [];
    expect(flags.length).toBeGreaterThan(5);
    for (const flag of flags) expect(reference?.text).toContain(flag);
    for (const [path, methods] of Object.entries(CONTROL_ROUTES)) {
      for (const method of methods) expect(reference?.text).toContain(`${method} ${path}`);
    }
  });

  test('the login payloads shown are the ones the library builds', () => {
    // Compared without white space: the page spaces the JSON out for reading.
    const payloads = visits.get('/guide/default-place-and-hot-seating.html')?.text.replace(/\s/g, '');
    const server = 'https://rws.dc1.example.com';
    const devices = [
      { dn: 'DN1', switch: 'SwitchA' },
      { dn: 'DN2', switch: 'SwitchB' },
    ];
    for (const body of [
      buildLoginBody({ server }),
      buildLoginBody({ server, place: 'alicePlace', devices }),
      buildLoginBody({ server: 'https://rws.dc2.example.com', peerServer: server }),
    ]) {
      expect(payloads).toContain(JSON.stringify(body));
    }
  });

  test('the references show every option, every error code, every headline and every gap reason of the code', () => {
    const types = parseSource('packages/core/src/types.ts');
    const options = interfaceMembers(types, 'ScreenRecordingOptions').map((member) => member.name);
    const codes = unionLiterals(parseSource('packages/core/src/errors.ts'), 'ScreenRecordingErrorCode');
    expect(options.length).toBeGreaterThan(10);
    const page = (path: string) => visits.get(path);
    for (const option of options) {
      expect(page('/reference/options.html')?.ids, option).toContain(option);
      expect(page('/reference/options.html')?.text).toContain('throws SrsConfigurationError');
    }
    for (const code of codes) {
      expect(page('/reference/errors.html')?.ids, code).toContain(code);
      expect(page('/troubleshooting.html')?.text, code).toContain(code);
    }
    for (const [key, headline] of Object.entries(MESSAGE_HEADLINES)) {
      // As written on the page: placeholders and all.
      expect(page('/troubleshooting.html')?.text, key).toContain(headline);
      expect(page('/guide/words-for-the-agent.html')?.text, key).toContain(key);
    }
    for (const status of SESSION_STATUSES) expect(page('/troubleshooting.html')?.text).toContain(status);
    for (const { value } of unionLiteralDocs(types, 'GapReason')) {
      expect(page('/guide/recording-coverage.html')?.ids, value).toContain(value);
    }
    // The tab chart's picture is shown where the tabs are explained.
    expect(page('/guide/several-tabs.html')?.brokenImages).toEqual([]);
    expect(
      page('/guide/several-tabs.html')?.links.some((link) => link.href.endsWith('/statecharts/tabs.svg')),
    ).toBe(true);
  });

  test('the statecharts page shows every committed picture', async () => {
    const files = (await readdir(STATECHARTS)).filter((file) => file.endsWith('.svg'));
    expect(files.length).toBeGreaterThan(0);
    const shown = visits.get('/reference/statecharts.html');
    for (const file of files) {
      expect(shown?.links.some((link) => link.href.endsWith(`/statecharts/${file}`))).toBe(true);
    }
    expect(shown?.brokenImages).toEqual([]);
  });
});

/** The built pages, as URL paths (`/guide/csrf.html`); the 404 page is not one. */
async function builtPages(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.html') && path !== join(DIST, '404.html')) {
        found.push(`/${relative(DIST, path).split(sep).join('/')}`);
      }
    }
  };
  await walk(DIST);
  return found.sort();
}

async function isBuiltFile(path: string): Promise<boolean> {
  const file = join(DIST, path);
  return file.startsWith(DIST) && (await stat(file).catch(() => null))?.isFile() === true;
}

async function visit(page: Page, url: string): Promise<Visit> {
  const problems: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  };
  const onPageError = (error: Error) => problems.push(`page error: ${error.message}`);
  const onResponse = (response: { status(): number; url(): string }) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  };
  // VitePress prefetches the pages that links lead to; leaving the page aborts those (ERR_ABORTED), which
  // is not a failure. A missing file answers 404 and is caught above.
  const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`failed: ${request.url()} ${reason}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  try {
    await page.goto(url, { waitUntil: 'load' });
    const heading = page.locator('.vp-doc h1').first();
    await heading.waitFor({ state: 'visible', timeout: 10_000 });
    // Lazy images load when scrolled to: load each now, then judge it.
    const brokenImages = await page.evaluate(async () => {
      const images = [...document.images];
      await Promise.all(
        images.map((image) => {
          image.loading = 'eager';
          return image.decode().catch(() => undefined);
        }),
      );
      return images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.src);
    });
    const { ids, links, text } = await page.evaluate(() => ({
      ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
      links: [...document.querySelectorAll('a[href]')].map((anchor) => ({
        href: (anchor as HTMLAnchorElement).href,
        text: anchor.textContent?.trim() ?? '',
      })),
      text: document.querySelector('.vp-doc')?.textContent ?? '',
    }));
    return {
      path: new URL(url).pathname,
      heading: (await heading.textContent())?.trim() ?? '',
      ids: new Set(ids),
      links,
      brokenImages,
      problems,
      text,
    };
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built site as a static host serves it: files as they are, a folder's index.html, 404.html for the rest. */
async function serveStatic(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = decodeURI(new URL(request.url ?? '/', 'http://site.invalid').pathname);
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    const inside = file.startsWith(root);
    readFile(inside ? file : join(root, '404.html'))
      .then((body) => {
        response.writeHead(inside ? 200 : 404, {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        });
        response.end(body);
      })
      .catch(async () => {
        response.writeHead(404, { 'Content-Type': CONTENT_TYPES['.html'] as string });
        response.end(await readFile(join(root, '404.html')).catch(() => 'not found'));
      });
  });
  // No keep-alive: closing the server must not wait for the browser's idle connections.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
