import { buildSession, type ScreenRecordingSession } from './session';
import { shareAcrossTabs } from './tabs';
import { tabsEnvironment } from './tabs-environment';
import type { ScreenRecordingOptions } from './types';

/**
 * Creates the session. Validates the options (throws `SrsConfigurationError`), starts no timer and
 * sends nothing until `login()`. In a browser, the tabs of one desktop share one SRS session unless
 * `tabs: 'independent'`; an app that never shares can import the creator of
 * `@screen-recording/core/independent` instead, which leaves the tab sharing out of its bundle.
 */
export function createScreenRecordingSession(options: ScreenRecordingOptions): ScreenRecordingSession {
  return buildSession(options, (engine) => {
    const environment = tabsEnvironment(options.tabs);
    return environment ? shareAcrossTabs(engine, environment) : null;
  });
}
