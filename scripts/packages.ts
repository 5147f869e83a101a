import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WORKSPACE_ENTRIES } from './workspace-aliases';

/**
 * The packages published to npm, by folder under `packages/`. Everything that checks what a user
 * installs reads these lists: `pnpm pack:packages`, `pnpm check:packages` (publint, attw), the size
 * budgets and the packed-app e2e test. A new binding is one more name in BINDINGS.
 */
export const BINDINGS = ['react', 'vue', 'angular'] as const;

export const PUBLISHED_PACKAGES = ['core', ...BINDINGS, 'simulator', 'testing'] as const;

export type PublishedPackage = (typeof PUBLISHED_PACKAGES)[number];

const fromRepository = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * Import specifier (`@screen-recording/core/machine`) → absolute source file, for every entry point of
 * every published package, read from each package's `exports`: what the API reference documents and
 * what each README must name. A subpath without a source in scripts/workspace-aliases.ts throws.
 */
export async function publishedEntryPoints(): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const folder of PUBLISHED_PACKAGES) {
    const manifest = JSON.parse(
      await readFile(fromRepository(`packages/${folder}/package.json`), 'utf8'),
    ) as {
      name: string;
      exports: Record<string, unknown>;
    };
    for (const subpath of Object.keys(manifest.exports)) {
      if (subpath.endsWith('.json')) continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
      const source = WORKSPACE_ENTRIES[specifier];
      if (source === undefined) {
        throw new Error(`${specifier} is exported but has no source in scripts/workspace-aliases.ts`);
      }
      entries.set(specifier, fromRepository(source));
    }
  }
  return entries;
}
