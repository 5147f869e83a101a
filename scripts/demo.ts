/**
 * `pnpm demo [react|vue|angular]`: the SRS simulator plus an agent desktop (React by default), ready to click through.
 * Each request the simulator sees is printed, `[simulator] ` first; `--quiet` leaves those lines out.
 * `pnpm demo [name] --check` (or DEMO_CHECK=1): start both, load the page and the simulator state once, print OK, exit.
 * `SRS_PORT` moves the simulator off its default port 4100; `DESKTOP_PORT` moves the desktop off 5173 (it
 * takes the next free port by itself when that one is taken, and the simulator accepts the next nine).
 */
import { DESKTOP_NAMES, DESKTOPS, type DesktopServer, isDesktopName } from '../examples/desktops';
import { DEFAULT_AGENTS, startSimulator } from '../packages/simulator/src/index';

const args = process.argv.slice(2);
const check = args.includes('--check') || process.env.DEMO_CHECK === '1';
// The check's own requests are not worth a line: it prints OK or what failed.
const printRequests = !check && !args.includes('--quiet');
const desktopName = args.find((arg) => !arg.startsWith('--')) ?? 'react';
const host = '127.0.0.1';
const DEFAULT_SRS_PORT = 4100;
const DEFAULT_DESKTOP_PORT = 5173;
const srsPort = Number(process.env.SRS_PORT ?? DEFAULT_SRS_PORT);
const desktopPort = Number(process.env.DESKTOP_PORT ?? DEFAULT_DESKTOP_PORT);

// The desktop's server moves to the next free port when 5173 is taken, so the simulator accepts the
// next few too: the page's origin must be allowed or every call is refused as CORS.
const ALLOWED_DESKTOP_PORTS = 10;
const allowedOrigins = Array.from(
  { length: ALLOWED_DESKTOP_PORTS },
  (_, offset) => desktopPort + offset,
).flatMap((port) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]);

async function main(): Promise<void> {
  if (!isDesktopName(desktopName)) {
    throw new Error(`There is no "${desktopName}" desktop; choose one of: ${DESKTOP_NAMES.join(', ')}.`);
  }
  for (const [name, port] of [
    ['SRS_PORT', srsPort],
    ['DESKTOP_PORT', desktopPort],
  ] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(`${name} must be a port number; got "${process.env[name]}".`);
    }
  }
  const log = (line: string) => console.log(`[simulator] ${line}`);
  const simulatorOptions = { host, port: srsPort, allowedOrigins, ...(printRequests && { log }) };
  const simulator = await startSimulator(simulatorOptions).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${srsPort} on ${host}, where the SRS simulator listens, is taken (another demo, or a real SRS?). ` +
          `Stop that, or choose another port: SRS_PORT=${srsPort + 100} pnpm demo ${desktopName}`,
      );
    }
    throw error;
  });
  let desktop: DesktopServer | undefined;
  const shutdown = async () => {
    await Promise.allSettled([desktop?.close(), simulator.close()]);
  };

  try {
    desktop = await DESKTOPS[desktopName]({
      srsUrl: simulator.url,
      host,
      port: desktopPort,
      strictPort: false,
      logLevel: check ? 'warn' : 'info',
    });
  } catch (error) {
    await shutdown();
    throw error;
  }

  const pageOrigin = new URL(desktop.url).origin;
  if (!allowedOrigins.includes(pageOrigin)) {
    const lastAllowed = desktopPort + ALLOWED_DESKTOP_PORTS - 1;
    console.warn(
      `warning: ports ${desktopPort} to ${lastAllowed} are taken, so the desktop is on ${pageOrigin}, which the ` +
        `simulator does not allow: the page's calls will be refused (CORS). Choose free ports: ` +
        `DESKTOP_PORT=${desktopPort + 1000} pnpm demo ${desktopName}`,
    );
  }

  if (check) {
    try {
      await checkDemo(desktop.url, simulator.url);
      console.log(`OK: the ${desktopName} desktop ${desktop.url} and the simulator ${simulator.url} answer.`);
    } finally {
      await shutdown();
    }
    return;
  }

  console.log('');
  console.log(
    `  SRS simulator   ${simulator.url}   (state page: ${simulator.url}/__simulator/state; control endpoint: ${simulator.url}/__simulator/)`,
  );
  console.log(`  Agent desktop   ${desktop.url}   (${desktopName}; others: ${DESKTOP_NAMES.join(', ')})`);
  console.log('');
  console.log(
    `  Demo agents (simulator defaults; the form is prefilled for the first): ${DEFAULT_AGENTS.map(
      (agent) => `${agent.username} / ${agent.password}`,
    ).join(', ')}`,
  );
  console.log(
    '  Hot seating: place alicePlace with devices DN1@SwitchA and DN2@SwitchB; bobPlace with DN3@SwitchA.',
  );
  console.log(
    '  Shorter timings for trying faults: add ?pingIntervalMs=5000&retryDelayMs=1000 to the page URL.',
  );
  console.log(
    printRequests
      ? '  Each request the simulator sees is printed below, with why it was refused if it was (pnpm demo --quiet: not printed).'
      : '  Requests the simulator sees are not printed (--quiet).',
  );
  console.log('  Press Ctrl+C to stop.');
  console.log('');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the desktop and the simulator…`);
    void shutdown().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The page, its first module script (so the build or the aliases to the packages' sources work), the
 * simulator state, and that the simulator accepts calls from the page's origin, wherever the page landed.
 */
async function checkDemo(pageUrl: string, srsUrl: string): Promise<void> {
  const page = await fetch(pageUrl);
  const html = await page.text();
  if (!page.ok) throw new Error(`The desktop page answered ${page.status}.`);

  // Attribute order varies by builder: Vite writes `type` first, Angular's builder `src` first.
  const script = [...html.matchAll(/<script\b[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => tag.includes('type="module"'))
    .map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1])
    .find((src) => src !== undefined);
  if (!script) throw new Error('The desktop page loads no module script.');
  const module = await fetch(new URL(script, pageUrl));
  if (!module.ok || (await module.text()).length === 0) {
    throw new Error(
      `The desktop's module ${script} answered ${module.status}; is the build or are the aliases right?`,
    );
  }

  // The preflight a browser sends before the login: refused, every call from the page fails as CORS.
  const pageOrigin = new URL(pageUrl).origin;
  const preflight = await fetch(`${srsUrl}/api/v2/me`, {
    method: 'OPTIONS',
    headers: {
      Origin: pageOrigin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization, content-type',
    },
  });
  if (preflight.headers.get('access-control-allow-origin') !== pageOrigin) {
    throw new Error(`The simulator refuses calls from the desktop's origin ${pageOrigin} (CORS).`);
  }

  const state = await fetch(`${srsUrl}/__simulator/state`);
  const body = (await state.json()) as { sessions?: unknown };
  if (!state.ok || !Array.isArray(body.sessions)) {
    throw new Error(`The simulator's control endpoint answered ${state.status}.`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
