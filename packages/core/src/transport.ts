import { monotonicReader } from './clock';
import { classifyResponse, type SrsOutcome, type SrsRequest } from './protocol';
import type { Clock, FetchFunction, Logger } from './types';

/** Sends one request to SRS and says what came of it. Never rejects: a missing answer is an outcome too. */
export interface SrsTransport {
  /**
   * @param signal Lets the caller abandon the request (a stopped actor, a disposed session): the fetch is
   * aborted, the timeout timer cleared, and the promise resolves at once with `unavailable` (`network`),
   * which the caller, having given up, ignores.
   */
  send(request: SrsRequest, signal?: AbortSignal): Promise<SrsOutcome>;
}

const NETWORK: SrsOutcome = { kind: 'unavailable', reason: 'network' };
const TIMEOUT: SrsOutcome = { kind: 'unavailable', reason: 'timeout' };

/**
 * The one HTTP transport: `fetch` with a timeout driven by the session's clock (so fake clocks drive it too).
 * Cross-origin without cookies (credentials travel in the Authorization header), never redirected:
 * SRS does not redirect, and following one could carry the Authorization header elsewhere.
 */
export function createFetchTransport(options: {
  fetch: FetchFunction;
  clock: Clock;
  requestTimeoutMs: number;
  logger?: Logger;
}): SrsTransport {
  const { fetch, clock, requestTimeoutMs, logger } = options;
  const monotonicNow = monotonicReader(clock);

  const log = (request: SrsRequest, startedAt: number, outcome: SrsOutcome, note?: string) =>
    logExchange(logger, request, Math.round(monotonicNow() - startedAt), outcome, note);

  return {
    async send(request, signal) {
      const startedAt = monotonicNow();
      if (signal?.aborted) {
        log(request, startedAt, NETWORK, 'cancelled');
        return NETWORK;
      }
      const controller = new AbortController();
      let timer: unknown;
      let onCancel: (() => void) | undefined;
      // One deadline for the whole exchange, answer and body; it settles even if a fetch stand-in
      // ignores the abort signal.
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = clock.setTimeout(() => {
          resolve('timeout');
          controller.abort();
        }, requestTimeoutMs);
      });
      const cancelled = new Promise<'cancelled'>((resolve) => {
        if (!signal) return;
        onCancel = () => {
          resolve('cancelled');
          controller.abort();
        };
        signal.addEventListener('abort', onCancel, { once: true });
      });
      const finish = () => {
        clock.clearTimeout(timer);
        if (onCancel) signal?.removeEventListener('abort', onCancel);
      };
      const gaveUp = (reason: 'timeout' | 'cancelled') => {
        finish();
        const outcome = reason === 'timeout' ? TIMEOUT : NETWORK;
        log(request, startedAt, outcome, reason === 'cancelled' ? 'cancelled' : undefined);
        return outcome;
      };

      let pending: Promise<Response>;
      try {
        const init = requestInit(request, controller.signal);
        pending = Promise.resolve(fetch(request.url, init));
      } catch (error) {
        pending = Promise.reject(error);
      }

      try {
        const response = await Promise.race([pending, timedOut, cancelled]);
        if (response === 'timeout' || response === 'cancelled') {
          // An answer that still arrives after we gave up is dropped, but its socket is freed.
          pending.then(
            (late) => void readBounded(late),
            () => {},
          );
          return gaveUp(response);
        }
        const outcome = classifyResponse(response, clock.now());
        // Read the (small) body rather than cancel it: a cancelled body shows in DevTools and browser
        // monitoring as a failed request, and a read one lets the connection be reused.
        const read = await Promise.race([readBounded(response), timedOut, cancelled]);
        if (read === 'timeout' || read === 'cancelled') return gaveUp(read);
        finish();
        log(request, startedAt, outcome);
        return outcome;
      } catch (error) {
        finish();
        // A rejected fetch is all a browser tells about a CORS refusal, a closed port or a bad certificate.
        // Its message may quote the URL, so only its name is logged.
        const outcome = controller.signal.aborted && !signal?.aborted ? TIMEOUT : NETWORK;
        log(request, startedAt, outcome, errorNameOf(error));
        return outcome;
      }
    },
  };
}

/** One debug line per exchange: only the operation, method, path, result and timing (headers, bodies and URLs may hold secrets). */
function logExchange(
  logger: Logger | undefined,
  request: SrsRequest,
  durationMs: number,
  outcome: SrsOutcome,
  note?: string,
): void {
  if (!logger) return;
  const path = pathOf(request.url);
  const result =
    outcome.kind === 'unavailable' ? `unavailable (${outcome.reason})` : `${outcome.status} ${outcome.kind}`;
  const details: Record<string, unknown> = {
    operation: request.operation,
    method: request.method,
    path,
    outcome: outcome.kind,
    durationMs,
  };
  if (outcome.kind === 'unavailable') details.reason = outcome.reason;
  else details.status = outcome.status;
  if (note === 'cancelled') details.cancelled = true;
  else if (note !== undefined) details.error = note;
  const suffix = note === 'cancelled' ? ' (cancelled)' : '';
  try {
    logger.debug(
      `SRS ${request.operation}: ${request.method} ${path} → ${result}${suffix} in ${durationMs} ms`,
      details,
    );
  } catch {
    // A broken logger must not turn an answer from SRS into a failure.
  }
}

/** The `fetch` options of a request to SRS. */
function requestInit(request: SrsRequest, signal: AbortSignal): RequestInit {
  const init: RequestInit = {
    method: request.method,
    headers: { ...request.headers },
    mode: 'cors',
    credentials: 'omit',
    // The default mode: any other ('no-store', 'no-cache', 'reload') makes Chromium skip its CORS
    // preflight cache (measured), doubling every request and leaving the tab-close logout to a
    // preflight the closing page may not live to see. A POST is never cached, and a browser caches a
    // GET only when the answer says it may, which a keep-alive endpoint does not.
    cache: 'default',
    // Never followed (it could carry the Authorization header elsewhere); reported instead.
    redirect: 'manual',
  };
  if (request.body !== undefined) init.body = request.body;
  // A request that must outlive the page carries no signal: a signal of a page being torn down
  // could end it with the page (measured in Chromium: sometimes only its preflight arrived).
  if (request.keepalive) init.keepalive = true;
  else init.signal = signal;
  return init;
}

/** SRS's answers are a few bytes; anything past this is not SRS talking, and is cancelled unread. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads and drops a response body of up to `MAX_BODY_BYTES`; cancels a longer one. Never throws.
 * A body of declared length is read whole: read through a stream reader, about one `no-store` answer
 * in three showed as cancelled (net::ERR_ABORTED) though every byte was read; read whole, none
 * (measured in Chromium 156).
 */
async function readBounded(response: Response): Promise<void> {
  if (!response.body || response.bodyUsed) return;
  try {
    const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
    if (declared <= MAX_BODY_BYTES) {
      await response.arrayBuffer();
      return;
    }
    if (declared > MAX_BODY_BYTES) {
      await response.body.cancel();
      return;
    }
    // No length given (a chunked answer): read in pieces, and stop past the bound.
    const reader = response.body.getReader();
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      received += value.byteLength;
      if (received > MAX_BODY_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The connection broke mid-body, or the exchange was aborted: nothing left to release.
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(unparsable URL)';
  }
}

function errorNameOf(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
