import { ManualClock } from '@screen-recording/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { buildLoginRequest, buildLogoutRequest, buildPingRequest } from '../src/protocol';
import { createFetchTransport } from '../src/transport';
import type { FetchFunction, Logger } from '../src/types';

const SRS = 'https://127.0.0.1:8443';
const SECRET = 'S3cr3t-Pässword!';
const TOKEN = 'csrf-7f3a9c1e-token';
const credentials = { username: 'alice', password: SECRET };
const BASIC = Buffer.from(`alice:${SECRET}`, 'utf8').toString('base64');

/** A clock that only moves when told to: setTimeout stores the callback, advance() fires what is due. */

/** Collects every log line with its details, to search them for secrets. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string; details?: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void => {
      lines.push(details === undefined ? { level, message } : { level, message, details });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines, text: () => JSON.stringify(lines) };
}

/** A response whose body reports whether it was read to its end or cancelled. */
function trackedResponse(
  status: number,
  options: { bytes?: number; ends?: boolean; declaredLength?: number } = {},
) {
  let cancelled = false;
  let delivered = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (delivered) {
        if (options.ends !== false) controller.close();
        return;
      }
      delivered = true;
      controller.enqueue(new Uint8Array(options.bytes ?? 16));
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    response: new Response(body, {
      status,
      headers:
        options.declaredLength === undefined ? {} : { 'Content-Length': String(options.declaredLength) },
    }),
    wasCancelled: () => cancelled,
    wasReadToEnd: () => delivered && !cancelled && options.ends !== false,
  };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(fetch: FetchFunction, requestTimeoutMs = 5_000) {
  const clock = new ManualClock();
  const log = recordingLogger();
  const fetchSpy = vi.fn(fetch);
  const transport = createFetchTransport({ fetch: fetchSpy, clock, requestTimeoutMs, logger: log.logger });
  return { clock, log, fetch: fetchSpy, transport };
}

