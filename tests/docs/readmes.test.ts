import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { installCommands, type PackedPackage } from '../../scripts/pack-packages';
import { PUBLISHED_PACKAGES, type PublishedPackage, publishedEntryPoints } from '../../scripts/packages';

/**
 * The READMEs stay true to the code: each package's README names every export of each of its entry
 * points (read with the TypeScript compiler, `export *` and re-exports included), and every
 * `npm install` of a tarball, in the READMEs and in what `pnpm pack:packages` prints, names what the
 * package needs beside it (its peers), at the version the package has.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Manifest {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
}
const MANIFESTS = new Map<PublishedPackage, Manifest>(
  PUBLISHED_PACKAGES.map((folder) => [
    folder,
    JSON.parse(read(`packages/${folder}/package.json`)) as Manifest,
  ]),
);

/** The text a reader sees as code in a Markdown file: inline code spans and fenced blocks. */
function codeIn(markdown: string): string {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
  const outside = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  const spans = [...outside.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
  return [...fenced, ...spans].join('\n');
}

describe("each package's README names every export of its entry points", () => {
  let exportsBySpecifier: Map<string, string[]>;

  beforeAll(async () => {
    const entries = await publishedEntryPoints();
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.base.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    const program = ts.createProgram([...entries.values()], { ...config?.options, noEmit: true });
    const checker = program.getTypeChecker();
    exportsBySpecifier = new Map();
    for (const [specifier, file] of entries) {
      const source = program.getSourceFile(file);
      const module = source && checker.getSymbolAtLocation(source);
      if (!module) throw new Error(`cannot read the module ${file}`);
      exportsBySpecifier.set(
        specifier,
        checker
          .getExportsOfModule(module)
          .map((symbol) => symbol.getName())
          .sort(),
      );
    }
  }, 60_000);

  it('reads every published entry point', () => {
    expect([...exportsBySpecifier.keys()]).toEqual(
      expect.arrayContaining([
        '@screen-recording/core',
        '@screen-recording/core/machine',
        '@screen-recording/testing',
      ]),
    );
    expect(exportsBySpecifier.get('@screen-recording/core')).toEqual(
      expect.arrayContaining([
        'createScreenRecordingSession',
        'SrsConfigurationError',
        'Instant',
        'GapEvent',
      ]),
    );
  });

  it.each(PUBLISHED_PACKAGES)('@screen-recording/%s', (folder) => {
    const manifest = MANIFESTS.get(folder) as Manifest;
    const code = codeIn(read(`packages/${folder}/README.md`));
    const missing = [...exportsBySpecifier]
      .filter(([specifier]) => specifier === manifest.name || specifier.startsWith(`${manifest.name}/`))
      .flatMap(([specifier, names]) =>
        names
          .filter((name) => !new RegExp(`(^|[^\\w$])${name.replace('$', '\\$')}($|[^\\w$])`).test(code))
          .map((name) => `${specifier}: ${name}`),
      );
    expect(missing, `packages/${folder}/README.md does not name these exports (in code)`).toEqual([]);
  });
});

/** A tarball a command names, as `pnpm pack` names it: `screen-recording-react-0.1.0.tgz`. */
const TARBALL = /screen-recording-([a-z-]+?)-(\d+\.\d+\.\d+(?:-[\w.]+)?)\.tgz/g;

/**
 * What a block of `npm install` commands lacks: for each tarball, the version it should have, and each
 * peer not named in the command or an earlier one of the block. A `--save-dev` command (the simulator,
 * the testing helpers) goes into an app that has the core already, so its packages' own peers may be
 * left out there.
 */
function missingPeers(commands: readonly string[]): string[] {
  const problems: string[] = [];
  const named = new Set<string>();
  for (const command of commands) {
    const words = command.split(/\s+/);
    const tarballs = [...command.matchAll(TARBALL)];
    const packages = tarballs.map(([, folder]) => `@screen-recording/${folder}`);
    for (const name of [...words, ...packages]) named.add(name);
    for (const [tarball, folder, version] of tarballs) {
      const manifest = MANIFESTS.get(folder as PublishedPackage);
      if (!manifest) {
        problems.push(`${tarball}: no package packages/${folder}`);
        continue;
      }
      if (version !== manifest.version) problems.push(`${tarball}: the package is at ${manifest.version}`);
      for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
        const exempt = command.includes('--save-dev') && peer.startsWith('@screen-recording/');
        if (!named.has(peer) && !exempt) problems.push(`${tarball} needs ${peer} beside it: ${command}`);
      }
    }
  }
  return problems;
}

/** The `npm install` commands of each shell block of a Markdown file, continuation lines joined. */
function installBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)].map((match) =>
    (match[1] as string)
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => /^npm install\b/.test(line) && line.includes('.tgz')),
  );
}

describe('install commands name what each package needs beside it', () => {
  // The READMEs, and the getting-started pages, where an app's developer installs the packages.
  const readmes = execFileSync(
    'git',
    ['ls-files', '--', 'README.md', '*/README.md', 'docs/getting-started/*.md'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(Boolean);

  it('finds them: each getting-started page installs core with what its framework needs', () => {
    for (const page of readmes.filter((path) => path.startsWith('docs/getting-started/'))) {
      expect(installBlocks(read(page)).flat().length, page).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(readmes)('%s', (readme) => {
    expect(installBlocks(read(readme)).flatMap(missingPeers)).toEqual([]);
  });

  it('in what `pnpm pack:packages` prints, for every package', () => {
    const packed: PackedPackage[] = PUBLISHED_PACKAGES.map((folder) => {
      const manifest = MANIFESTS.get(folder) as Manifest;
      return {
        folder,
        name: manifest.name,
        version: manifest.version,
        tarball: `/clone/packed/screen-recording-${folder}-${manifest.version}.tgz`,
        peers: Object.keys(manifest.peerDependencies ?? {}),
      };
    });
    const commands = installCommands(packed).map(({ command }) => command);
    expect(commands).toHaveLength(PUBLISHED_PACKAGES.length);
    expect(missingPeers(commands)).toEqual([]);
    // Each binding's command stands alone: its tarball, the core's, and every peer of both.
    expect(commands[1]).toBe(
      `npm install /clone/packed/screen-recording-core-${packed[0]?.version}.tgz /clone/packed/screen-recording-react-${packed[1]?.version}.tgz xstate react`,
    );
  });

  it('catches a missing peer and a wrong version', () => {
    expect(
      missingPeers([
        'npm install /p/screen-recording-core-0.1.0.tgz /p/screen-recording-react-0.1.0.tgz react',
      ]),
    ).toEqual([
      'screen-recording-core-0.1.0.tgz needs xstate beside it: npm install /p/screen-recording-core-0.1.0.tgz /p/screen-recording-react-0.1.0.tgz react',
    ]);
    expect(missingPeers(['npm install /p/screen-recording-core-9.9.9.tgz xstate'])).toEqual([
      `screen-recording-core-9.9.9.tgz: the package is at ${MANIFESTS.get('core')?.version}`,
    ]);
  });
});
