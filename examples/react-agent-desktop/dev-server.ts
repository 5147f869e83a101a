import { fileURLToPath } from 'node:url';
import { createServer, type LogLevel } from 'vite';

export interface ExampleDevServer {
  /** The page's URL, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  close(): Promise<void>;
}

export interface ExampleDevServerOptions {
  /** The SRS (or simulator) the page calls; becomes `import.meta.env.VITE_SRS_URL`. */
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
}

const root = fileURLToPath(new URL('.', import.meta.url));

/** Starts the example's Vite dev server; used by `pnpm demo` and the end-to-end test. */
export async function startExampleDevServer(options: ExampleDevServerOptions): Promise<ExampleDevServer> {
  // Vite reads VITE_* variables from the environment when it resolves its config, right here.
  process.env.VITE_SRS_URL = options.srsUrl;
  const server = await createServer({
    root,
    configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
    logLevel: options.logLevel ?? 'info',
    clearScreen: false,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    server: {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 5173,
      strictPort: options.strictPort ?? false,
      ...(options.https ? { https: options.https } : {}),
    },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('The Vite dev server started but reported no local URL.');
  }
  return { url, close: () => server.close() };
}