describe('createFetchTransport', () => {
  it('calls fetch with the request and the safe fetch options', async () => {
    const { transport, fetch } = setup(async () => new Response(null, { status: 200 }));
    const request = buildLoginRequest(SRS, credentials, { server: 'https://rws' }, { csrf: true });
    await transport.send(request);

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://127.0.0.1:8443/api/v2/me');
    expect(init).toMatchObject({
      method: 'POST',
      headers: request.headers,
      body: request.body,
      mode: 'cors',
      credentials: 'omit',
      cache: 'default',
      redirect: 'manual',
    });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    expect(init?.signal?.aborted).toBe(false);
  });

  it('sends no body on a ping', async () => {
    const { transport, fetch } = setup(async () => new Response(null, { status: 200 }));
    await transport.send(buildPingRequest(SRS, credentials));
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.method).toBe('GET');
    expect(init).not.toHaveProperty('body');
  });

  it('classifies the answer and reads the CSRF token', async () => {
    const { transport } = setup(
      async () => new Response(null, { status: 200, headers: { 'X-CSRF-Token': TOKEN } }),
    );
    const outcome = await transport.send(
      buildLoginRequest(SRS, credentials, { server: 'https://rws' }, { csrf: true }),
    );
    expect(outcome).toEqual({ kind: 'ok', status: 200, csrfToken: TOKEN });
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'rejected'],
  ])('reports %i as %s', async (status, kind) => {
    const { transport } = setup(async () => new Response(null, { status }));
    expect(await transport.send(buildPingRequest(SRS, credentials))).toEqual({ kind, status });
  });

  it('reports 503 as server-error, with its Retry-After', async () => {
    const { transport } = setup(
      async () => new Response(null, { status: 503, headers: { 'Retry-After': '3' } }),
    );
    expect(await transport.send(buildPingRequest(SRS, credentials))).toEqual({
      kind: 'server-error',
      status: 503,
      retryAfterMs: 3_000,
    });
  });

  it('clears the timeout when the answer arrives', async () => {
    const { transport, clock } = setup(async () => new Response(null, { status: 200 }));
    await transport.send(buildPingRequest(SRS, credentials));
    expect(clock.pendingTimers).toBe(0);
  });

  it('reads the body of the answer to its end rather than cancelling it (a cancelled body shows as a failed request)', async () => {
    const tracked = trackedResponse(200);
    const { transport } = setup(async () => tracked.response);
    expect(await transport.send(buildPingRequest(SRS, credentials))).toMatchObject({ kind: 'ok' });
    expect(tracked.wasCancelled()).toBe(false);
    expect(tracked.wasReadToEnd()).toBe(true);
  });

  it('reads a body of declared length to its end too', async () => {
    const tracked = trackedResponse(200, { bytes: 16, declaredLength: 16 });
    const { transport } = setup(async () => tracked.response);
    expect(await transport.send(buildPingRequest(SRS, credentials))).toMatchObject({ kind: 'ok' });
    expect(tracked.wasCancelled()).toBe(false);
    expect(tracked.wasReadToEnd()).toBe(true);
  });

  it('reads the body of an error answer too', async () => {
    const tracked = trackedResponse(500);
    const { transport } = setup(async () => tracked.response);
    expect(await transport.send(buildPingRequest(SRS, credentials))).toEqual({
      kind: 'server-error',
      status: 500,
      retryAfterMs: null,
    });
    expect(tracked.wasCancelled()).toBe(false);
  });

  it('cancels a body far larger than SRS ever sends, unread', async () => {
    const tracked = trackedResponse(200, { bytes: 10 * 1024 * 1024, ends: false });
    const { transport } = setup(async () => tracked.response);
    expect(await transport.send(buildPingRequest(SRS, credentials))).toMatchObject({ kind: 'ok' });
    expect(tracked.wasCancelled()).toBe(true);
  });

  it('cancels a body that declares a length far larger than SRS ever sends, unread', async () => {
    const tracked = trackedResponse(200, { bytes: 16, ends: false, declaredLength: 10 * 1024 * 1024 });
    const { transport } = setup(async () => tracked.response);
    expect(await transport.send(buildPingRequest(SRS, credentials))).toMatchObject({ kind: 'ok' });
    expect(tracked.wasCancelled()).toBe(true);
  });

  it('bounds the whole exchange, body included, by requestTimeoutMs', async () => {
    const tracked = trackedResponse(200, { ends: false });
    const { transport, clock } = setup(async () => tracked.response, 3_000);
    let outcome: unknown;
    void transport.send(buildPingRequest(SRS, credentials)).then((value) => {
      outcome = value;
    });
    await settle();
    expect(outcome).toBeUndefined();
    await clock.advance(3_000);
    await settle();
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('gives up after requestTimeoutMs on the clock and aborts the fetch', async () => {
    let signal: AbortSignal | undefined;
    const { transport, clock } = setup((_url, init) => {
      signal = init.signal ?? undefined;
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }, 3_000);

    let outcome: unknown;
    const sent = transport.send(buildPingRequest(SRS, credentials)).then((value) => {
      outcome = value;
    });
    await settle();
    await clock.advance(2_999);
    await settle();
    expect(outcome).toBeUndefined();
    expect(signal?.aborted).toBe(false);

    await clock.advance(1);
    await sent;
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('times out even when fetch ignores the abort signal, and frees a late answer', async () => {
    const tracked = trackedResponse(200);
    let answer: (response: Response) => void = () => {};
    const { transport, clock } = setup(
      () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    );
    const sent = transport.send(buildPingRequest(SRS, credentials));
    await settle();
    await clock.advance(5_000);
    expect(await sent).toEqual({ kind: 'unavailable', reason: 'timeout' });

    answer(tracked.response);
    await settle();
    // Read to its end, so its connection is released (and reusable).
    expect(tracked.wasReadToEnd()).toBe(true);
  });

  it('reports a rejected fetch (network failure, CORS refusal) as unavailable', async () => {
    const { transport, clock } = setup(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await transport.send(buildPingRequest(SRS, credentials))).toEqual({
      kind: 'unavailable',
      reason: 'network',
    });
    expect(clock.pendingTimers).toBe(0);
  });

  it('never rejects, even when fetch throws synchronously', async () => {
    const { transport } = setup(() => {
      throw new Error('boom');
    });
    await expect(transport.send(buildPingRequest(SRS, credentials))).resolves.toEqual({
      kind: 'unavailable',
      reason: 'network',
    });
  });

  it('is not broken by a logger that throws', async () => {
    const transport = createFetchTransport({
      fetch: async () => new Response(null, { status: 200 }),
      clock: new ManualClock(),
      requestTimeoutMs: 5_000,
      logger: {
        debug: () => {
          throw new Error('logger down');
        },
        info() {},
        warn() {},
        error() {},
      },
    });
    expect(await transport.send(buildPingRequest(SRS, credentials))).toEqual({
      kind: 'ok',
      status: 200,
      csrfToken: null,
    });
  });

  it('works without a logger', async () => {
    const transport = createFetchTransport({
      fetch: async () => new Response(null, { status: 204 }),
      clock: new ManualClock(),
      requestTimeoutMs: 5_000,
    });
    expect(await transport.send(buildPingRequest(SRS, credentials))).toEqual({
      kind: 'ok',
      status: 204,
      csrfToken: null,
    });
  });

  describe('logging', () => {
    it('logs one debug line per request with operation, method, path, status and duration', async () => {
      const { transport, clock, log } = setup(async () => {
        await clock.advance(12);
        return new Response(null, { status: 200 });
      });
      await transport.send(buildPingRequest(SRS, credentials));
      expect(log.lines).toEqual([
        {
          level: 'debug',
          message: 'SRS ping: GET /ping → 200 ok in 12 ms',
          details: {
            operation: 'ping',
            method: 'GET',
            path: '/ping',
            outcome: 'ok',
            status: 200,
            durationMs: 12,
          },
        },
      ]);
    });

    it('logs a timeout with its reason', async () => {
      const { transport, clock, log } = setup(() => new Promise<Response>(() => {}), 4_000);
      const sent = transport.send(buildPingRequest(SRS, credentials));
      await settle();
      await clock.advance(4_000);
      await sent;
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]?.message).toBe('SRS ping: GET /ping → unavailable (timeout) in 4000 ms');
    });

    it('logs a failed fetch by the error name only, never its message', async () => {
      const { transport, log } = setup(async () => {
        throw new TypeError(`fetch failed for https://alice:${SECRET}@127.0.0.1:8443/ping`);
      });
      await transport.send(buildPingRequest(SRS, credentials));
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]?.details).toMatchObject({
        outcome: 'unavailable',
        reason: 'network',
        error: 'TypeError',
      });
      expect(log.text()).not.toContain(SECRET);
      expect(log.text()).not.toContain('fetch failed');
    });

    it('never logs credentials, the Authorization header, tokens or bodies', async () => {
      const { transport, log } = setup(
        async () => new Response('{"secret":"body"}', { status: 200, headers: { 'X-CSRF-Token': TOKEN } }),
      );
      await transport.send(
        buildLoginRequest(SRS, credentials, { server: 'https://rws.dc1', place: 'p' }, { csrf: true }),
      );
      await transport.send(buildPingRequest(SRS, credentials));
      await transport.send(buildLogoutRequest(SRS, credentials, TOKEN));
      expect(log.lines).toHaveLength(3);
      expect(log.lines.every((line) => line.level === 'debug')).toBe(true);
      const text = log.text();
      for (const secret of [
        SECRET,
        BASIC,
        TOKEN,
        'Authorization',
        'EndContactCenterSession',
        'rws.dc1',
        'secret',
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(log.lines.map((line) => line.message)).toEqual([
        'SRS login: POST /api/v2/me → 200 ok in 0 ms',
        'SRS ping: GET /ping → 200 ok in 0 ms',
        'SRS logout: POST /api/v2/me → 200 ok in 0 ms',
      ]);
    });
  });
});

