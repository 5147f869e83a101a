/**
 * Every headline a desktop can show, by key, read from `MESSAGE_HEADLINES` when the site is built.
 */
import { defineLoader } from 'vitepress';
import { MESSAGE_HEADLINES, type MessageKey } from '../../packages/core/src/index';

declare const data: { key: MessageKey; headline: string }[];

export { data };

export default defineLoader({
  watch: ['../../packages/core/src/messages.ts'],
  load: () =>
    Object.entries(MESSAGE_HEADLINES).map(([key, headline]) => ({ key: key as MessageKey, headline })),
});
