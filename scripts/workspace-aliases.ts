import { fileURLToPath } from 'node:url';

/**
 * Where each workspace package's entry points live in source, so tests, the e2e suite and the examples
 * run the libraries from their sources without a build. One list for every Vite and Vitest config,
 * and for the API reference (docs/.vitepress/api-reference.ts).
 * Exact-match patterns: `@screen-recording/core` must not swallow `@screen-recording/core/machine`.
 */
export const WORKSPACE_ENTRIES: Readonly<Record<string, string>> = {
  '@screen-recording/core': 'packages/core/src/index.ts',
  '@screen-recording/core/machine': 'packages/core/src/entry/machine.ts',
  '@screen-recording/core/protocol': 'packages/core/src/entry/protocol.ts',
  '@screen-recording/core/diagnose': 'packages/core/src/entry/diagnose.ts',
  '@screen-recording/core/independent': 'packages/core/src/entry/independent.ts',
  '@screen-recording/react': 'packages/react/src/index.ts',
  '@screen-recording/angular': 'packages/angular/src/index.ts',
  '@screen-recording/simulator': 'packages/simulator/src/index.ts',
  '@screen-recording/test-utils': 'packages/test-utils/src/index.ts',
  '@screen-recording/testing': 'packages/testing/src/index.ts',
  '@screen-recording/vue': 'packages/vue/src/index.ts',
};

const root = new URL('../', import.meta.url);

export const workspaceAliases = Object.entries(WORKSPACE_ENTRIES).map(([name, path]) => ({
  find: new RegExp(`^${name.replaceAll('/', '\\/')}$`),
  replacement: fileURLToPath(new URL(path, root)),
}));
