import { describe } from 'vitest';

/** How a suite renders: inside `<StrictMode>` (double render, mount → unmount → mount of effects) or not. */
export interface ReactMode {
  name: 'non-strict' | 'strict';
  /** Pass as `render(ui, { reactStrictMode })` from @testing-library/react. */
  reactStrictMode: boolean;
}

export const MODES: readonly ReactMode[] = [
  { name: 'non-strict', reactStrictMode: false },
  { name: 'strict', reactStrictMode: true },
];

/**
 * Runs a suite once without and once with `<StrictMode>`: StrictMode's double mount is the classic way
 * for a desktop to send two logins, or to log out on a remount, so every behaviour is checked under both.
 */
export function describeEachReactMode(title: string, suite: (mode: ReactMode) => void): void {
  for (const mode of MODES) {
    describe(`${title} (${mode.name})`, () => suite(mode));
  }
}
