#!/usr/bin/env node
// The bin is this committed file rather than dist/cli.js: pnpm links bins while installing, and a fresh
// clone has no dist yet (it warned "Failed to create bin"). In the published package dist is always there.
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
try {
  await import(cli.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(cli))) {
    process.stderr.write(
      'srs-simulator: this copy is not built yet. Run `pnpm build` first, or `pnpm simulator` from the repository root.\n',
    );
    process.exit(1);
  }
  throw error;
}
