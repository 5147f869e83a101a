import { type DesktopServer, type DesktopServerOptions, startViteDesktop } from '../shared/desktop-server';

/** Starts the Vue desktop's Vite dev server; used by `pnpm demo vue` and the e2e suite. */
export function startVueDesktop(options: DesktopServerOptions): Promise<DesktopServer> {
  return startViteDesktop(new URL('./', import.meta.url), options);
}
