import { createFakeSrs, type FakeSrs, ManualClock } from '@screen-recording/test-utils';
import { vi } from 'vitest';
import { createScreenRecordingSession } from '../../src/create-session';
import type { ScreenRecordingSession } from '../../src/session';
import type { LoginParams, ScreenRecordingOptions, SessionView } from '../../src/types';

export const PASSWORD = 'correct-horse-battery-staple';

export const ALICE: LoginParams = {
  username: 'alice',
  password: PASSWORD,
  server: 'https://rws.dc1.example.com',
  peerServer: 'https://rws.dc2.example.com',
};

export interface Harness {
  clock: ManualClock;
  srs: FakeSrs;
  session: ScreenRecordingSession;
  /** Every view the session published, in order. */
  views: SessionView[];
  statuses(): string[];
}

/** A session on a manual clock, talking to the in-memory SRS stand-in. */
export function createHarness(options: Partial<ScreenRecordingOptions> = {}): Harness {
  const clock = new ManualClock();
  const srs = createFakeSrs({ clock });
  const session = createScreenRecordingSession({
    srsUrl: 'http://127.0.0.1:4100',
    fetch: srs.fetch,
    clock,
    ...options,
  });
  const views: SessionView[] = [session.getSnapshot()];
  session.subscribe((view) => views.push(view));
  return {
    clock,
    srs,
    session,
    views,
    statuses: () => views.map((view) => view.status).filter((status, i, all) => status !== all[i - 1]),
  };
}

/** Runs a command to completion on the manual clock, returning how it settled. */
export async function run(
  clock: ManualClock,
  command: Promise<void>,
  budgetMs = 120_000,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  let outcome: { ok: true } | { ok: false; error: unknown } | undefined;
  command.then(
    () => {
      outcome = { ok: true };
    },
    (error: unknown) => {
      outcome = { ok: false, error };
    },
  );
  await clock.advance(0);
  for (let spent = 0; outcome === undefined && spent < budgetMs; spent += 100) await clock.advance(100);
  if (!outcome) throw new Error(`command did not settle within ${budgetMs} ms of clock time`);
  return outcome;
}

/**
 * A stand-in browser page for the lifecycle events the session listens to (`pagehide`, `pageshow`,
 * `online` on the window; `visibilitychange`, `resume` on the document). Undo with `vi.unstubAllGlobals()`.
 */
export function stubBrowserPage() {
  const window = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  vi.stubGlobal('document', document);
  vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
  vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
  return {
    /** Fires a window event: `online`, or `pagehide`/`pageshow` with `persisted`. */
    dispatch(type: string, init: { persisted?: boolean } = {}) {
      window.dispatchEvent(Object.assign(new Event(type), init));
    },
    document,
  };
}
