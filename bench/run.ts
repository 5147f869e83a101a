/**
 * `pnpm bench`: every figure beside a baseline measured in the same run, and the ratio between them
 * (these machines are shared and noisy, so the ratios travel better than the figures). Prints each part
 * as it is measured and writes them all to BENCHMARKS.md at the repository root, overwriting it.
 *
 * 1. A whole day of session on the fake clock (`whole-day.ts`), against the hand-written loop.
 * 2. Recovery against the real simulator on an accelerated clock (`recovery.ts`), against the loop.
 * 3. What an app ships (`bundle-size.ts`), against xstate alone and the loop.
 * 4. The simulator under load (`simulator-load.ts`), against a bare `node:http` server.
 * 5. The cost of a poll (`poll-overhead.ts`), against the loop and the bare transport.
 *
 * Run with `node --expose-gc` (as `pnpm bench` does) for the heap figures. Takes one to three minutes,
 * most of it the load test.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { formatSizesMarkdown, measureAppImports, measureHandWrittenLoop } from './bundle-size';
import { describeEnvironment } from './environment';
import { measurePingRoundTrip } from './loopback-round-trip';
import { table } from './markdown';
import { formatPollOverhead, measurePollOverhead } from './poll-overhead';
import { formatRecovery, measureRecovery } from './recovery';
import {
  DEFAULT_LOAD_LEVELS,
  DEFAULT_MAX_SESSIONS,
  formatSimulatorLoad,
  measureSimulatorLoad,
} from './simulator-load';
import { bindingBudget, SIZE_BUDGETS } from './size-budgets';
import { formatWholeDay, measureWholeDay } from './whole-day';

const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

/** File descriptors a process keeps besides the load test's sockets (modules, pipes, the server). */
const DESCRIPTOR_HEADROOM = 256;

/** The soft limit on open files (`ulimit -n`), which every load-test socket counts against at both ends. */
function openFileLimit(): number {
  try {
    const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return limit === 'unlimited' ? Number.POSITIVE_INFINITY : Number(limit);
  } catch {
    return Number.NaN;
  }
}

/** The load levels this machine's open-file limit allows, and a note when it lowered them. */
function loadLevels(): { levels: number[]; maxSessions: number; note: string | null } {
  const limit = openFileLimit();
  const allowed = Number.isFinite(limit) ? limit - DESCRIPTOR_HEADROOM : DEFAULT_MAX_SESSIONS;
  if (allowed >= DEFAULT_MAX_SESSIONS) {
    return { levels: [...DEFAULT_LOAD_LEVELS], maxSessions: DEFAULT_MAX_SESSIONS, note: null };
  }
  const maxSessions = Math.max(1, allowed);
  const levels = DEFAULT_LOAD_LEVELS.filter((level) => level <= maxSessions);
  return {
    levels: levels.length > 0 ? levels : [maxSessions],
    maxSessions,
    note: `The open-file limit (\`ulimit -n\` = ${Number.isNaN(limit) ? 'unknown' : limit}) held the load test to ${maxSessions} sessions.`,
  };
}

