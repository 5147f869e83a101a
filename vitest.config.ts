import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the packages' sources, so `pnpm test` needs no build first.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const alias = {
  '@screen-recording/core': source('./packages/core/src/index.ts'),
  '@screen-recording/react': source('./packages/react/src/index.ts'),
  '@screen-recording/simulator': source('./packages/simulator/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'core', include: ['packages/core/test/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: { name: 'simulator', include: ['packages/simulator/test/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: { name: 'react', include: ['packages/react/test/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
    ],
  },
});
