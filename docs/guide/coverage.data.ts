/**
 * Read when the site is built (and again in `pnpm run docs` when these files change): the gap reasons
 * and the coverage figures, from the code (see docs/.vitepress/coverage-reference.ts).
 */
import { defineLoader } from 'vitepress';
import { type CoverageReference, coverageReference } from '../.vitepress/coverage-reference';

declare const data: CoverageReference;

export { data };

export default defineLoader({
  watch: ['../../packages/core/src/types.ts', '../.vitepress/coverage-reference.ts'],
  load: coverageReference,
});