/** Aligns the file's tables as `pnpm lint` wants them, with the repository's own Biome and settings. */
function formatWithBiome(file: string): void {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  try {
    execFileSync(process.execPath, [biome, 'format', '--write', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`biome format ${file} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

async function main() {
  const began = performance.now();
  const environment = describeEnvironment();
  console.log(`pnpm bench: Node ${environment.node}, ${environment.cpu}, ${environment.date}`);
  const sections: string[] = [];
  const section = (title: string, intro: string, body: string) => {
    const text = [`## ${title}`, '', intro, '', body].join('\n');
    console.log(`\n${text}`);
    sections.push(text);
  };

  const answerDelayMs = await measurePingRoundTrip();
  section(
    '1. A whole day',
    'Is the session still on schedule after a shift, and does it leave anything behind? 24 h of session at the ' +
      'default 30 s interval on the fake clock, against an in-memory SRS; the hand-written loop on the same clock ' +
      'and SRS.',
    formatWholeDay(await measureWholeDay({ answerDelayMs })),
  );

  section(
    '2. Recovery',
    'How soon is the agent recorded again after SRS loses the session? Against the real simulator over loopback, ' +
      "with the library's default options (30 s poll, 60 s timeout, its retries, failover and self-healing; only `fetch` and `clock` are passed), " +
      'the session logs in with a recovery RWS, polls for 5 min, and then, halfway between two polls, SRS restarts; ' +
      "or the primary data center's RWS is lost (SRS drops its sessions and answers 503 to logins naming it); or " +
      'SRS stops answering for 2 min (connections dropped) and comes back with no session, as after a restart. ' +
      '"Active again": SRS holds a session for the agent opened after the event, on the recovery RWS when the ' +
      "primary was lost, and the session's view says it is recording. The hand-written loop knows one RWS and " +
      'logs in again on a 401.\n\n' +
      "Time is accelerated, not skipped: the session's clock and the simulator's `now` are one `VirtualClock` " +
      '(`bench/virtual-clock.ts`), which jumps to the next timer only when no request is on the wire. Every ' +
      'request is real HTTP to the simulator, the minutes between them cost nothing, and the figures are ' +
      'session-clock time (loopback round trips count as zero); the last column is the real time a run took.',
    formatRecovery(await measureRecovery()),
  );

  const sizes = await measureAppImports();
  section(
    '3. What an app ships',
    'What a desktop adds to its bundle, against xstate alone (which core needs) and against the hand-written loop.',
    formatSizesMarkdown(sizes, { ...SIZE_BUDGETS, binding: bindingBudget }, await measureHandWrittenLoop()),
  );

  const load = loadLevels();
  section(
    '4. The simulator under load',
    'Does the simulator hold a load test? Sessions polling it over keep-alive connections from a forked ' +
      'process, at an accelerated 1 s interval, until p99 passes 50 ms or the most sessions allowed. Latency ' +
      "on a shared 2-core machine is noisy: CPU µs per request (beside the baseline's) hardly depends on what " +
      'else runs, so read that column first.' +
      (load.note ? ` ${load.note}` : ''),
    formatSimulatorLoad(await measureSimulatorLoad({ levels: load.levels, maxSessions: load.maxSessions })),
  );

  section(
    '5. Poll overhead',
    'What one poll cycle costs through the session, against the loop a team would write and against the ' +
      "library's bare transport, under the same conditions.",
    formatPollOverhead(await measurePollOverhead()),
  );

  const header = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (`node --expose-gc --import tsx bench/run.ts`), which overwrites this file each ' +
      'run. Each figure stands beside a baseline measured in the same run, with the ratio between them; on ' +
      'shared, noisy machines the ratios travel better than the figures. Nothing here is a pass/fail test. ' +
      'The load test alone: `npx tsx bench/simulator-load.run.ts`.',
    '',
    table(
      ['measured on', ''],
      [
        ['date', environment.date],
        ['Node', environment.node],
        ['Chromium', `${environment.chromium} (the browser tests' browser; no figure here runs in it)`],
        ['CPU', environment.cpu],
        ['OS', environment.os],
        ['the run took', `${Math.round((performance.now() - began) / 1000)} s`],
      ],
    ),
    '',
    'The baseline named "hand-written loop" is [`bench/hand-written-loop.ts`](bench/hand-written-loop.ts): log ' +
      'in, then a `setTimeout` re-armed after each `fetch` of `GET /ping` with Basic auth, logging in again on a ' +
      '401; no timeout, retry, CSRF token or failover. It runs on the same clock, SRS and transport conditions ' +
      'as the session it is compared with.',
  ].join('\n');
  await writeFile(BENCHMARKS_MD, `${[header, ...sections].join('\n\n')}\n`);
  formatWithBiome(BENCHMARKS_MD);
  console.log(`\nWritten to BENCHMARKS.md in ${Math.round((performance.now() - began) / 1000)} s.`);
}

await main();
