import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../scripts/workspace-aliases.ts';

// Run with `pnpm vitest run --config e2e/vitest.config.ts` (root script `test:e2e`).
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: source('..'),
  resolve: { alias: workspaceAliases },
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    // One browser and a few servers at a time: the machine's loopback ports are shared with the demo.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
