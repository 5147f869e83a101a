/**
 * Every example agent desktop, by name: `pnpm demo <name>` serves one, and the e2e suite runs the same
 * scenarios on each. A new desktop plugs in here.
 */
import type { DesktopServer, DesktopServerOptions } from './shared/desktop-server';

export type { DesktopServer, DesktopServerOptions };

export const DESKTOPS = {
  react: async (options: DesktopServerOptions) =>
    (await import('./react-agent-desktop/dev-server')).startReactDesktop(options),
  vue: async (options: DesktopServerOptions) =>
    (await import('./vue-agent-desktop/dev-server')).startVueDesktop(options),
  angular: async (options: DesktopServerOptions) =>
    (await import('./angular-agent-desktop/desktop-server')).startAngularDesktop(options),
} satisfies Record<string, (options: DesktopServerOptions) => Promise<DesktopServer>>;

export type DesktopName = keyof typeof DESKTOPS;

export const DESKTOP_NAMES = Object.keys(DESKTOPS) as DesktopName[];

export function isDesktopName(name: string): name is DesktopName {
  return Object.hasOwn(DESKTOPS, name);
}
