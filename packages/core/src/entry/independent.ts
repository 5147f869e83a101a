/**
 * `@screen-recording/core/independent`: `createScreenRecordingSession` without the tab sharing, for an
 * app whose tabs each keep their own session (or that runs outside a browser). Its bundle leaves the tab
 * chart, its messages and its locks out. Everything else comes from `@screen-recording/core`.
 */
import { SrsConfigurationError } from '../errors';
import { buildSession, type ScreenRecordingSession } from '../session';
import type { ScreenRecordingOptions } from '../types';

/** The options of this creator: those of `@screen-recording/core`, with tabs that never share. */
export type IndependentSessionOptions = Omit<ScreenRecordingOptions, 'tabs'> & { tabs?: 'independent' };

/**
 * Creates a session that this tab alone carries, as `createScreenRecordingSession` from
 * `@screen-recording/core` does with `tabs: 'independent'`. Any other `tabs` value throws
 * `SrsConfigurationError`: sharing needs the creator that ships it.
 */
export function createScreenRecordingSession(options: IndependentSessionOptions): ScreenRecordingSession {
  const tabs = (options as ScreenRecordingOptions | undefined)?.tabs;
  if (tabs !== undefined && tabs !== 'independent') {
    throw new SrsConfigurationError(
      'tabs',
      "this creator never shares a session between tabs: pass 'independent' or nothing, or import " +
        'createScreenRecordingSession from @screen-recording/core to share.',
    );
  }
  return buildSession(options, null);
}

export type { ScreenRecordingSession } from '../session';