describe('cancellation by the caller', () => {
  it('aborts the fetch, clears the timer and resolves at once when the signal aborts', async () => {
    let fetchSignal: AbortSignal | undefined;
    const { transport, clock, log } = setup((_url, init) => {
      fetchSignal = init.signal ?? undefined;
      return new Promise<Response>(() => {});
    });
    const caller = new AbortController();
    const sent = transport.send(buildPingRequest(SRS, credentials), caller.signal);
    await settle();
    expect(clock.pendingTimers).toBe(1);

    caller.abort();
    expect(await sent).toEqual({ kind: 'unavailable', reason: 'network' });
    expect(fetchSignal?.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    expect(log.lines[0]?.message).toBe('SRS ping: GET /ping → unavailable (network) (cancelled) in 0 ms');
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { transport, fetch, clock } = setup(async () => new Response(null, { status: 200 }));
    const caller = new AbortController();
    caller.abort();
    expect(await transport.send(buildPingRequest(SRS, credentials), caller.signal)).toEqual({
      kind: 'unavailable',
      reason: 'network',
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops listening to the signal once the answer is in', async () => {
    const caller = new AbortController();
    const removed = vi.spyOn(caller.signal, 'removeEventListener');
    const { transport } = setup(async () => new Response(null, { status: 200 }));
    await transport.send(buildPingRequest(SRS, credentials), caller.signal);
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});
