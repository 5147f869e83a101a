/**
 * Read when the site is built (and again in `pnpm run docs` when these files change): what each status
 * and each error code shows the agent, from the code (see docs/.vitepress/errors-reference.ts).
 */
import { defineLoader } from 'vitepress';
import { type ErrorRow, errorRows, type StatusRow, statusRows } from './.vitepress/errors-reference';

export interface TroubleshootingData {
  statuses: StatusRow[];
  errors: ErrorRow[];
}

declare const data: TroubleshootingData;

export { data };

export default defineLoader({
  watch: [
    '../packages/core/src/errors.ts',
    '../packages/core/src/messages.ts',
    './.vitepress/errors-reference.ts',
  ],
  load: (): TroubleshootingData => ({ statuses: statusRows(), errors: errorRows() }),
});
