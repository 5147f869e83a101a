import { createServer } from 'node:net';

/**
 * A port free right now on `host` (loopback by default), released again so a server started next can
 * take it (a page's origin, or the demo's port, must be known before that server starts). Node only.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
