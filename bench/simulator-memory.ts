/**
 * What a flood of large bodies costs the simulator: N requests with a 64 KB JSON body from an origin it
 * refuses, then the heap it retains and the size of `GET /__simulator/state`. Run with the garbage
 * collector exposed, so that the heap figures are what is retained, not what is waiting to be collected:
 *
 *   node --expose-gc --import tsx bench/simulator-memory.ts [requests] [path to the simulator's index.ts]
 *
 * The second argument lets the same measurement run against another version of the simulator's source.
 */
import { request } from 'node:http';
import { pathToFileURL } from 'node:url';

interface SimulatorLike {
  url: string;
  close(): Promise<void>;
}
type Start = (options: { port: number }) => Promise<SimulatorLike>;

export interface SimulatorMemoryResult {
  requests: number;
  bodyBytes: number;
  /** Heap retained after the flood, over the heap after start (both after a full collection when possible). */
  heapGrowthBytes: number;
  /** Bytes of the body of a plain `GET /__simulator/state` after the flood. */
  stateBytes: number;
  /** Whether `global.gc` was available (`--expose-gc`); without it the heap figure is noisy. */
  collected: boolean;
}

/** A JSON array of `{ name, value }` entries, as a login body is, of about `bytes` bytes. */
function loginLikeBody(bytes: number): Buffer {
  const entries: string[] = [];
  let size = 2;
  for (let index = 0; size < bytes - 40; index++) {
    const entry = JSON.stringify({ name: `entry${index}`, value: index });
    entries.push(entry);
    size += entry.length + 1;
  }
  return Buffer.from(`[${entries.join(',')}]`);
}

function post(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v2/me`, {
      method: 'POST',
      headers: { Origin: 'http://refused.example', 'Content-Type': 'application/json' },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function retainedHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

export async function measureSimulatorMemory(start: Start, requests = 1_000): Promise<SimulatorMemoryResult> {
  const body = loginLikeBody(64_000);
  const simulator = await start({ port: 0 });
  try {
    const before = await retainedHeap();
    const concurrency = 10;
    for (let sent = 0; sent < requests; sent += concurrency) {
      const batch = Math.min(concurrency, requests - sent);
      const statuses = await Promise.all(Array.from({ length: batch }, () => post(simulator.url, body)));
      if (statuses.some((status) => status !== 403))
        throw new Error(`expected 403, got ${statuses.join(',')}`);
    }
    const after = await retainedHeap();
    const state = await fetch(`${simulator.url}/__simulator/state`);
    const stateBytes = (await state.arrayBuffer()).byteLength;
    return {
      requests,
      bodyBytes: body.length,
      heapGrowthBytes: after - before,
      stateBytes,
      collected: typeof (globalThis as { gc?: unknown }).gc === 'function',
    };
  } finally {
    await simulator.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requests = Number(process.argv[2] ?? 1_000);
  const source = process.argv[3] ?? new URL('../packages/simulator/src/index.ts', import.meta.url).pathname;
  const { startSimulator } = (await import(pathToFileURL(source).href)) as { startSimulator: Start };
  const result = await measureSimulatorMemory(startSimulator, requests);
  const mb = (bytes: number) =>
    Math.abs(bytes) < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(`${result.requests} requests with a ${result.bodyBytes}-byte JSON body from a refused origin:`);
  console.log(
    `  heap retained: +${mb(result.heapGrowthBytes)}${result.collected ? '' : ' (no --expose-gc)'}`,
  );
  console.log(`  GET /__simulator/state: ${mb(result.stateBytes)}`);
}
