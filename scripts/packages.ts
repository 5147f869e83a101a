/**
 * The packages published to npm, by folder under `packages/`. Everything that checks what a user
 * installs reads these lists: `pnpm pack:packages`, `pnpm check:packages` (publint, attw), the size
 * budgets and the packed-app e2e test. A new binding is one more name in BINDINGS.
 */
export const BINDINGS = ['react', 'vue', 'angular'] as const;

export const PUBLISHED_PACKAGES = ['core', ...BINDINGS, 'simulator', 'testing'] as const;

export type PublishedPackage = (typeof PUBLISHED_PACKAGES)[number];
