import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../packages/test-utils/src/ports';

/**
 * `pnpm demo --check` with its ports taken, as a new user meets them: the simulator's (SRS_PORT,
 * default 4100) and the desktop's (DESKTOP_PORT, default 5173). Ports are chosen free for each test,
 * so a demo running on this machine changes nothing.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function demoCheck(env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/demo.ts', 'react', '--check'],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Holds a loopback port until the test ends; resolves to the port, or null if someone else has it. */
function hold(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server: Server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : null);
    });
  });
}

/** A port free right now, held for the test. */
async function holdFreePort(): Promise<number> {
  const port = await hold(0);
  if (port === null) throw new Error('no free port');
  return port;
}

describe('pnpm demo --check with taken ports', () => {
  it("names the simulator's taken port and how to choose another, instead of a bare EADDRINUSE", async () => {
    const taken = await holdFreePort();
    const { code, stderr } = await demoCheck({
      SRS_PORT: String(taken),
      DESKTOP_PORT: String(await freePort()),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`Port ${taken} on 127.0.0.1, where the SRS simulator listens, is taken`);
    expect(stderr).toMatch(/choose another port: SRS_PORT=\d+ pnpm demo react/);
    expect(stderr).not.toMatch(/^Error: listen EADDRINUSE/m);
  });

  it('moves the desktop to the next free port when DESKTOP_PORT is taken, and the simulator accepts it', async () => {
    const taken = await holdFreePort();
    const { code, stdout, stderr } = await demoCheck({
      SRS_PORT: String(await freePort()),
      DESKTOP_PORT: String(taken),
    });
    expect(code, stderr).toBe(0);
    const page = /the react desktop (\S+) and the simulator/.exec(stdout)?.[1] ?? '';
    const port = Number(new URL(page).port);
    expect(port).toBeGreaterThan(taken);
    // The check passed, so the simulator answered the page's origin's preflight.
    expect(port).toBeLessThan(taken + 10);
  }, 90_000);

  it('fails the check, and says which variable to set, when every port the simulator accepts is taken', async () => {
    const first = await holdFreePort();
    // Whoever else holds one of the next nine makes no difference: taken is taken.
    for (let port = first + 1; port < first + 10; port++) await hold(port);
    const { code, stderr } = await demoCheck({
      SRS_PORT: String(await freePort()),
      DESKTOP_PORT: String(first),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`ports ${first} to ${first + 9} are taken`));
    expect(stderr).toMatch(/DESKTOP_PORT=\d+ pnpm demo react/);
    expect(stderr).toContain("The simulator refuses calls from the desktop's origin");
  }, 90_000);
});
