/**
 * Recorded when the site is built (and again in `pnpm run docs` when these files change): what a real
 * session sends while SRS is stopped and after it comes back (see docs/.vitepress/healing-timeline.ts).
 */
import { defineLoader } from 'vitepress';
import { type HealingTimeline, healingTimeline } from '../.vitepress/healing-timeline';

declare const data: HealingTimeline;

export { data };

export default defineLoader({
  watch: [
    '../../packages/core/src/machine.ts',
    '../../packages/core/src/timing.ts',
    '../.vitepress/healing-timeline.ts',
  ],
  load: healingTimeline,
});
