import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { REPO_ROOT } from './support';

const run = promisify(execFile);

/** The files a fresh clone of the working tree would have: tracked and new ones, never ignored ones (dist, node_modules). */
async function cloneableFiles(): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  // A file deleted in the working tree but not yet staged is still listed: a clone would not have it.
  return stdout.split('\0').filter((path) => path !== '' && existsSync(join(REPO_ROOT, path)));
}

it('pnpm install on a fresh clone (nothing built yet) prints no warning', async () => {
  const clone = await mkdtemp(join(tmpdir(), 'srs-fresh-clone-'));
  try {
    for (const path of await cloneableFiles()) {
      await mkdir(dirname(join(clone, path)), { recursive: true });
      await cp(join(REPO_ROOT, path), join(clone, path));
    }
    // --offline: every package is already in the store after the workspace's own `pnpm install`.
    const { stdout, stderr } = await run('pnpm', ['install', '--offline', '--frozen-lockfile'], {
      cwd: clone,
      env: { ...process.env, CI: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const warnings = `${stdout}\n${stderr}`.split('\n').filter((line) => /\bWARN\b/.test(line));
    expect(warnings).toEqual([]);
  } finally {
    await rm(clone, { recursive: true, force: true });
  }
}, 120_000);
