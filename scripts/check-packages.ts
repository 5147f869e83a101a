/**
 * `pnpm check:packages`: packs every published package as a user would receive it (one build), then
 * checks each tarball with `publint --strict` (package.json against the files) and `attw --profile
 * esm-only` (the types resolve for ESM consumers under node16 and bundler resolution; these packages
 * ship no CommonJS). Exits 1 if any check fails.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packPackages, REPO_ROOT } from './pack-packages';

const run = promisify(execFile);
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);

const CHECKS = [
  { name: 'publint --strict', command: bin('publint'), args: ['--strict'] },
  { name: 'attw --profile esm-only', command: bin('attw'), args: ['--profile', 'esm-only', '--no-color'] },
];

async function main(): Promise<void> {
  const destination = await mkdtemp(join(tmpdir(), 'srs-check-packages-'));
  let failures = 0;
  try {
    for (const { name, tarball } of await packPackages(destination)) {
      for (const check of CHECKS) {
        const result = await run(check.command, [...check.args, tarball], {
          maxBuffer: 16 * 1024 * 1024,
        }).then(
          ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
          (error: { stdout?: string; stderr?: string; message: string }) => ({
            ok: false,
            output: `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message,
          }),
        );
        console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(24)} ${name}`);
        if (!result.ok) {
          failures++;
          console.log(result.output.replace(/^/gm, '     '));
        }
      }
    }
  } finally {
    await rm(destination, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(`${failures} package check(s) failed.`);
    process.exit(1);
  }
}

await main();
