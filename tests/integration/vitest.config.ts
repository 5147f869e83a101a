import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Run before the root config lists this project: `pnpm vitest run --config tests/integration/vitest.config.ts`.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const alias = {
  '@screen-recording/core': source('../../packages/core/src/index.ts'),
  '@screen-recording/react': source('../../packages/react/src/index.ts'),
  '@screen-recording/simulator': source('../../packages/simulator/src/index.ts'),
};

export default defineConfig({
  root: source('../..'),
  resolve: { alias },
  test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node' },
});
