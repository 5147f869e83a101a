/**
 * What a session does when SRS stops for a few minutes and comes back, recorded when the site is built:
 * a real session (the public `createScreenRecordingSession`) with the default options, on a clock this
 * file moves by hand, against a `fetch` that answers as SRS does while it runs and fails as a stopped
 * SRS does. The Self-healing guide shows the requests it sent, so its figures are the code's.
 */
import { type Clock, createScreenRecordingSession } from '../../packages/core/src/index';

export interface TimelineRow {
  /** Seconds since the login. */
  at: number;
  request: 'login' | 'poll';
  answered: boolean;
  /** The view's status once the request settled, and when the next request is due (s), if any. */
  status: string;
  nextInS: number | null;
}

export interface HealingTimeline {
  downAtS: number;
  backAtS: number;
  /** The random draw the session was given for its jitter. */
  draw: number;
  rows: TimelineRow[];
}

const DOWN_AT_MS = 45_000;
const BACK_AT_MS = 240_000;
const DRAW = 0.5;

/** A clock that moves only when told to; its timers run in order, each after the work it started settled. */
function handClock() {
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  let elapsed = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const clock: Clock = {
    now: () => start + elapsed,
    monotonicNow: () => elapsed,
    setTimeout(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: elapsed + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    start,
    elapsed: () => elapsed,
    async advanceTo(target: number): Promise<void> {
      for (;;) {
        await settle();
        const [due] = [...timers]
          .filter(([, timer]) => timer.at <= target)
          .sort(([a, x], [b, y]) => x.at - y.at || a - b);
        if (!due) break;
        const [id, timer] = due;
        timers.delete(id);
        elapsed = timer.at;
        timer.callback();
      }
      elapsed = target;
      await settle();
    },
  };
}

export async function healingTimeline(): Promise<HealingTimeline> {
  const hand = handClock();
  const rows: TimelineRow[] = [];
  const sent: { at: number; request: 'login' | 'poll'; answered: boolean }[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const request = new URL(input).pathname === '/ping' ? 'poll' : 'login';
    const up = hand.elapsed() < DOWN_AT_MS || hand.elapsed() >= BACK_AT_MS;
    sent.push({ at: hand.elapsed(), request, answered: up });
    if (!up) throw new TypeError('fetch failed');
    const headers = new Headers({ 'Content-Type': 'application/json' });
    if (new Headers(init.headers).get('X-Support-CSRFP') === 'true') headers.set('X-CSRF-Token', 'token');
    return new Response('{"statusCode":0}', { status: 200, headers });
  };
  const session = createScreenRecordingSession({
    srsUrl: 'https://127.0.0.1:8443',
    fetch,
    clock: hand.clock,
    random: () => DRAW,
  });
  try {
    void session.login({
      username: 'alice',
      password: 'alice-password',
      server: 'https://rws.dc1.example.com',
    });
    let seen = 0;
    while (hand.elapsed() <= BACK_AT_MS + 60_000) {
      await hand.advanceTo(hand.elapsed() + 100);
      for (; seen < sent.length; seen++) {
        const request = sent[seen];
        if (!request) continue;
        const view = session.getSnapshot();
        rows.push({
          at: request.at / 1000,
          request: request.request,
          answered: request.answered,
          status: view.status,
          nextInS: view.nextPollAt === null ? null : (view.nextPollAt - hand.start - request.at) / 1000,
        });
      }
      if (hand.elapsed() > BACK_AT_MS && session.getSnapshot().status === 'active' && rows.length > 0) {
        const last = rows.at(-1);
        if (last?.answered && last.at * 1000 >= BACK_AT_MS) break;
      }
    }
  } finally {
    session.dispose();
  }
  return { downAtS: DOWN_AT_MS / 1000, backAtS: BACK_AT_MS / 1000, draw: DRAW, rows };
}
