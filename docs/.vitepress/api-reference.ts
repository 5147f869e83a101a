/**
 * Generates the API reference (docs/reference/api/, not committed) from the TSDoc comments of every
 * entry point of every published package: TypeDoc with typedoc-plugin-markdown, in VitePress's flavour
 * (typedoc-vitepress-theme, which also writes the sidebar). `pnpm run docs` and `pnpm docs:build` run it
 * first. The entry points are read from each package's `exports` (`publishedEntryPoints()`), so a new
 * subpath export shows up by itself.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Application, Converter, type DeclarationReflection, ReflectionKind } from 'typedoc';
import { publishedEntryPoints } from '../../scripts/packages';

const repository = new URL('../../', import.meta.url);
const fromRepository = (path: string) => fileURLToPath(new URL(path, repository));

/** `API_OUT` relative to the docs folder; the sidebar is written next to it. */
export const API_OUT = 'reference/api';

async function main(): Promise<void> {
  const entries = await publishedEntryPoints();
  const moduleNames = new Map([...entries].map(([specifier, file]) => [file, specifier]));
  const docs = fromRepository('docs/');
  await rm(`${docs}${API_OUT}`, { recursive: true, force: true });

  const app = await Application.bootstrapWithPlugins({
    entryPoints: [...entries.values()],
    tsconfig: `${docs}tsconfig.api.json`,
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: `${docs}${API_OUT}`,
    docsRoot: docs,
    readme: 'none',
    name: 'API reference',
    entryFileName: 'index',
    // One page per export: small pages, a sidebar of every symbol, links without in-page anchors to guess.
    outputFileStrategy: 'members',
    hidePageHeader: true,
    excludePrivate: true,
    excludeInternal: true,
    // Every export is documented as its package's users import it, not under its source path.
    alwaysCreateEntryPointModule: true,
    // Core first, then its subpaths, the bindings and the simulator (PUBLISHED_PACKAGES' order).
    sortEntryPoints: false,
    sort: ['kind', 'alphabetical'],
    gitRevision: 'main',
    disableSources: true,
    validation: { notExported: false, invalidLink: true, rewrittenLink: true },
    treatWarningsAsErrors: false,
  } as Parameters<typeof Application.bootstrapWithPlugins>[0]);

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection: DeclarationReflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const name = file === undefined ? undefined : moduleNames.get(file);
    if (name !== undefined) reflection.name = name;
  });

  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the packages (see the messages above)');
  app.validate(project);
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors (see above)');
  console.log(`API reference: ${project.children?.length ?? 0} entry points → docs/${API_OUT}`);
}

await main();
