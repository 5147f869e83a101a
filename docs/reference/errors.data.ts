/**
 * Read when the site is built (and again in `pnpm run docs` when these files change): every error code,
 * its class, cause and fields, and the headline the agent sees in each case, from the code (see
 * docs/.vitepress/errors-reference.ts).
 */
import { defineLoader } from 'vitepress';
import { type ErrorRow, errorRows } from '../.vitepress/errors-reference';

declare const data: ErrorRow[];

export { data };

export default defineLoader({
  watch: [
    '../../packages/core/src/errors.ts',
    '../../packages/core/src/messages.ts',
    '../.vitepress/errors-reference.ts',
  ],
  load: errorRows,
});
