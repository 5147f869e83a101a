import { fileURLToPath } from 'node:url';
import { createServer, type LogLevel } from 'vite';

/** A running agent desktop: where to open it, and how to stop it. */
export interface DesktopServer {
  /** The page's URL, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  close(): Promise<void>;
}

/** How `pnpm demo` and the e2e suite start a desktop; every example's server takes these. */
export interface DesktopServerOptions {
  /** The SRS (or simulator) the page calls unless its address says otherwise (`?srsUrl=`). */
  srsUrl: string;
  /** @default 5173 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Fail instead of trying the next port when `port` is taken. @default false */
  strictPort?: boolean;
  /** @default 'info' */
  logLevel?: LogLevel;
  /** Serve over HTTPS with this key and certificate (PEM), as a desktop on HTTPS calls SRS over HTTPS. */
  https?: { key: string; cert: string };
  /** Vite's cache folder; give each concurrent server its own. @default Vite's */
  cacheDir?: string;
  /**
   * Live reload while editing the example. Tests turn it off: a page frozen or hidden loses the
   * reload channel, and the dev server's client then reloads the page, ending its session. @default true
   */
  liveReload?: boolean;
}

/**
 * Starts a Vite-built example's dev server programmatically. The SRS URL reaches the page as
 * `import.meta.env.VITE_SRS_URL`.
 */
export async function startViteDesktop(
  exampleRoot: URL,
  options: DesktopServerOptions,
): Promise<DesktopServer> {
  // Vite reads VITE_* variables from the environment when it resolves its config, right here.
  process.env.VITE_SRS_URL = options.srsUrl;
  const server = await createServer({
    root: fileURLToPath(exampleRoot),
    configFile: fileURLToPath(new URL('vite.config.ts', exampleRoot)),
    logLevel: options.logLevel ?? 'info',
    clearScreen: false,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    server: {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 5173,
      strictPort: options.strictPort ?? false,
      ...(options.https ? { https: options.https } : {}),
      ...(options.liveReload === false ? { hmr: false, ws: false } : {}),
    },
  });
  await server.listen();
  // A server on one of this machine's network addresses (an intranet desktop, in a test) has no local URL.
  const url = server.resolvedUrls?.local[0] ?? server.resolvedUrls?.network[0];
  if (!url) {
    await server.close();
    throw new Error('The Vite dev server started but reported no URL.');
  }
  return { url, close: () => server.close() };
}
