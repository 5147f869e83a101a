import { type DesktopServer, type DesktopServerOptions, startViteDesktop } from '../shared/desktop-server';

/** Starts the React desktop's Vite dev server; used by `pnpm demo` and the e2e suite. */
export function startReactDesktop(options: DesktopServerOptions): Promise<DesktopServer> {
  return startViteDesktop(new URL('./', import.meta.url), options);
}
