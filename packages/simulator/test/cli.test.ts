import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseCliArgs } from '../src/cli-options';
import { ALICE, basic, GUIDE_DEFAULT_PLACE } from './helpers';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Run the CLI the way `pnpm simulator` does (TypeScript through tsx), in one process we can signal. */
function runCli(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code} before printing`)));
  });
}

/** Every stdout line so far, read as it arrives; `until` waits for a line matching `pattern`. */
function stdoutLines(child: ChildProcessWithoutNullStreams) {
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
  });
  const lines = () => buffered.split('\n').slice(0, -1);
  return {
    lines,
    text: () => buffered,
    async until(pattern: RegExp): Promise<string> {
      await expect.poll(() => lines().some((line) => pattern.test(line)), { timeout: 10_000 }).toBe(true);
      return lines().find((line) => pattern.test(line)) as string;
    },
  };
}

/** A request line starts with the time of day, e.g. `12:00:01.250 GET /ping …`. */
const REQUEST_LINE = /^\d\d:\d\d:\d\d\.\d{3} /;

async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function output(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('CLI', () => {
  it('starts on the port given, prints its URL without passwords, serves SRS and exits cleanly on SIGTERM', async () => {
    const child = runCli([
      '--port',
      '0',
      '--origin',
      'http://localhost:5173',
      '--agent',
      'carol:carol-secret',
      '--place',
      'desk=DN9@SwitchZ',
      '--session-timeout-ms',
      '30000',
    ]);
    const line = await firstLine(child);

    expect(line).toMatch(
      /^SRS simulator listening on http:\/\/127\.0\.0\.1:\d+ \(origins: http:\/\/localhost:5173; agents: carol; places: desk\)$/,
    );
    expect(line).not.toContain('carol-secret');
    const url = /listening on (\S+)/.exec(line)?.[1] as string;

    const carol = basic('carol', 'carol-secret');
    const loggedIn = await fetch(`${url}/api/v2/me`, {
      method: 'POST',
      headers: { Authorization: carol, 'Content-Type': 'application/json' },
      body: JSON.stringify([
        { name: 'server', value: 'https://rws.example.com' },
        { name: 'place', value: 'desk' },
      ]),
    });
    expect(loggedIn.status).toBe(200);
    expect((await fetch(`${url}/ping`, { headers: { Authorization: carol } })).status).toBe(200);
    // The default agents were replaced.
    expect(
      (await fetch(`${url}/ping`, { headers: { Authorization: basic('alice', 'alice-password') } })).status,
    ).toBe(401);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  }, 15_000);

  it("without --origin, answers the preflights of a fresh app's dev server (Vite, Angular CLI) and no other", async () => {
    const child = runCli(['--port', '0', '--quiet']);
    const url = /listening on (\S+)/.exec(await firstLine(child))?.[1] as string;
    const preflight = (origin: string) =>
      fetch(`${url}/api/v2/me`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, x-support-csrfp',
        },
      });
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4200']) {
      const answer = await preflight(origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    }
    expect((await preflight('http://localhost:3000')).status).toBe(403);
    await stop(child);
  }, 15_000);

  it('with --host 0.0.0.0, prints the real bind address and warns that the network can reach it', async () => {
    const child = runCli(['--port', '0', '--host', '0.0.0.0']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const line = await firstLine(child);

    expect(line).toMatch(
      /^SRS simulator listening on http:\/\/0\.0\.0\.0:\d+ \(all interfaces; from this machine: http:\/\/127\.0\.0\.1:\d+; origins: http:\/\/localhost:5173, http:\/\/127\.0\.0\.1:5173, http:\/\/localhost:4200; agents: alice, bob; places: alicePlace, bobPlace\)$/,
    );
    const local = /from this machine: (\S+);/.exec(line)?.[1] as string;
    expect(local.endsWith(`:${/0\.0\.0\.0:(\d+)/.exec(line)?.[1]}`)).toBe(true);
    expect((await fetch(`${local}/__simulator/state`)).status).toBe(200);
    await expect.poll(() => stderr).toContain('reachable from the network');
    expect(stderr).toMatch(/^srs-simulator: warning: 0\.0\.0\.0 listens on every network interface/);
    expect(stderr).toContain('--host 127.0.0.1');
  }, 15_000);

  it('on loopback, prints no warning', async () => {
    const child = runCli(['--port', '0']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await firstLine(child);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    expect(stderr).toBe('');
  }, 15_000);

  it('names the control endpoint and the state page at start, and the state page answers', async () => {
    const child = runCli(['--port', '0']);
    const out = stdoutLines(child);
    const url = /listening on (\S+)/.exec(await out.until(/^SRS simulator listening on /))?.[1] as string;
    await out.until(/^Each request is printed/);

    expect(out.lines().slice(1)).toEqual([
      `Control endpoint: ${url}/__simulator/ (GET state; POST fault, lose-data-center, restore-data-center, expire-sessions, restart, clear-requests; DELETE fault)`,
      `State page: ${url}/__simulator/state (sessions, armed fault and recent requests, as JSON)`,
      'Each request is printed below once answered (--quiet turns this off).',
    ]);
    const state = await fetch(`${url}/__simulator/state`);
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({ sessions: [], fault: null, requests: [] });
    // A panel polls the state every second: its reads get no line.
    await fetch(`${url}/ping`);
    await out.until(/ GET \/ping /);
    expect(out.lines().filter((line) => REQUEST_LINE.test(line))).toHaveLength(1);
  }, 15_000);

  it('prints a preflight refused for its origin, with the reason and the allowed origins', async () => {
    const child = runCli(['--port', '0', '--origin', 'http://127.0.0.1:5173']);
    const out = stdoutLines(child);
    const url = /listening on (\S+)/.exec(await out.until(/^SRS simulator listening on /))?.[1] as string;

    // The page was opened as localhost while 127.0.0.1 is the allowed origin: the browser shows only CORS.
    const preflight = await fetch(`${url}/api/v2/me`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });

    expect(preflight.status).toBe(403);
    expect(await out.until(/ OPTIONS /)).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} OPTIONS \/api\/v2\/me from http:\/\/localhost:5173 → 403 refused: origin not allowed \(allowed: http:\/\/127\.0\.0\.1:5173\)$/,
    );
  }, 15_000);

  it('prints a good login, ping and CSRF logout as 200, never with the password, Basic header or token', async () => {
    const child = runCli(['--port', '0', '--origin', 'http://127.0.0.1:5173']);
    const out = stdoutLines(child);
    const url = /listening on (\S+)/.exec(await out.until(/^SRS simulator listening on /))?.[1] as string;
    const headers = {
      Authorization: ALICE,
      Origin: 'http://127.0.0.1:5173',
      'Content-Type': 'application/json',
    };

    const login = await fetch(`${url}/api/v2/me`, {
      method: 'POST',
      headers: { ...headers, 'X-Support-CSRFP': 'true' },
      body: JSON.stringify(GUIDE_DEFAULT_PLACE),
    });
    const token = login.headers.get('x-csrf-token') as string;
    await fetch(`${url}/ping`, { headers });
    const logout = await fetch(`${url}/api/v2/me`, {
      method: 'POST',
      headers: { ...headers, 'X-CSRF-Token': token },
      body: JSON.stringify({ operationName: 'EndContactCenterSession' }),
    });

    expect([login.status, logout.status, token.length > 0]).toEqual([200, 200, true]);
    await out.until(/\(logout\)/);
    expect(out.lines().filter((line) => REQUEST_LINE.test(line))).toEqual([
      expect.stringMatching(/ POST \/api\/v2\/me \(login\) as alice from http:\/\/127\.0\.0\.1:5173 → 200$/),
      expect.stringMatching(/ GET \/ping as alice from http:\/\/127\.0\.0\.1:5173 → 200$/),
      expect.stringMatching(/ POST \/api\/v2\/me \(logout\) as alice from http:\/\/127\.0\.0\.1:5173 → 200$/),
    ]);
    for (const secret of ['alice-password', ALICE.slice('Basic '.length), 'Basic', token]) {
      expect(out.text()).not.toContain(secret);
    }
  }, 15_000);

  it('with --quiet, prints the start lines and no line per request', async () => {
    const child = runCli(['--port', '0', '--quiet', '--origin', 'http://127.0.0.1:5173']);
    const out = stdoutLines(child);
    const url = /listening on (\S+)/.exec(await out.until(/^SRS simulator listening on /))?.[1] as string;
    await out.until(/^State page: /);

    const answers = await Promise.all([
      fetch(`${url}/api/v2/me`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173' } }),
      fetch(`${url}/api/v2/me`, {
        method: 'POST',
        headers: { Authorization: ALICE, 'Content-Type': 'application/json' },
        body: JSON.stringify(GUIDE_DEFAULT_PLACE),
      }),
      fetch(`${url}/ping`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 200, 401]);
    await stop(child);

    expect(out.lines()).toEqual([
      expect.stringMatching(/^SRS simulator listening on /),
      expect.stringMatching(/^Control endpoint: /),
      expect.stringMatching(/^State page: /),
    ]);
  }, 15_000);

  it('keeps serving when whoever started it reads the URL and then closes its end of stdout', async () => {
    const child = runCli(['--port', '0']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // As e2e/packed-app.test.ts reads it: leaving the loop destroys the stream, so the next line meets EPIPE.
    let url: string | undefined;
    for await (const chunk of child.stdout) {
      url = /listening on (\S+)/.exec(String(chunk))?.[1];
      if (url !== undefined) break;
    }

    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      statuses.push((await fetch(`${url}/ping`)).status);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(child.exitCode).toBeNull();
    expect(stderr).toBe('');
  }, 15_000);

  it('exits with code 2, a message and the usage on a bad flag', async () => {
    const { code, stdout, stderr } = await output(runCli(['--port', '0', '--verbose']));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Unknown option '--verbose'");
    expect(stderr).toContain('Usage: srs-simulator');
  }, 15_000);
});

describe('CLI arguments', () => {
  it("defaults to port 4100, the dev servers' origins, and the built-in agents and places", () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: {
        port: 4100,
        allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4200'],
      },
      quiet: false,
    });
  });

  it('reads every flag, repeatable ones included', () => {
    expect(
      parseCliArgs([
        '--port=0',
        '--host',
        'localhost',
        '--origin',
        'http://localhost:5173',
        '--origin',
        'https://desk.example.com',
        '--session-timeout-ms',
        '1500',
        '--https',
        '--agent',
        'ann:pa:ss',
        '--agent',
        'ben:x',
        '--place',
        'hot=DN1@SwitchA, DN2@SwitchB',
        '--place',
        'solo=DN3@SwitchA',
        '--quiet',
      ]),
    ).toEqual({
      kind: 'run',
      quiet: true,
      options: {
        port: 0,
        host: 'localhost',
        allowedOrigins: ['http://localhost:5173', 'https://desk.example.com'],
        sessionTimeoutMs: 1500,
        https: true,
        agents: [
          { username: 'ann', password: 'pa:ss' },
          { username: 'ben', password: 'x' },
        ],
        places: [
          {
            name: 'hot',
            devices: [
              { dn: 'DN1', switch: 'SwitchA' },
              { dn: 'DN2', switch: 'SwitchB' },
            ],
          },
          { name: 'solo', devices: [{ dn: 'DN3', switch: 'SwitchA' }] },
        ],
      },
    });
  });

  it('reads --allowed-host, repeatable, and reports a bad one', () => {
    expect(parseCliArgs(['--allowed-host', 'srs-simulator', '--allowed-host', '.ci.example'])).toEqual({
      kind: 'run',
      options: {
        port: 4100,
        allowedOrigins: expect.any(Array),
        allowedHosts: ['srs-simulator', '.ci.example'],
      },
      quiet: false,
    });
    const bad = parseCliArgs(['--allowed-host', 'srs-simulator:4100']);
    expect(bad.kind === 'error' && bad.message).toMatch(/without a port/);
  });

  it('asks for help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'abc'], /--port needs a non-negative integer/],
    [['--port', '70000'], /port must be an integer from 0 to 65535/],
    [['--session-timeout-ms', '0'], /sessionTimeoutMs must be a positive number/],
    [['--origin', 'localhost:5173'], /is not an origin/],
    [['--agent', 'nocolon'], /--agent needs user:password/],
    [['--place', 'desk'], /--place needs name=DN@Switch/],
    [['--place', 'desk=DN1'], /'DN1' is not DN@Switch/],
    [['--agent', 'a:1', '--agent', 'a:2'], /listed twice/],
    [['extra'], /positional/i],
  ])('reports %j as an error', (args, expected) => {
    const result = parseCliArgs(args);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toMatch(expected);
  });

  it('does not echo a malformed --agent value, which may be a password', () => {
    const result = parseCliArgs(['--agent', 'hunter2']);
    expect(result.kind === 'error' && result.message).not.toContain('hunter2');
  });
});
