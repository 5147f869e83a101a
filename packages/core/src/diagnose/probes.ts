import { monotonicReader } from '../clock';
import type { DiagnosisContext } from './context';

/**
 * The requests the checks send to SRS on their own: never with credentials, never with cookies, never
 * followed when redirected. A probe never throws: no answer is an outcome too.
 */
export type ProbeOutcome =
  | {
      kind: 'answered';
      /** 0 for an opaque answer (a `no-cors` probe), whose status the page may not read. */
      status: number;
      /** `basic`, `cors`, `opaque` or `opaqueredirect`, as the browser typed the answer. */
      type: string;
      headers: Headers;
      elapsedMs: number;
    }
  | {
      kind: 'failed';
      /** The error's name (`TypeError`): all a browser tells about a refused connection or CORS refusal. */
      error: string;
      /** Node's reason (`ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`…); null in browsers. */
      code: string | null;
      elapsedMs: number;
    }
  | { kind: 'timeout'; elapsedMs: number };

export interface Probe {
  method: 'GET' | 'POST' | 'OPTIONS';
  path: string;
  mode?: RequestMode;
  headers?: Record<string, string>;
  body?: string;
}

/** How a probe is written in the evidence: `GET /ping (no-cors)`. */
export function describeProbe(probe: Probe): string {
  return `${probe.method} ${probe.path}${probe.mode && probe.mode !== 'cors' ? ` (${probe.mode})` : ''}`;
}

export async function send(context: DiagnosisContext, srsUrl: string, probe: Probe): Promise<ProbeOutcome> {
  const monotonicNow = monotonicReader(context.clock);
  const startedAt = monotonicNow();
  const elapsed = () => Math.round(monotonicNow() - startedAt);
  const controller = new AbortController();
  let timer: unknown;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = context.clock.setTimeout(() => {
      resolve('timeout');
      controller.abort();
    }, context.timeoutMs);
  });
  const init: RequestInit = {
    method: probe.method,
    mode: probe.mode ?? 'cors',
    credentials: 'omit',
    // Never followed, but a browser refuses `manual` in `no-cors` mode; no-cors answers stay unread, and carry no credentials.
    redirect: probe.mode === 'no-cors' ? 'follow' : 'manual',
    cache: 'no-store',
    signal: controller.signal,
  };
  if (probe.headers) init.headers = probe.headers;
  if (probe.body !== undefined) init.body = probe.body;
  try {
    const answer = await Promise.race([
      Promise.resolve().then(() => context.fetch(`${srsUrl}${probe.path}`, init)),
      timedOut,
    ]);
    if (answer === 'timeout') return { kind: 'timeout', elapsedMs: elapsed() };
    const outcome: ProbeOutcome = {
      kind: 'answered',
      status: answer.status,
      type: answer.type,
      headers: answer.headers,
      elapsedMs: elapsed(),
    };
    // Read and dropped, so the connection is freed; SRS's answers are a few bytes.
    await Promise.race([answer.arrayBuffer().catch(() => undefined), timedOut]);
    return outcome;
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'timeout', elapsedMs: elapsed() };
    return { kind: 'failed', error: nameOf(error), code: codeOf(error), elapsedMs: elapsed() };
  } finally {
    context.clock.clearTimeout(timer);
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Node's fetch names the reason in `cause.code` (or `cause.message`, for a port it will not call). */
function codeOf(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' && cause.message.length <= 60 ? cause.message : null;
}

/** What a failed probe's Node code means, in words; null for an unknown code (or none, in browsers). */
export function explainFailure(code: string | null): string | null {
  if (code === null) return null;
  if (code === 'ECONNREFUSED') return 'the connection was refused: nothing listens on that port';
  if (code === 'ECONNRESET') return 'the connection was reset before an answer';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return 'srsUrl says https: but the port speaks plain HTTP';
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `SRS's certificate is not trusted here (${code})`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  return null;
}

/**
 * Whether this page can start a Worker from a `blob:` URL, as `createWorkerClock()` does: false when the
 * page's Content Security Policy (`worker-src`) or the browser refuses; null where there is no Worker.
 */
export async function blobWorkerStarts(context: DiagnosisContext): Promise<boolean | null> {
  if (
    typeof Worker !== 'function' ||
    typeof Blob !== 'function' ||
    typeof URL.createObjectURL !== 'function'
  ) {
    return null;
  }
  let worker: Worker;
  let url: string | null = null;
  try {
    url = URL.createObjectURL(new Blob(["postMessage('ready')"], { type: 'text/javascript' }));
    worker = new Worker(url, { name: 'screen-recording-check' });
  } catch {
    return false;
  } finally {
    if (url !== null) URL.revokeObjectURL(url);
  }
  let timer: unknown;
  const started = await new Promise<boolean>((resolve) => {
    timer = context.clock.setTimeout(() => resolve(false), Math.min(context.timeoutMs, 2_000));
    worker.addEventListener('message', () => resolve(true));
    worker.addEventListener('error', () => resolve(false));
  });
  context.clock.clearTimeout(timer);
  worker.terminate();
  return started;
}
