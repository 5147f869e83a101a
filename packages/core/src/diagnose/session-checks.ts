import { platformMonotonicNow, platformNow } from '../clock';
import { describeView } from '../messages';
import type { TabLocks } from '../types';
import { ASK_ADMINISTRATOR, check, type DiagnosisContext, formatMs, notRun } from './context';
import type { DiagnosisCheck } from './types';

/** The checks of the running session and the platform: its tabs, its coverage, the page's clocks. */

/** The lead of the desktop's tabs, as Web Locks report it: held by a tab or not, and how many wait. */
export interface TabLead {
  held: boolean;
  waiting: number;
}

interface LockInfo {
  name?: string;
}

/** Reads (never takes) the Web Lock the tabs of this desktop elect their leader with; null without Web Locks. */
export async function readTabLead(context: DiagnosisContext): Promise<TabLead | null> {
  const locks = (globalThis as { navigator?: { locks?: TabLocks & { query?: () => Promise<unknown> } } })
    .navigator?.locks;
  if (!context.srsUrl || typeof locks?.query !== 'function') return null;
  try {
    const state = (await locks.query()) as { held?: LockInfo[]; pending?: LockInfo[] };
    // The name `tabs.ts` gives the lock of one desktop's tabs: one per SRS address.
    const name = `screen-recording:${context.srsUrl}`;
    return {
      held: (state.held ?? []).some((lock) => lock.name === name),
      waiting: (state.pending ?? []).filter((lock) => lock.name === name).length,
    };
  } catch {
    return null;
  }
}

/** Why a test login would disturb a session of this desktop; null when none runs here. */
export function runningSession(context: DiagnosisContext, lead: TabLead | null): string | null {
  const { view } = context;
  if (view && view.status !== 'idle' && view.status !== 'disposed') {
    return `this desktop's session is ${view.status}${view.agent ? ` for ${view.agent}` : ''}.`;
  }
  if (lead?.held) return 'another tab of this desktop holds the SRS session.';
  return null;
}

const ROLES = {
  alone: 'No other tab of this desktop shares this session',
  leader: 'This tab talks to SRS for every tab of this desktop',
  follower: 'Another tab of this desktop talks to SRS; this tab follows it and takes over if it closes',
  watcher:
    'Another tab of this desktop talks to SRS; this tab only shows it (it has not logged in here) and cannot take over',
} as const;

