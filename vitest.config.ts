import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './scripts/workspace-aliases.ts';

// Tests run against the packages' sources, so `pnpm test` needs no build first.
const resolve = { alias: workspaceAliases };

export default defineConfig({
  resolve,
  test: {
    projects: [
      { resolve, test: { name: 'core', include: ['packages/core/test/**/*.test.ts'], environment: 'node' } },
      {
        resolve,
        test: { name: 'simulator', include: ['packages/simulator/test/**/*.test.ts'], environment: 'node' },
      },
      {
        // The docs' testing examples: unit and integration tests of the React quick start's App.
        resolve,
        test: {
          name: 'quick-starts',
          include: ['examples/quick-starts/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
      {
        resolve,
        test: { name: 'testing', include: ['packages/testing/test/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve,
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node' },
      },
      {
        // Type tests (*.test-d.ts): one tsc run over the public APIs; nothing in them executes.
        test: {
          name: 'types',
          typecheck: {
            enabled: true,
            only: true,
            tsconfig: 'tsconfig.type-tests.json',
            include: ['packages/*/test/**/*.test-d.{ts,tsx}'],
          },
        },
      },
      {
        resolve,
        test: { name: 'packaging', include: ['tests/packaging/**/*.test.ts'], environment: 'node' },
      },
      {
        // The docs site's generated parts: statechart pictures, reference tables, runnable examples.
        resolve,
        test: { name: 'docs', include: ['tests/docs/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve,
        test: { name: 'react', include: ['packages/react/test/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
      {
        resolve,
        test: { name: 'vue', include: ['packages/vue/test/**/*.test.ts'], environment: 'jsdom' },
      },
      {
        resolve,
        test: {
          name: 'angular',
          include: ['packages/angular/test/**/*.test.ts'],
          environment: 'jsdom',
          // Loads Angular's JIT compiler and initialises TestBed.
          setupFiles: ['packages/angular/test/setup.ts'],
        },
      },
    ],
  },
});
