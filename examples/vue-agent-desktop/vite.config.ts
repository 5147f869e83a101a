import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../scripts/workspace-aliases.ts';

// The demo runs the libraries from their sources, so it needs no build of the packages first.

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  resolve: {
    alias: workspaceAliases,
    // The packages' sources resolve Vue and XState from their own folders; one copy each is a must.
    dedupe: ['vue', 'xstate'],
  },
  // Pre-bundled up front, so the dev server never reloads the page to add one mid-session.
  optimizeDeps: {
    include: ['vue', 'xstate', '@statelyai/inspect'],
  },
  server: { host: '127.0.0.1', port: 5173 },
});
