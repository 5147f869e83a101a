import { createWorkerClock, type LoginParams, type ScreenRecordingSession } from '@screen-recording/core';
import type { Diagnosis } from '@screen-recording/core/diagnose';
import type { DesktopConfig } from './config';
import { type LoginFormValues, toLoginParams } from './login-form';

/**
 * The "Check recording" card's framework-free part: runs the library's self-check with the desktop's
 * options (and its session, when it has one) and keeps the report to show and copy. Each desktop
 * subscribes to it in its own way.
 */

/** The desktop's one clock: a Worker's timers keep the polls on time in a background tab, and the check reports on it. */
export const desktopClock = createWorkerClock();

export interface RecordingCheckState {
  running: boolean;
  /** The last report; null before the first check. */
  diagnosis: Diagnosis | null;
  /** The report as text, to paste into a ticket. */
  text: string;
  /** The report as JSON. */
  json: string;
}

export interface RecordingCheck {
  current(): RecordingCheckState;
  subscribe(listener: () => void): () => void;
  /**
   * Runs the check. With `testLogin`, the login form's agent is logged in and out once to see the CSRF
   * token (skipped by the check while a session runs).
   */
  run(session: ScreenRecordingSession | null, testLogin: LoginFormValues | null): void;
}

const IDLE: RecordingCheckState = { running: false, diagnosis: null, text: '', json: '' };

export function createRecordingCheck(config: DesktopConfig): RecordingCheck {
  let state = IDLE;
  const listeners = new Set<() => void>();
  const set = (next: RecordingCheckState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    run(session, testLogin) {
      if (state.running) return;
      set({ ...state, running: true });
      let credentials: LoginParams | undefined;
      try {
        credentials = testLogin ? toLoginParams(testLogin) : undefined;
      } catch {
        // A form that cannot be read (a device not written DN@Switch): check without the test login.
      }
      void runCheck(config, session, credentials).then(set);
    },
  };
}

/**
 * Loads the check on first use: it is an entry of its own, so the desktop's first load does not carry
 * it (`diagnose()` never rejects).
 */
async function runCheck(
  config: DesktopConfig,
  session: ScreenRecordingSession | null,
  credentials: LoginParams | undefined,
): Promise<RecordingCheckState> {
  const { diagnose, formatDiagnosis } = await import('@screen-recording/core/diagnose');
  const diagnosis = await diagnose({
    srsUrl: config.srsUrl,
    clock: desktopClock,
    ...config.tuning,
    ...(session ? { session } : {}),
    ...(credentials ? { credentials } : {}),
  });
  return {
    running: false,
    diagnosis,
    text: formatDiagnosis(diagnosis),
    json: JSON.stringify(diagnosis, null, 2),
  };
}

/** The verdict as the card's badge shows it. */
export const VERDICT_LABELS: Record<Diagnosis['verdict'], string> = {
  ok: 'Recording can work here',
  warn: 'Recording can work here, with warnings',
  fail: 'Recording is blocked',
  unknown: 'Nothing could be checked',
};

/** The verdict's tone, as the library's messages have them (the desktops' styles). */
export const VERDICT_TONES: Record<Diagnosis['verdict'], string> = {
  ok: 'ok',
  warn: 'warning',
  fail: 'error',
  unknown: 'info',
};

export const RECORDING_CHECK_HINT =
  'Checks what stands between this desktop and a recorded screen, and writes a report to send to support. It sends SRS no credentials unless the test login is ticked, and leaves a running session alone.';

export const TEST_LOGIN_LABEL = "Also log the form's agent in and out once (skipped while a session runs)";

/** Copies the report for a ticket; false where the page may not write to the clipboard. */
export async function copyReport(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
