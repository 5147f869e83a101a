import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    machine: 'src/entry/machine.ts',
    protocol: 'src/entry/protocol.ts',
    diagnose: 'src/entry/diagnose.ts',
    independent: 'src/entry/independent.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
