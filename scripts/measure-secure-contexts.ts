/**
 * `pnpm tsx scripts/measure-secure-contexts.ts`: what Chromium lets a desktop page do with SRS on this
 * machine, by how the page is served (HTTP or HTTPS, on loopback or on this machine's network address)
 * and how SRS is reached (HTTP or HTTPS). Prints one JSON record per case; docs/guide/deploying.md quotes
 * them. Needs `/usr/bin/chromium` (or CHROMIUM_PATH) and a non-loopback IPv4 address on this machine.
 */
import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { type Browser, CHROMIUM, launchChromium } from '../e2e/browser';
import { setLocalNetworkAccess } from '../e2e/local-network-access';
import { createCertificate, type SrsSimulator, startSimulator } from '../packages/simulator/src/index';

const PERMISSION_NAMES = ['loopback-network', 'local-network-access', 'local-network'];

/** This machine's first non-loopback IPv4 address: a page served there is "an intranet host" to Chromium. */
function networkAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  throw new Error('This machine has no non-loopback IPv4 address to serve a page from.');
}

async function servePage(host: string, https: boolean): Promise<{ origin: string; server: Server }> {
  const handle = (_: unknown, response: import('node:http').ServerResponse) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>probe</title><p>probe</p>');
  };
  const server = https ? createHttpsServer(await createCertificate(host), handle) : createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `${https ? 'https' : 'http'}://${host}:${port}`, server };
}

interface Probe {
  isSecureContext: boolean;
  permissions: Record<string, string>;
  /** A call like the library's: with an Authorization header, so the browser sends a preflight first. */
  preflighted: string;
  /** A "simple" GET without a preflight. */
  simple: string;
}

/**
 * Runs in the page. A string, not a function: tsx names functions with a helper the page does not have.
 */
const PROBE_FROM_PAGE = `async ({ srs, names }) => {
  const permissions = {};
  for (const name of names) {
    try {
      permissions[name] = (await navigator.permissions.query({ name })).state;
    } catch (error) {
      permissions[name] = 'throws ' + error.name;
    }
  }
  async function attempt(init) {
    try {
      const response = await fetch(srs + '/ping', init);
      return 'HTTP ' + response.status;
    } catch (error) {
      return error.name + ': ' + error.message;
    }
  }
  return {
    isSecureContext: window.isSecureContext,
    permissions,
    preflighted: await attempt({ headers: { authorization: 'Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=' } }),
    simple: await attempt({}),
  };
}`;

async function measure(
  browser: Browser,
  label: string,
  pageOrigin: string,
  srs: SrsSimulator,
  grant: 'no' | 'granted',
): Promise<void> {
  const record: Record<string, unknown> = { case: label, page: pageOrigin, srs: srs.url };
  if (grant === 'granted') {
    record.cdpGrant = await setLocalNetworkAccess(browser.context, pageOrigin, 'granted').then(
      () => 'accepted',
      (error: Error) => error.message,
    );
  }
  const page = await browser.context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  const browserSaw: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(srs.url))
      browserSaw.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  const before = srs.requests.length;
  await page.goto(`${pageOrigin}/`);
  Object.assign(
    record,
    (await page.evaluate(
      `(${PROBE_FROM_PAGE})(${JSON.stringify({ srs: srs.url, names: PERMISSION_NAMES })})`,
    )) as Probe,
  );
  await page.waitForTimeout(200);
  record.srsSaw = srs.requests.slice(before).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
  record.browserRequestEvents = browserSaw;
  record.console = console;
  await page.close();
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
}

async function main(): Promise<void> {
  const address = networkAddress();
  const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
  process.stdout.write(`${version}; this machine's network address: ${address}\n`);

  const pages = {
    httpNetwork: await servePage(address, false),
    httpLoopback: await servePage('127.0.0.1', false),
    httpsLoopback: await servePage('127.0.0.1', true),
    httpsNetwork: await servePage(address, true),
  };
  const origins = Object.values(pages).map((page) => page.origin);
  const localhostOrigin = pages.httpLoopback.origin.replace('127.0.0.1', 'localhost');
  const allowedOrigins = [...origins, localhostOrigin];
  const httpSrs = await startSimulator({ host: '127.0.0.1', port: 0, allowedOrigins });
  const httpsSrs = await startSimulator({ host: '127.0.0.1', port: 0, https: true, allowedOrigins });

  // The pages' certificates are self-signed for this run; a deployment's are trusted by the machine.
  let browser = await launchChromium(['--ignore-certificate-errors']);
  try {
    await measure(
      browser,
      'a: HTTP page on the network address → HTTP SRS',
      pages.httpNetwork.origin,
      httpSrs,
      'no',
    );
    await measure(browser, 'a: the same, after a CDP grant', pages.httpNetwork.origin, httpSrs, 'granted');
    await measure(
      browser,
      'a: HTTP page on the network address → HTTPS SRS',
      pages.httpNetwork.origin,
      httpsSrs,
      'no',
    );
    await measure(
      browser,
      'b: HTTPS page on 127.0.0.1 → HTTP SRS',
      pages.httpsLoopback.origin,
      httpSrs,
      'no',
    );
    await measure(
      browser,
      'b: HTTPS page on 127.0.0.1 → HTTPS SRS',
      pages.httpsLoopback.origin,
      httpsSrs,
      'no',
    );
    await measure(
      browser,
      'b: HTTPS page on the network address → HTTPS SRS',
      pages.httpsNetwork.origin,
      httpsSrs,
      'no',
    );
    await measure(browser, 'b: the same, after a CDP grant', pages.httpsNetwork.origin, httpsSrs, 'granted');
    await measure(
      browser,
      'b: HTTPS page on the network address → HTTP SRS, granted',
      pages.httpsNetwork.origin,
      httpSrs,
      'granted',
    );
    await setLocalNetworkAccess(browser.context, pages.httpsNetwork.origin, 'prompt');
    await measure(
      browser,
      'b: HTTPS page on the network address → HTTP SRS, not granted',
      pages.httpsNetwork.origin,
      httpSrs,
      'no',
    );
    await measure(browser, 'c: HTTP page on 127.0.0.1 → HTTP SRS', pages.httpLoopback.origin, httpSrs, 'no');
    await measure(browser, 'c: HTTP page on localhost → HTTP SRS', localhostOrigin, httpSrs, 'no');
  } finally {
    await browser.close();
  }

  // What Chromium's "treat this insecure origin as secure" switch (chrome://flags, or the
  // OverrideSecurityRestrictionsOnInsecureOrigin policy) changes for the plain-HTTP page.
  browser = await launchChromium([`--unsafely-treat-insecure-origin-as-secure=${pages.httpNetwork.origin}`]);
  try {
    await measure(
      browser,
      'a: HTTP page on the network address, treated as secure → HTTP SRS',
      pages.httpNetwork.origin,
      httpSrs,
      'no',
    );
    await measure(browser, 'a: the same, after a CDP grant', pages.httpNetwork.origin, httpSrs, 'granted');
  } finally {
    await browser.close();
  }

  // SRS's certificate as the machine sees it: made up for this run, so not trusted.
  browser = await launchChromium();
  try {
    await measure(
      browser,
      'c: HTTP page on 127.0.0.1 → HTTPS SRS whose certificate is not trusted',
      pages.httpLoopback.origin,
      httpsSrs,
      'no',
    );
  } finally {
    await browser.close();
  }

  await Promise.allSettled([
    httpSrs.close(),
    httpsSrs.close(),
    ...Object.values(pages).map(({ server }) => new Promise((resolve) => server.close(resolve))),
  ]);
}

await main();
