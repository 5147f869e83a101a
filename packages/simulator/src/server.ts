import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { isIPv6 } from 'node:net';
import { createCertificate } from './certificate';
import { CONTROL_ROUTES, handleControlRequest, isControlPath } from './control-routes';
import {
  CONTROL_PREFLIGHT_METHODS,
  corsHeaders,
  preflightHeaders,
  preflightRefusal,
  SRS_PREFLIGHT_METHODS,
} from './cors';
import { HostPolicy, hostRefusalMessage } from './host-check';
import type { ParsedBody, Reply, SimRequest } from './http';
import { csrfRequested, header, message, parseBasicAuth, parseBody, refuse } from './http';
import { resolveOptions } from './options';
import { formatRequestLine, type LineContext } from './request-line';
import { clipText, LOGGED_BODY_LIMIT } from './request-log';
import { handleSrsRequest, SRS_ROUTES } from './srs-routes';
import { SimulatorCore } from './state';
import type { RequestLogEntry, RequestRefusal, SimulatorOptions, SrsSimulator } from './types';

/**
 * Largest request body read, in bytes. SRS bodies are a few hundred bytes (a hot-seating login with many
 * DNs a few KiB); anything far larger is a client bug or an attack, answered 413 without being read.
 */
export const MAX_BODY_BYTES = 64 * 1024;
const TOO_LARGE: Reply = refuse(413, `body larger than ${MAX_BODY_BYTES} bytes`, {
  reason: 'body-too-large',
  detail: `over ${MAX_BODY_BYTES} bytes`,
});