export function tabsCheck(context: DiagnosisContext, lead: TabLead | null): DiagnosisCheck {
  const title = 'Tabs of this desktop';
  const { view } = context;
  if (!context.page)
    return notRun('tabs', title, 'Not a browser page: a session here is always a tab of its own.');
  if (!view && !lead) {
    return notRun(
      'tabs',
      title,
      'Pass the running session (or run in a browser with Web Locks) to see which tab leads.',
    );
  }
  const evidence = {
    role: view?.tab ?? null,
    agent: view?.agent ?? null,
    leadHeld: lead?.held ?? null,
    tabsWaitingToTakeOver: lead?.waiting ?? null,
    tabsOption: typeof context.options.tabs === 'object' ? 'custom' : (context.options.tabs ?? 'shared'),
  };
  const agent = view?.agent ? ` (agent ${view.agent})` : '';
  const role = view ? `${ROLES[view.tab]}${agent}.` : '';
  const leadWords = lead
    ? lead.held
      ? ` A tab of this desktop holds the lead for ${context.srsUrl}; ${lead.waiting === 0 ? 'no other tab waits' : `${lead.waiting} other ${lead.waiting === 1 ? 'tab waits' : 'tabs wait'}`} to take over.`
      : ' No tab of this desktop holds an SRS session.'
    : '';
  // A tab that runs its own session while another holds the desktop's lead: two sessions for one agent machine.
  const competing =
    lead?.held === true && view?.tab === 'alone' && view.status !== 'idle' && view.status !== 'disposed';
  if (competing) {
    return check('tabs', title, {
      result: 'warn',
      finding: `${role}${leadWords} This tab runs a session of its own beside it (tabs: 'independent'?): the two replace each other's SRS session.`,
      evidence,
      agent: ASK_ADMINISTRATOR,
      administrator: "Leave the tabs option at 'shared' so the tabs of one desktop share one SRS session.",
    });
  }
  return check('tabs', title, {
    result: 'ok',
    finding: `${role}${leadWords}`.trim(),
    evidence,
  });
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export function coverageCheck(context: DiagnosisContext): DiagnosisCheck {
  const title = 'Recording coverage of this shift';
  const { session } = context.options;
  if (!session || !context.view) {
    return notRun('coverage', title, "Pass the running session to read this shift's coverage.");
  }
  const report = session.getCoverage();
  const evidence = {
    shiftStartedAt: iso(report.startedAt),
    loggedInMs: report.loggedInMs,
    coveredPercent: Math.floor(report.coveredRatio * 1000) / 10,
    gapCount: report.gapCount,
    gapMs: report.gapMs,
    longestGapMs: report.longestGapMs,
    openGap: report.openGap ? report.openGap.reason : null,
    openGapSince: iso(report.openGap?.startedAt ?? null),
  };
  if (report.startedAt === null) {
    return check('coverage', title, {
      result: 'ok',
      finding: 'No shift yet: no login has succeeded in this session.',
      evidence,
    });
  }
  const figures = `${evidence.coveredPercent} % covered over ${formatMs(report.loggedInMs)}, ${report.gapCount} ${report.gapCount === 1 ? 'gap' : 'gaps'}${report.gapCount > 0 ? ` (${formatMs(report.gapMs)} in all, the longest ${formatMs(report.longestGapMs)})` : ''}`;
  if (report.openGap) {
    return check('coverage', title, {
      result: 'fail',
      finding: `Not recorded now: a gap (${report.openGap.reason}) opened at ${iso(report.openGap.startedAt)}, ${formatMs(report.openGap.durationMs ?? 0)} ago. This shift: ${figures}.`,
      evidence,
      words: describeView(context.view, context.where),
    });
  }
  return check('coverage', title, {
    result: report.gapCount > 0 ? 'warn' : 'ok',
    finding: `This shift: ${figures}.`,
    evidence,
    ...(report.gapCount > 0
      ? {
          agent: null,
          administrator:
            'The gaps are over; each has its reason and times in the session (getCoverage().recentGaps, onGap).',
        }
      : {}),
  });
}

/** How far the wall clock may drift from the monotonic clock before the check says so. */
const CLOCK_TOLERANCE_MS = 2_000;

export function clockCheck(): DiagnosisCheck {
  const title = 'Wall clock against the monotonic clock';
  const performance = (globalThis as { performance?: { now?: unknown; timeOrigin?: unknown } }).performance;
  if (typeof performance?.now !== 'function' || typeof performance.timeOrigin !== 'number') {
    return notRun(
      'clock',
      title,
      'No monotonic clock here (performance.now): nothing to compare the wall clock with.',
    );
  }
  // Both read in clock.ts; the monotonic one counts from the wall-clock time at which the page started.
  const wallMs = platformNow();
  const monotonicMs = platformMonotonicNow();
  const offsetMs = Math.round(wallMs - monotonicMs);
  const evidence = {
    wallClock: new Date(wallMs).toISOString(),
    startedAt: new Date(performance.timeOrigin).toISOString(),
    runningForMs: Math.round(monotonicMs - performance.timeOrigin),
    offsetMs,
  };
  if (Math.abs(offsetMs) <= CLOCK_TOLERANCE_MS) {
    return check('clock', title, {
      result: 'ok',
      finding: `The wall clock and the monotonic clock agree (${formatMs(Math.abs(offsetMs))} apart) since this page started.`,
      evidence,
    });
  }
  const direction = offsetMs > 0 ? 'ahead of' : 'behind';
  return check('clock', title, {
    result: 'warn',
    finding: `The wall clock is ${formatMs(Math.abs(offsetMs))} ${direction} the monotonic clock since this page started: it was set ${offsetMs > 0 ? 'forward' : 'back'} (NTP, Windows time, a person)${offsetMs > 0 ? ', or the computer slept where the monotonic clock stops meanwhile (macOS, Linux)' : ''}. Polls are timed on the monotonic clock and are not affected; the times shown (last poll, gaps) are wall-clock.`,
    evidence,
    agent: null,
    administrator: "If it recurs, check the computer's time synchronisation.",
  });
}
