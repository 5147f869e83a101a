/**
 * The tab timings the library derives from a session's own timing (`tabTimings()` in
 * packages/core/src/timing.ts), computed when the site is built for the defaults and two other settings.
 */
import { defineLoader } from 'vitepress';
import { DEFAULT_OPTIONS } from '../../packages/core/src/index';
import { resolveOptions } from '../../packages/core/src/options';
import { tabTimings } from '../../packages/core/src/timing';

export interface TabTimingRow {
  pingIntervalMs: number;
  sessionTimeoutMs: number;
  heartbeatMs: number;
  silenceMs: number;
  confirmMs: number;
}

declare const data: TabTimingRow[];

export { data };

const SETTINGS = [
  { pingIntervalMs: DEFAULT_OPTIONS.pingIntervalMs, sessionTimeoutMs: DEFAULT_OPTIONS.sessionTimeoutMs },
  { pingIntervalMs: 45_000, sessionTimeoutMs: DEFAULT_OPTIONS.sessionTimeoutMs },
  { pingIntervalMs: 5_000, sessionTimeoutMs: 15_000 },
];

export default defineLoader({
  watch: ['../../packages/core/src/timing.ts', '../../packages/core/src/options.ts'],
  load: (): TabTimingRow[] =>
    SETTINGS.map((setting) => {
      const settings = resolveOptions({ srsUrl: 'https://127.0.0.1:8443', ...setting });
      return { ...setting, ...tabTimings(settings) };
    }),
});
