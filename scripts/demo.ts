/**
 * `pnpm demo`: the SRS simulator plus the React agent desktop, ready to click through.
 * `pnpm demo --check` (or DEMO_CHECK=1): start both, load the page and the simulator state once, print OK, exit.
 */
import { startExampleDevServer } from '../examples/react-agent-desktop/dev-server';
import { DEFAULT_AGENTS, startSimulator } from '../packages/simulator/src/index';

const check = process.argv.includes('--check') || process.env.DEMO_CHECK === '1';
const host = '127.0.0.1';
const srsPort = Number(process.env.SRS_PORT ?? 4100);
const vitePort = 5173;

// Vite moves to the next free port when 5173 is taken, so the simulator accepts the next few too:
// the page's origin must be allowed or every call is refused as CORS.
const allowedOrigins = Array.from({ length: 10 }, (_, offset) => vitePort + offset).flatMap((port) => [
  `http://localhost:${port}`,
  `http://127.0.0.1:${port}`,
]);

async function main(): Promise<void> {
  if (!Number.isInteger(srsPort) || srsPort < 1 || srsPort > 65_535) {
    throw new Error(`SRS_PORT must be a port number; got "${process.env.SRS_PORT}".`);
  }
  const simulator = await startSimulator({ host, port: srsPort, allowedOrigins });
  let desktop: Awaited<ReturnType<typeof startExampleDevServer>> | undefined;
  const shutdown = async () => {
    await Promise.allSettled([desktop?.close(), simulator.close()]);
  };

  try {
    desktop = await startExampleDevServer({
      srsUrl: simulator.url,
      host,
      port: vitePort,
      strictPort: false,
      logLevel: check ? 'warn' : 'info',
    });
  } catch (error) {
    await shutdown();
    throw error;
  }

  const pageOrigin = new URL(desktop.url).origin;
  if (!allowedOrigins.includes(pageOrigin)) {
    console.warn(
      `warning: the simulator does not allow ${pageOrigin}; the page's calls will be refused (CORS).`,
    );
  }

  if (check) {
    try {
      await checkDemo(desktop.url, simulator.url);
      console.log(`OK: desktop ${desktop.url} and simulator ${simulator.url} answer.`);
    } finally {
      await shutdown();
    }
    return;
  }

  console.log('');
  console.log(`  SRS simulator   ${simulator.url}   (control endpoint: ${simulator.url}/__simulator/state)`);
  console.log(`  Agent desktop   ${desktop.url}`);
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

/** The page, one of its modules (so the aliases to the packages' sources resolve), and the simulator state. */
async function checkDemo(pageUrl: string, srsUrl: string): Promise<void> {
  const page = await fetch(pageUrl);
  const html = await page.text();
  if (!page.ok || !html.includes('id="root"')) throw new Error(`The desktop page answered ${page.status}.`);

  const app = await fetch(new URL('src/App.tsx', pageUrl));
  const code = await app.text();
  if (!app.ok || !code.includes('packages/react/src/index.ts')) {
    throw new Error(
      `The desktop's App module did not transform (${app.status}); are the Vite aliases right?`,
    );
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