/** Start a simulated SRS. Resolves once it listens; read the address back from `url` / `port`. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SrsSimulator> {
  const resolved = resolveOptions(options);
  const core = new SimulatorCore(resolved.now, resolved.sessionTimeoutMs);
  const srsContext = {
    core,
    agents: new Map(resolved.agents.map((agent) => [agent.username, agent.password])),
    places: resolved.places,
  };
  const hostPolicy = new HostPolicy(resolved.allowedHosts, resolved.host);
  const lineContext: LineContext = {
    allowedOrigins: [...resolved.allowedOrigins],
    allowedHosts: resolved.allowedHosts,
  };
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
    const at = resolved.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname;
    const origin = header(req.headers, 'origin');
    const control = isControlPath(path);

    // Made once the body is settled (read and small enough to keep, or left unread); the request log
    // keeps it unless it is a control call, and the log line is made from it once the answer is known.
    let entry: RequestLogEntry | null = null;
    const record = (body: LoggedBody): RequestLogEntry => {
      const logged: RequestLogEntry = {
        at,
        method,
        path: clipText(path),
        origin: origin === null ? null : clipText(origin),
        status: null,
        username: clipUsername(parseBasicAuth(header(req.headers, 'authorization'))?.username ?? null),
        csrfRequested: csrfRequested(req.headers),
        csrfTokenSent: header(req.headers, 'x-csrf-token') !== null,
        body: body.value,
        fault: null,
      };
      if (body.omitted !== undefined) logged.bodyOmitted = body.omitted;
      if (!control) core.record(logged);
      return logged;
    };

    const send = (reply: Reply, cors: Record<string, string>): void => {
      // The client may have gone away during a slow fault; then nothing was answered.
      if (res.destroyed || req.socket.destroyed) return;
      if (entry !== null) {
        entry.status = reply.status;
        if (reply.refusal !== undefined) entry.refusal = clipRefusal(reply.refusal);
      }
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
    // Answering before the body is read: closing the connection spares reading the rest of it.
    const refuseUnread = (reply: Reply, cors: Record<string, string>, omitted: LoggedBody['omitted']) => {
      const pending = hasBody(req);
      entry = record(pending ? { value: null, omitted } : NO_BODY);
      send(pending ? { ...reply, headers: { ...reply.headers, Connection: 'close' } } : reply, cors);
    };

    try {
      // DNS rebinding: a page on a name that resolves here is same-origin and needs no CORS, so the Host
      // header is checked before anything else.
      const hostRefusal = hostPolicy.refusal(header(req.headers, 'host'));
      if (hostRefusal !== null) {
        const { hostname } = hostRefusal;
        const reply = refuse(403, hostRefusalMessage(hostname), {
          reason: 'host-not-allowed',
          detail: hostname,
        });
        refuseUnread(reply, {}, 'refused');
        return;
      }

      // A page on an origin SRS does not know gets nothing it could read: no CORS headers, no effect.
      if (origin !== null && !resolved.allowedOrigins.has(origin)) {
        const reply = refuse(403, `origin ${origin} is not allowed`, { reason: 'origin-not-allowed' });
        refuseUnread(reply, {}, 'refused');
        return;
      }
      const cors = origin === null ? {} : corsHeaders(origin);

      if (declaredLength(req) > MAX_BODY_BYTES) {
        refuseUnread(TOO_LARGE, cors, 'too-large');
        return;
      }
      // Most requests (pings) have no body: no need to wait for the stream to end.
      const raw = hasBody(req) ? await readBody(req, MAX_BODY_BYTES) : NO_BYTES;
      if (raw === null) {
        refuseUnread(TOO_LARGE, cors, 'too-large');
        return;
      }
      const body = parseBody(raw.toString('utf8'));
      entry = record(loggedBody(body, raw.length));

      const routeMethods = control ? CONTROL_ROUTES[path] : SRS_ROUTES[path];
      if (method === 'OPTIONS') {
        if (routeMethods === undefined) {
          send(refuse(404, `no such endpoint: ${path}`, { reason: 'no-such-endpoint' }), cors);
        } else if (origin === null) {
          send({ status: 204, headers: { Allow: [...routeMethods, 'OPTIONS'].join(', ') } }, cors);
        } else {
          const methods = control ? CONTROL_PREFLIGHT_METHODS : SRS_PREFLIGHT_METHODS;
          // Answered all the same: the browser, not the simulator, refuses what the answer does not allow.
          const refusal = preflightRefusal(methods, req.headers);
          send({ status: 204, ...(refusal && { refusal }) }, preflightHeaders(origin, methods, req.headers));
        }
        return;
      }
      const request: SimRequest = { method, path, query: url.searchParams, headers: req.headers, body };
      if (control) {
        send(handleControlRequest(core, request), cors);
        return;
      }

      // Faults sit in front of the SRS endpoints only, after the origin check and never on preflights,
      // so a browser still reaches the faulted request.
      const fault = core.takeFault(path);
      entry.fault = fault?.kind ?? null;
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
    } catch (error) {
      // The listener answers 500 when it still can; the entry says so.
      if (entry !== null && !res.headersSent && !res.destroyed) {
        entry.status = 500;
        entry.refusal = clipRefusal({ reason: 'simulator-error', detail: errorText(error) });
      }
      throw error;
    } finally {
      if (entry !== null) settle(entry);
    }
  }

  /** The entry's answer is final: measure it again in the log and hand its line to `log`. */
  const settle = (entry: RequestLogEntry): void => {
    core.settle(entry);
    if (resolved.log === null) return;
    const line = formatRequestLine(entry, lineContext);
    if (line === null) return;
    try {
      resolved.log(line);
    } catch (error) {
      // A failing logger must not cost the client its connection; it is reported, once per line.
      process.emitWarning(`the simulator's log option threw: ${errorText(error)}`);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `simulator error: ${errorText(error)}` }));
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

interface LoggedBody {
  value: unknown;
  omitted?: RequestLogEntry['bodyOmitted'];
}

const NO_BODY: LoggedBody = { value: null };
const NO_BYTES = Buffer.alloc(0);

/** What the log keeps of a body that was read: the parsed JSON when it is small enough. */
function loggedBody(body: ParsedBody, bytes: number): LoggedBody {
  if (body.kind !== 'json') return NO_BODY;
  return bytes > LOGGED_BODY_LIMIT ? { value: null, omitted: 'too-large' } : { value: body.value };
}

function clipRefusal(refusal: RequestRefusal): RequestRefusal {
  return refusal.detail === undefined ? refusal : { ...refusal, detail: clipText(refusal.detail) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clipUsername(username: string | null): string | null {
  return username === null ? null : clipText(username);
}

function declaredLength(req: IncomingMessage): number {
  const length = header(req.headers, 'content-length');
  return length === null ? 0 : Number(length);
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || declaredLength(req) > 0;
}

/**
 * Read the whole body, or stop as soon as it passes `limit` and resolve null (the caller answers 413 and
 * closes the connection, so the rest is never read). Rejects when the client goes away mid-body.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        settle();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      settle();
      resolve(Buffer.concat(chunks));
    };
    const onClose = (): void => {
      settle();
      reject(new Error('the client closed the connection before the body ended'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onClose);
  });
}

/** The URL clients should use: wildcard binds are reached through loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}
