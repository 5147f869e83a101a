/**
 * Benchmarks that print figures, each against a baseline measured in the same run (these machines are
 * shared and noisy, so only the ratios travel well). Run with `pnpm bench`.
 *
 * 1. Cost of one poll cycle through the session (statechart, timers, view) against the bare transport
 *    sending the same request: what the statechart adds per poll.
 * 2. What an app ships (minified, gzip) against xstate alone, which an app ships anyway: measured by
 *    `bundle-size.ts`, the same code `pnpm test` holds to the budgets in `size-budgets.ts`.
 */
import { performance } from 'node:perf_hooks';
import { buildPingRequest, createFetchTransport } from '../packages/core/src/entry/protocol';
import { createScreenRecordingSession } from '../packages/core/src/index';
import { ManualClock } from '../packages/test-utils/src/manual-clock';
import { formatSizes, measureAppImports } from './bundle-size';
import { bindingBudget, SIZE_BUDGETS } from './size-budgets';

const POLLS = 2_000;
const instantSrs = async () => new Response(null, { status: 200 });

async function pollsThroughSession(): Promise<number> {
  const clock = new ManualClock();
  const session = createScreenRecordingSession({ srsUrl: 'http://127.0.0.1:4100', clock, fetch: instantSrs });
  // A poll is a new lastPollAt: the view changes for other reasons too (dispose() publishes 'disposed').
  let polls = 0;
  let lastPollAt: number | null = null;
  session.subscribe((view) => {
    if (view.lastPollAt === null || view.lastPollAt === lastPollAt) return;
    lastPollAt = view.lastPollAt;
    polls++;
  });
  const login = session.login({ username: 'alice', password: 'secret', server: 'https://rws.example.com' });
  await clock.advance(0);
  await login;
  const started = performance.now();
  await clock.advance(POLLS * 30_000);
  const elapsed = performance.now() - started;
  session.dispose();
  if (polls !== POLLS) throw new Error(`expected ${POLLS} polls, saw ${polls}`);
  return elapsed;
}

async function pollsThroughTransport(): Promise<number> {
  const clock = new ManualClock();
  const transport = createFetchTransport({ fetch: instantSrs, clock, requestTimeoutMs: 5_000 });
  const request = buildPingRequest('http://127.0.0.1:4100', { username: 'alice', password: 'secret' });
  const started = performance.now();
  for (let i = 0; i < POLLS; i++) {
    // The same settling the manual clock does per timer, so both sides pay for it.
    const pending = transport.send(request);
    await clock.advance(0);
    await pending;
  }
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main() {
  // Warm up both paths, then take the median of five rounds each, interleaved.
  await pollsThroughSession();
  await pollsThroughTransport();
  const session: number[] = [];
  const transport: number[] = [];
  for (let round = 0; round < 5; round++) {
    session.push(await pollsThroughSession());
    transport.push(await pollsThroughTransport());
  }
  const perPoll = (ms: number) => ((ms / POLLS) * 1000).toFixed(1);
  console.log(`poll cycle, median of 5 × ${POLLS} polls:`);
  console.log(`  session (statechart + transport): ${perPoll(median(session))} µs per poll`);
  console.log(`  transport alone (baseline):       ${perPoll(median(transport))} µs per poll`);
  console.log(`  ratio: ${(median(session) / median(transport)).toFixed(2)}×`);

  for (const line of formatSizes(await measureAppImports(), { ...SIZE_BUDGETS, binding: bindingBudget })) {
    console.log(line);
  }
}

await main();
