/**
 * Every field of the view (`SessionView`), with its type and doc comment, read from
 * packages/core/src/types.ts when the site is built.
 */
import { defineLoader } from 'vitepress';
import { inlineHtml, interfaceMembers, parseSource } from '../.vitepress/source-docs';

declare const data: { name: string; type: string; docHtml: string }[];

export { data };

export default defineLoader({
  watch: ['../../packages/core/src/types.ts'],
  load: () =>
    interfaceMembers(parseSource('packages/core/src/types.ts'), 'SessionView').map((member) => ({
      name: member.name,
      type: member.type,
      docHtml: inlineHtml(member.doc),
    })),
});
