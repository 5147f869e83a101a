import { DEFAULT_OPTIONS, type ScreenRecordingOptions } from '@screen-recording/core';

/**
 * The agent desktops' framework-free parts, shared by the React, Vue and Angular examples: settings
 * from the address bar.
 */

/** Where the desktop finds SRS and its simulator, and how the session is tuned. */
export interface DesktopConfig {
  srsUrl: string;
  /** The simulator's control endpoint (`/__simulator/*`); the same server as SRS by default. */
  controlUrl: string;
  /** Session options other than `srsUrl` and `inspect`. */
  tuning: Omit<ScreenRecordingOptions, 'srsUrl' | 'inspect'>;
}

const DEFAULT_SRS_URL = 'http://127.0.0.1:4100';

// Timings a tester may shorten from the address bar, e.g. `?pingIntervalMs=2000&sessionTimeoutMs=10000`:
// every numeric option the core has a default for.
const TUNABLE = (Object.keys(DEFAULT_OPTIONS) as Array<keyof typeof DEFAULT_OPTIONS>).filter(
  (name): name is NumericOption => typeof DEFAULT_OPTIONS[name] === 'number',
);
type NumericOption = {
  [Name in keyof typeof DEFAULT_OPTIONS]: (typeof DEFAULT_OPTIONS)[Name] extends number ? Name : never;
}[keyof typeof DEFAULT_OPTIONS];

/** What the page was served with: the dev server's SRS (or simulator) and control endpoint, when it says. */
export interface ServedDefaults {
  srsUrl?: string | undefined;
  controlUrl?: string | undefined;
}

/**
 * The desktop's settings: from the address bar first (`?srsUrl=…&pingIntervalMs=…`), then from what the
 * page was served with, then the simulator's default address.
 */
export function readConfig(search: string, served: ServedDefaults = {}): DesktopConfig {
  const query = new URLSearchParams(search);
  const srsUrl = query.get('srsUrl') ?? served.srsUrl ?? DEFAULT_SRS_URL;
  const controlUrl = withoutTrailingSlashes(query.get('controlUrl') ?? served.controlUrl ?? srsUrl);
  const tuning: DesktopConfig['tuning'] = {};
  for (const name of TUNABLE) {
    const value = query.get(name);
    // Whatever is given goes to the session as a number: it validates and explains bad values itself.
    if (value !== null && value !== '') tuning[name] = Number(value);
  }
  return { srsUrl, controlUrl, tuning };
}

function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
