import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { isIPv6 } from 'node:net';
import { createCertificate } from './certificate';
import { CONTROL_ROUTES, handleControlRequest, isControlPath } from './control-routes';
import { CONTROL_PREFLIGHT_METHODS, corsHeaders, preflightHeaders, SRS_PREFLIGHT_METHODS } from './cors';
import { HostPolicy, hostRefusalMessage } from './host-check';
import type { Reply, SimRequest } from './http';
import { csrfRequested, header, message, parseBasicAuth, parseBody } from './http';
import { resolveOptions } from './options';
import { handleSrsRequest, SRS_ROUTES } from './srs-routes';
import { SimulatorCore } from './state';
import type { RequestLogEntry, SimulatorOptions, SrsSimulator } from './types';

/** Bodies are a few hundred bytes; anything far larger is a client bug, not something to buffer. */
const MAX_BODY_BYTES = 64 * 1024;

/** Start a simulated SRS. Resolves once it listens; read the address back from `url` / `port`. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SrsSimulator> {
  const resolved = resolveOptions(options);
  const core = new SimulatorCore(resolved.now, resolved.sessionTimeoutMs);
  const srsContext = { core, agents: resolved.agents, places: resolved.places };
  const hostPolicy = new HostPolicy(resolved.allowedHosts, resolved.host);
  // Delays of `slow` faults, cancelled on close so that no timer outlives the server.
  const pendingDelays = new Set<() => void>();

  const delay = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        pendingDelays.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        pendingDelays.delete(cancel);
        resolve(true);
      }, ms);
      pendingDelays.add(cancel);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://simulator.invalid').pathname;
    const origin = header(req.headers, 'origin');
    const control = isControlPath(path);

    let entry: RequestLogEntry | null = null;
    const record = (body: unknown): RequestLogEntry | null => {
      if (control) return null;
      const logged: RequestLogEntry = {
        at: resolved.now(),
        method,
        path,
        origin,
        status: null,
        username: parseBasicAuth(header(req.headers, 'authorization'))?.username ?? null,
        csrfRequested: csrfRequested(req.headers),
        csrfTokenSent: header(req.headers, 'x-csrf-token') !== null,
        body,
        fault: null,
      };
      core.record(logged);
      return logged;
    };

    const send = (reply: Reply, cors: Record<string, string>): void => {
      // The client may have gone away during a slow fault; then nothing was answered.
      if (res.destroyed || req.socket.destroyed) return;
      if (entry !== null) entry.status = reply.status;
      const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
      const headers: Record<string, string | number> = {
        'Cache-Control': 'no-store',
        ...cors,
        ...reply.headers,
        'Content-Length': Buffer.byteLength(payload),
      };
      if (payload !== '') headers['Content-Type'] = 'application/json; charset=utf-8';
      res.writeHead(reply.status, headers);
      res.end(payload);
    };

    // DNS rebinding: a page on a name that resolves here is same-origin and needs no CORS, so the Host
    // header is checked before anything else, the body is not even read.
    const hostRefusal = hostPolicy.refusal(header(req.headers, 'host'));
    if (hostRefusal !== null) {
      entry = record(null);
      send(message(403, hostRefusalMessage(hostRefusal.hostname), { Connection: 'close' }), {});
      return;
    }

    const raw = await readBody(req);
    const body = raw === null ? null : parseBody(raw);
    entry = record(body?.kind === 'json' ? body.value : null);

    // A page on an origin SRS does not know gets nothing it could read: no CORS headers, no effect.
    if (origin !== null && !resolved.allowedOrigins.has(origin)) {
      send(message(403, `origin ${origin} is not allowed`), {});
      return;
    }
    const cors = origin === null ? {} : corsHeaders(origin);

    const routeMethods = control ? CONTROL_ROUTES[path] : SRS_ROUTES[path];
    if (method === 'OPTIONS') {
      if (routeMethods === undefined) {
        send(message(404, `no such endpoint: ${path}`), cors);
      } else if (origin === null) {
        send({ status: 204, headers: { Allow: [...routeMethods, 'OPTIONS'].join(', ') } }, cors);
      } else {
        const methods = control ? CONTROL_PREFLIGHT_METHODS : SRS_PREFLIGHT_METHODS;
        send({ status: 204 }, preflightHeaders(origin, methods, req.headers));
      }
      return;
    }
    if (body === null) {
      send(message(413, `body larger than ${MAX_BODY_BYTES} bytes`), cors);
      return;
    }
    const request: SimRequest = { method, path, headers: req.headers, body };
    if (control) {
      send(handleControlRequest(core, request), cors);
      return;
    }

    // Faults sit in front of the SRS endpoints only, after the origin check and never on preflights,
    // so a browser still reaches the faulted request.
    const fault = core.takeFault(path);
    if (entry !== null) entry.fault = fault?.kind ?? null;
    if (fault?.kind === 'down') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'error') {
      send(message(fault.status ?? 500, 'simulated failure'), cors);
      return;
    }
    if (fault?.kind === 'slow' && !(await delay(fault.delayMs))) return;
    send(handleSrsRequest(srsContext, request), cors);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const text = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `simulator error: ${text}` }));
    });
  };

  let certificate: string | undefined;
  let server: Server | HttpsServer;
  if (resolved.https) {
    const { cert, key } = await createCertificate(resolved.host);
    certificate = cert;
    server = createHttpsServer({ cert, key }, listener);
  } else {
    server = createHttpServer(listener);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator is not listening on TCP');
  hostPolicy.setBoundAddress(address.address);
  const port = address.port;
  const url = `${resolved.https ? 'https' : 'http'}://${urlHost(resolved.host)}:${port}`;

  let closing: Promise<void> | null = null;
  const simulator: SrsSimulator = {
    url,
    port,
    host: address.address,
    ...(certificate === undefined ? {} : { certificate }),
    get requests() {
      return core.requests();
    },
    sessions: () => core.sessions(),
    injectFault: (fault, faultOptions) => core.injectFault(fault, faultOptions),
    clearFault: () => core.clearFault(),
    loseDataCenter: (server) => core.loseDataCenter(server),
    restoreDataCenter: (server) => core.restoreDataCenter(server),
    expireSessions: () => core.expireSessions(),
    restart: () => core.restart(),
    clearRequests: () => core.clearRequests(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const cancel of [...pendingDelays]) cancel();
        server.close(() => resolve());
        // Keep-alive sockets (fetch keeps them open) would otherwise hold close() for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return simulator;
}

/** Read the whole body; null when it exceeds the limit (the rest is drained and dropped). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8');
}

/** The URL clients should use: wildcard binds are reached through loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}
