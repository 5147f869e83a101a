/**
 * `pnpm pack:packages [folder]`: builds the published packages once, then packs each with `pnpm pack`
 * (which turns `workspace:` ranges into real ones) into `folder` (default `packed/`). Until the packages
 * are on the npm registry, an app installs these tarballs by path.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PUBLISHED_PACKAGES, type PublishedPackage } from './packages';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface PackedPackage {
  /** The folder under `packages/`. */
  folder: PublishedPackage;
  /** The npm name, e.g. `@screen-recording/core`. */
  name: string;
  version: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
  /** What the app installs beside it, by name (`@screen-recording/core`, `react`…). */
  peers: string[];
}

/** Builds the given packages (one `pnpm build` run, dependencies first), then packs each into `destination`. */
export async function packPackages(
  destination: string,
  folders: readonly PublishedPackage[] = PUBLISHED_PACKAGES,
): Promise<PackedPackage[]> {
  await mkdir(destination, { recursive: true });
  const filters = folders.flatMap((folder) => ['--filter', `./packages/${folder}`]);
  await run('pnpm', [...filters, 'run', 'build'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });

  const packed: PackedPackage[] = [];
  for (const folder of folders) {
    const cwd = join(REPO_ROOT, 'packages', folder);
    const manifest = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      peerDependencies?: Record<string, string>;
    };
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination], { cwd });
    // pnpm prints the contents, then the tarball's path on the last line.
    const tarball = stdout.trim().split('\n').at(-1)?.trim() ?? '';
    if (!tarball.endsWith('.tgz'))
      throw new Error(`pnpm pack in packages/${folder} printed no tarball:\n${stdout}`);
    packed.push({
      folder,
      name: manifest.name,
      version: manifest.version,
      tarball: resolve(cwd, tarball),
      peers: Object.keys(manifest.peerDependencies ?? {}),
    });
  }
  return packed;
}

/** What each package is for, in the install lines `pnpm pack:packages` prints. */
const PURPOSES: Record<PublishedPackage, string> = {
  core: 'the core, for any app',
  react: 'React',
  vue: 'Vue',
  angular: 'Angular',
  simulator: 'the simulator, for development and integration tests',
  testing: 'the testing helpers, for unit tests',
};

/**
 * The commands that install each package into an app, with everything it needs beside it: its peers,
 * and theirs, each of this repository as its tarball. Core first; the simulator and the testing helpers
 * are development dependencies, installed after core (the testing helpers' peer).
 */
export function installCommands(packed: readonly PackedPackage[]): { purpose: string; command: string }[] {
  const byName = new Map(packed.map((entry) => [entry.name, entry]));
  const development = new Set<PublishedPackage>(['simulator', 'testing']);
  return packed.map((entry) => {
    if (development.has(entry.folder)) {
      return { purpose: PURPOSES[entry.folder], command: `npm install --save-dev ${entry.tarball}` };
    }
    // The package, then its peers of this repository (and their peers), depth first, each once.
    const ours: PackedPackage[] = [];
    const external = new Set<string>();
    const visit = (current: PackedPackage) => {
      if (ours.includes(current)) return;
      for (const peer of current.peers) {
        const own = byName.get(peer);
        if (own) visit(own);
        else external.add(peer);
      }
      ours.push(current);
    };
    visit(entry);
    const names = [...ours.map((each) => each.tarball), ...external];
    return { purpose: PURPOSES[entry.folder], command: `npm install ${names.join(' ')}` };
  });
}

async function main(): Promise<void> {
  const destination = resolve(process.argv[2] ?? join(REPO_ROOT, 'packed'));
  console.log(`Building and packing ${PUBLISHED_PACKAGES.join(', ')}…`);
  const packed = await packPackages(destination);
  for (const { name, tarball } of packed) console.log(`  ${name.padEnd(28)} ${tarball}`);
  console.log('\nIn your app, the core and your binding, with what they need beside them:');
  for (const { purpose, command } of installCommands(packed)) console.log(`  # ${purpose}\n  ${command}`);
  console.log(`\n(${relative(process.cwd(), destination) || '.'} holds the tarballs.)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
