import { readFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { extname, join, normalize, sep } from 'node:path';
import type { ServedDefaults } from './config';
import type { DesktopServer, DesktopServerOptions } from './desktop-server';
import { SERVED_META } from './served-config';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** How many ports after `port` are tried when it is taken and `strictPort` is off. */
const PORT_ATTEMPTS = 10;

/**
 * Serves a built desktop (a folder with `index.html` and its assets) over HTTP(S). Every page answer
 * is `index.html` with the SRS and control URLs written into meta tags (see `served-config.ts`), so
 * one build works against any simulator. Framework-free: the Angular desktop uses it after `ng build`.
 */
export async function serveBuiltDesktop(
  root: string,
  served: ServedDefaults,
  options: DesktopServerOptions,
): Promise<DesktopServer> {
  const page = withServedMeta(await readFile(join(root, 'index.html'), 'utf8'), served);
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    answer(root, page, request, response).catch(() => {
      // A malformed address (say a stray `%`) cannot name a file.
      if (!response.headersSent) response.writeHead(400).end();
    });
  };
  const server = options.https ? createHttpsServer(options.https, handle) : createHttpServer(handle);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 5173, options.strictPort ? 1 : PORT_ATTEMPTS);
  const scheme = options.https ? 'https' : 'http';
  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** index.html with a meta tag per served URL, before `</head>`; values HTML-escaped. */
export function withServedMeta(html: string, served: ServedDefaults): string {
  const tags = (Object.keys(SERVED_META) as Array<keyof typeof SERVED_META>)
    .filter((key) => served[key] !== undefined)
    .map((key) => `<meta name="${SERVED_META[key]}" content="${escapeAttribute(served[key] ?? '')}" />`)
    .join('\n    ');
  return tags === '' ? html : html.replace('</head>', `  ${tags}\n  </head>`);
}

async function answer(root: string, page: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://page').pathname);
  const file = normalize(join(root, path));
  // Assets are the files under the build folder; anything else (/, a deep link) is the page itself.
  const isAsset = file.startsWith(root + sep) && extname(file) !== '' && extname(file) !== '.html';
  const body = isAsset ? await readFile(file).catch(() => null) : Buffer.from(page);
  if (body === null) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': isAsset
      ? (CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      : CONTENT_TYPES['.html'],
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function listen(server: Server, host: string, firstPort: number, attempts: number): Promise<number> {
  for (let port = firstPort; ; port++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    } catch (error) {
      const taken = (error as { code?: unknown }).code === 'EADDRINUSE';
      if (!taken || port - firstPort + 1 >= attempts) throw error;
    }
  }
}

function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
