/**
 * What the library sends SRS in each guide's examples, recorded from a real session when the site is
 * built (see docs/.vitepress/wire-examples.ts).
 */
import { defineLoader } from 'vitepress';
import { type WireExamples, wireExamples } from '../.vitepress/wire-examples';

declare const data: WireExamples;

export { data };

export default defineLoader({
  watch: ['../../packages/core/src/protocol.ts', '../.vitepress/wire-examples.ts'],
  load: wireExamples,
});
