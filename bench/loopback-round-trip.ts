/**
 * The median time of one `GET /ping` through Node's `fetch` to the simulator over loopback, answer body
 * read: the answer time the whole-day figure gives its in-memory SRS, so that a loop re-arming its timer
 * after each answer drifts as it would against a local SRS on this machine.
 */
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../packages/simulator/src/index';

const WARM_UP = 50;
const MEASURED = 500;

export async function measurePingRoundTrip(): Promise<number> {
  const srs = await startSimulator({ port: 0 });
  try {
    const authorization = `Basic ${btoa('alice:alice-password')}`;
    const login = await fetch(`${srs.url}/api/v2/me`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ name: 'server', value: 'https://rws.dc1.example.com' }]),
    });
    await login.arrayBuffer();
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + MEASURED; i++) {
      const started = performance.now();
      const response = await fetch(`${srs.url}/ping`, { headers: { Authorization: authorization } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`ping answered ${response.status}`);
      if (i >= WARM_UP) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? Number.NaN;
  } finally {
    await srs.close();
  }
}
