import { afterEach, describe, expect, it, vi } from 'vitest';
import { SrsConfigurationError } from '../src/errors';
import { DEFAULT_OPTIONS, resolveOptions, validateLoginParams, validatePlaceParams } from '../src/options';
import type { LoginParams, PlaceParams, ScreenRecordingOptions } from '../src/types';

const SECRET = 'S3cr3t-Pässword!';

/** Runs `action`, expects an SrsConfigurationError and returns it for closer checks. */
function configurationError(action: () => unknown): SrsConfigurationError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SrsConfigurationError);
    return error as SrsConfigurationError;
  }
  throw new Error('expected an SrsConfigurationError, nothing was thrown');
}

function expectFieldError(
  action: () => unknown,
  field: string,
  message: RegExp | string,
): SrsConfigurationError {
  const error = configurationError(action);
  expect(error.field).toBe(field);
  expect(error.code).toBe('configuration');
  expect(error.message.startsWith(`${field}: `)).toBe(true);
  if (typeof message === 'string') expect(error.message).toContain(message);
  else expect(error.message).toMatch(message);
  return error;
}

// Takes loose values on purpose: most cases pass what the types forbid, as JavaScript callers can.
const resolve = (options: Record<string, unknown>) => () =>
  resolveOptions({ srsUrl: 'http://127.0.0.1:8080', ...options } as ScreenRecordingOptions);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DEFAULT_OPTIONS', () => {
  it("uses the API guide's figures: poll every 30 s against SRS's 60 s timeout", () => {
    expect(DEFAULT_OPTIONS).toEqual({
      pingIntervalMs: 30_000,
      sessionTimeoutMs: 60_000,
      csrf: true,
      requestTimeoutMs: 20_000,
      retryDelayMs: 2_000,
      maxConsecutiveFailures: 3,
      selfHealIntervalMs: 30_000,
    });
  });
});

describe('resolveOptions', () => {
  it('fills in every default when only srsUrl is given', () => {
    expect(resolveOptions({ srsUrl: 'https://127.0.0.1:8443' })).toEqual({
      srsUrl: 'https://127.0.0.1:8443',
      ...DEFAULT_OPTIONS,
    });
  });

  it('keeps the values it is given', () => {
    const resolved = resolveOptions({
      srsUrl: 'http://localhost:8080',
      pingIntervalMs: 20_000,
      sessionTimeoutMs: 120_000,
      csrf: false,
      requestTimeoutMs: 3_000,
      retryDelayMs: 1_000,
      maxConsecutiveFailures: 1,
      selfHealIntervalMs: false,
      fetch: async () => new Response(null),
      clock: { now: () => 0, setTimeout: () => 1, clearTimeout: () => {} },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      inspect: () => {},
    });
    expect(resolved).toEqual({
      srsUrl: 'http://localhost:8080',
      pingIntervalMs: 20_000,
      sessionTimeoutMs: 120_000,
      csrf: false,
      requestTimeoutMs: 3_000,
      retryDelayMs: 1_000,
      maxConsecutiveFailures: 1,
      selfHealIntervalMs: null,
    });
  });

  it('normalizes srsUrl without a trailing slash', () => {
    expect(resolveOptions({ srsUrl: 'https://127.0.0.1:8443/' }).srsUrl).toBe('https://127.0.0.1:8443');
    expect(resolveOptions({ srsUrl: 'HTTP://LOCALHOST:80/' }).srsUrl).toBe('http://localhost');
  });

  it('refuses an srsUrl with a path, since SRS answers at its root', () => {
    expect(() => resolveOptions({ srsUrl: 'https://127.0.0.1:8443/srs' })).toThrow(
      /srsUrl: must be scheme, host and port only, with no path/,
    );
  });

  it('quotes at most a bounded part of a huge srsUrl', () => {
    const huge = `http://${'a'.repeat(1_000_000)}.example.com`;
    let message = '';
    try {
      resolveOptions({ srsUrl: huge });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^srsUrl: must be on this machine/);
    expect(message.length).toBeLessThan(400);
  });

  it('fits the timings the application did not set into the room a longer interval leaves', () => {
    // Only the interval changed: the derived request timeout and retry delay must fit, not fail.
    const resolved = resolveOptions({ srsUrl: 'http://127.0.0.1:4100', pingIntervalMs: 50_000 });
    expect(resolved.pingIntervalMs + resolved.requestTimeoutMs + resolved.retryDelayMs).toBeLessThanOrEqual(
      resolved.sessionTimeoutMs,
    );
    expect(resolved).toMatchObject({ retryDelayMs: 1_000, requestTimeoutMs: 6_666 });
    const shorter = resolveOptions({ srsUrl: 'http://127.0.0.1:4100', sessionTimeoutMs: 40_000 });
    expect(shorter).toMatchObject({ retryDelayMs: 1_000, requestTimeoutMs: 6_666 });
  });

  it('names the field once in its messages', () => {
    expect(() =>
      resolveOptions({ srsUrl: 'http://127.0.0.1:4100', pingIntervalMs: 70_000, requestTimeoutMs: 5_000 }),
    ).toThrow(/^pingIntervalMs: leaves no room/);
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://127.1.2.3:8080',
    'http://127.255.255.254',
    'http://localhost:8080',
    'http://[::1]:8080',
    'http://[0:0:0:0:0:0:0:1]:8080',
  ])('accepts the loopback address %s', (srsUrl) => {
    expect(() => resolveOptions({ srsUrl })).not.toThrow();
  });

  it('rejects options that are not an object', () => {
    expectFieldError(
      () => resolveOptions(undefined as unknown as ScreenRecordingOptions),
      'options',
      'undefined',
    );
    expectFieldError(
      () => resolveOptions('http://127.0.0.1' as unknown as ScreenRecordingOptions),
      'options',
      'string',
    );
  });

  describe('srsUrl', () => {
    it('must be given', () => {
      expectFieldError(resolve({ srsUrl: undefined }), 'srsUrl', /absolute http\(s\) URL.*got undefined/);
    });

    it('must be absolute', () => {
      expectFieldError(resolve({ srsUrl: '127.0.0.1:8443' }), 'srsUrl', 'got "127.0.0.1:8443"');
      expectFieldError(resolve({ srsUrl: '/srs' }), 'srsUrl', 'absolute');
    });

    it('must be http or https', () => {
      expectFieldError(
        resolve({ srsUrl: 'ws://127.0.0.1:8443' }),
        'srsUrl',
        /must use http: or https:.*ws:\/\//,
      );
    });

    it('must not carry credentials, and the message does not repeat them', () => {
      const error = expectFieldError(
        resolve({ srsUrl: `https://agent:${SECRET}@127.0.0.1:8443` }),
        'srsUrl',
        'must not contain a user name or password',
      );
      expect(error.message).not.toContain(SECRET);
      expect(error.message).toContain('***@127.0.0.1:8443');
    });

    it('masks credentials even when the URL does not parse', () => {
      const error = configurationError(resolve({ srsUrl: `agent:${SECRET}@127.0.0.1:8443` }));
      expect(error.field).toBe('srsUrl');
      expect(error.message).not.toContain(SECRET);
    });

    it('must not have a query or a fragment', () => {
      expectFieldError(resolve({ srsUrl: 'https://127.0.0.1:8443/?x=1' }), 'srsUrl', 'query or fragment');
      expectFieldError(resolve({ srsUrl: 'https://127.0.0.1:8443/#top' }), 'srsUrl', 'query or fragment');
      expectFieldError(resolve({ srsUrl: 'https://127.0.0.1:8443/?' }), 'srsUrl', 'query or fragment');
    });

    it('must be on this machine unless allowRemoteSrs', () => {
      const error = expectFieldError(resolve({ srsUrl: 'http://10.1.2.3:8080' }), 'srsUrl', 'allowRemoteSrs');
      expect(error.message).toBe(
        'srsUrl: must be on this machine (127.0.0.1, localhost or [::1]), where SRS runs; got host "10.1.2.3". Set allowRemoteSrs to allow another host.',
      );
      expectFieldError(resolve({ srsUrl: 'http://srs.localhost:8080' }), 'srsUrl', 'on this machine');
      expectFieldError(resolve({ srsUrl: 'http://128.0.0.1:8080' }), 'srsUrl', 'on this machine');
    });

    it('may be another host with allowRemoteSrs', () => {
      expect(resolveOptions({ srsUrl: 'http://10.1.2.3:8080/', allowRemoteSrs: true }).srsUrl).toBe(
        'http://10.1.2.3:8080',
      );
    });
  });

  describe('scheme rule (the API guide: HTTP → HTTP, HTTPS → HTTPS)', () => {
    it('rejects an http SRS from an https page given as pageUrl', () => {
      expectFieldError(
        resolve({ srsUrl: 'http://127.0.0.1:8080', pageUrl: 'https://desktop.example.com/agent' }),
        'srsUrl',
        /uses http: but the page is served over https:.*allowSchemeMismatch/,
      );
    });

    it('rejects an https SRS from an http page', () => {
      expectFieldError(
        resolve({ srsUrl: 'https://127.0.0.1:8443', pageUrl: 'http://desktop.example.com/' }),
        'srsUrl',
        'served over http:',
      );
    });

    it('accepts matching schemes', () => {
      expect(() =>
        resolveOptions({ srsUrl: 'https://127.0.0.1:8443', pageUrl: 'https://desktop.example.com/' }),
      ).not.toThrow();
    });

    it('reads the page from globalThis.location when pageUrl is not given', () => {
      vi.stubGlobal('location', { href: 'https://desktop.example.com/' });
      expectFieldError(resolve({ srsUrl: 'http://127.0.0.1:8080' }), 'srsUrl', 'served over https:');
      expect(() => resolveOptions({ srsUrl: 'https://127.0.0.1:8443' })).not.toThrow();
    });

    it('prefers pageUrl over globalThis.location', () => {
      vi.stubGlobal('location', { href: 'https://desktop.example.com/' });
      expect(() =>
        resolveOptions({ srsUrl: 'http://127.0.0.1:8080', pageUrl: 'http://desktop.example.com/' }),
      ).not.toThrow();
    });

    it('is skipped where there is no page (Node)', () => {
      expect(globalThis.location).toBeUndefined();
      expect(() => resolveOptions({ srsUrl: 'https://127.0.0.1:8443' })).not.toThrow();
      expect(() => resolveOptions({ srsUrl: 'http://127.0.0.1:8080' })).not.toThrow();
    });

    it('is skipped with allowSchemeMismatch', () => {
      expect(() =>
        resolveOptions({
          srsUrl: 'http://127.0.0.1:8080',
          pageUrl: 'https://desktop.example.com/',
          allowSchemeMismatch: true,
        }),
      ).not.toThrow();
    });

    it('does not apply to pages that are not http(s), such as file:', () => {
      expect(() =>
        resolveOptions({ srsUrl: 'http://127.0.0.1:8080', pageUrl: 'file:///C:/desk/index.html' }),
      ).not.toThrow();
    });

    it('needs pageUrl to be an absolute URL', () => {
      expectFieldError(resolve({ pageUrl: 'desktop.example.com' }), 'pageUrl', 'absolute URL');
    });
  });

  describe('numbers', () => {
    it.each([
      'pingIntervalMs',
      'sessionTimeoutMs',
      'requestTimeoutMs',
      'retryDelayMs',
      'maxConsecutiveFailures',
    ])('%s must be a positive whole number', (name) => {
      for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1000']) {
        expectFieldError(resolve({ [name]: value }), name, 'at least 1');
      }
    });

    it('refuses delays longer than timers accept', () => {
      expectFieldError(resolve({ sessionTimeoutMs: 2 ** 31 }), 'sessionTimeoutMs', 'at most 2147483647');
    });

    it('accepts maxConsecutiveFailures of 1', () => {
      expect(
        resolveOptions({ srsUrl: 'http://127.0.0.1', maxConsecutiveFailures: 1 }).maxConsecutiveFailures,
      ).toBe(1);
    });

    it('refuses a polling interval that leaves no room for a failed poll and its retry', () => {
      const error = expectFieldError(
        resolve({ pingIntervalMs: 55_000, requestTimeoutMs: 5_000 }),
        'pingIntervalMs',
        '55000',
      );
      expect(error.message).toBe(
        'pingIntervalMs: leaves no room for a failed poll and its retry before SRS drops the session: pingIntervalMs (55000) + requestTimeoutMs (5000) + retryDelayMs (500) must be at most sessionTimeoutMs (60000); pingIntervalMs may be at most 54500 with these values.',
      );
    });

    it('accepts the largest interval that still leaves room', () => {
      const given = { requestTimeoutMs: 20_000, retryDelayMs: 2_000 };
      expect(() =>
        resolveOptions({ srsUrl: 'http://127.0.0.1', pingIntervalMs: 38_000, ...given }),
      ).not.toThrow();
      expectFieldError(resolve({ pingIntervalMs: 38_001, ...given }), 'pingIntervalMs', 'at most 38000');
    });

    it('blames the option that was changed when the interval kept its default', () => {
      expectFieldError(
        resolve({ sessionTimeoutMs: 40_000, requestTimeoutMs: 20_000 }),
        'sessionTimeoutMs',
        'sessionTimeoutMs (40000)',
      );
      expectFieldError(resolve({ requestTimeoutMs: 29_000 }), 'requestTimeoutMs', 'requestTimeoutMs (29000)');
    });

    it('says when no interval fits at all', () => {
      expectFieldError(
        resolve({ requestTimeoutMs: 59_000, retryDelayMs: 2_000 }),
        'requestTimeoutMs',
        'lower requestTimeoutMs or retryDelayMs',
      );
    });
  });

  describe('flags and collaborators', () => {
    it.each(['csrf', 'allowRemoteSrs', 'allowSchemeMismatch', 'logoutOnPageHide'])(
      '%s must be a boolean',
      (name) => {
        expectFieldError(resolve({ [name]: 'yes' }), name, 'true or false');
      },
    );

    it('fetch must be a function', () => {
      expectFieldError(resolve({ fetch: 'fetch' }), 'fetch', 'function');
    });

    it('needs a global fetch when none is given', () => {
      vi.stubGlobal('fetch', undefined);
      expectFieldError(resolve({}), 'fetch', 'pass one in the fetch option');
    });

    it('does not need a global fetch when one is given', () => {
      vi.stubGlobal('fetch', undefined);
      expect(() =>
        resolveOptions({ srsUrl: 'http://127.0.0.1', fetch: async () => new Response(null) }),
      ).not.toThrow();
    });

    it('clock must have now, setTimeout and clearTimeout', () => {
      expectFieldError(
        resolve({ clock: { now: () => 0, setTimeout: () => 0 } }),
        'clock.clearTimeout',
        'now(), setTimeout(), clearTimeout()',
      );
      expectFieldError(resolve({ clock: 42 }), 'clock', 'number');
    });

    it('logger must have debug, info, warn and error', () => {
      expectFieldError(resolve({ logger: { debug() {}, info() {}, warn() {} } }), 'logger.error', 'error()');
      expect(() => resolveOptions({ srsUrl: 'http://127.0.0.1', logger: console })).not.toThrow();
    });

    it('inspect must be a function or an observer', () => {
      expectFieldError(resolve({ inspect: 'yes' }), 'inspect', 'inspection observer');
      expect(() => resolveOptions({ srsUrl: 'http://127.0.0.1', inspect: { next() {} } })).not.toThrow();
    });
  });
});

const login = (overrides: Record<string, unknown> = {}): LoginParams =>
  ({
    username: 'alice',
    password: SECRET,
    server: 'https://rws.dc1.example.com:443',
    ...overrides,
  }) as LoginParams;

describe('validateLoginParams', () => {
  it('accepts the default place (server only)', () => {
    expect(() => validateLoginParams(login())).not.toThrow();
  });

  it('accepts hot seating with devices and a peer server', () => {
    expect(() =>
      validateLoginParams(
        login({
          peerServer: 'https://rws.dc2.example.com:443',
          place: 'alicePlace',
          devices: [
            { dn: 'DN1', switch: 'SwitchA' },
            { dn: 'DN2', switch: 'SwitchB' },
            { dn: 'DN1', switch: 'SwitchB' },
          ],
        }),
      ),
    ).not.toThrow();
  });

  it('accepts a place with a single DN and no devices', () => {
    expect(() => validateLoginParams(login({ place: 'alicePlace' }))).not.toThrow();
  });

  it('rejects params that are not an object', () => {
    expectFieldError(() => validateLoginParams(null as unknown as LoginParams), 'params', 'null');
  });

  describe('username', () => {
    it('is required', () => {
      expectFieldError(
        () => validateLoginParams(login({ username: undefined })),
        'username',
        'got undefined',
      );
    });

    it('must not be empty or blank', () => {
      expectFieldError(() => validateLoginParams(login({ username: '' })), 'username', 'an empty string');
      expectFieldError(() => validateLoginParams(login({ username: '   ' })), 'username', 'non-empty');
    });

    it("must not contain ':', which Basic authentication cannot carry", () => {
      const error = expectFieldError(
        () => validateLoginParams(login({ username: `alice:${SECRET}` })),
        'username',
        "contains ':'",
      );
      expect(error.message).not.toContain(SECRET);
    });

    it('may hold non-ASCII characters', () => {
      expect(() => validateLoginParams(login({ username: 'agënt' }))).not.toThrow();
    });
  });

  describe('password', () => {
    it('is required', () => {
      expectFieldError(
        () => validateLoginParams(login({ password: undefined })),
        'password',
        'got undefined',
      );
    });

    it('must not be empty', () => {
      expectFieldError(() => validateLoginParams(login({ password: '' })), 'password', 'an empty string');
    });

    it('is never quoted, whatever was passed', () => {
      const error = expectFieldError(
        () => validateLoginParams(login({ password: [SECRET] })),
        'password',
        'an array',
      );
      expect(error.message).not.toContain(SECRET);
    });
  });

  describe('server', () => {
    it('is required', () => {
      expectFieldError(
        () => validateLoginParams(login({ server: undefined })),
        'server',
        'https://rws.example.com:443',
      );
    });

    it('must be an absolute URL', () => {
      expectFieldError(() => validateLoginParams(login({ server: 'rws.example.com' })), 'server', 'absolute');
    });

    it('must be http or https', () => {
      expectFieldError(
        () => validateLoginParams(login({ server: 'ftp://rws.example.com' })),
        'server',
        'http: or https:',
      );
    });

    it('must not carry credentials', () => {
      const error = expectFieldError(
        () => validateLoginParams(login({ server: `https://admin:${SECRET}@rws.example.com` })),
        'server',
        'user name or password',
      );
      expect(error.message).not.toContain(SECRET);
    });
  });

  describe('peerServer', () => {
    it('follows the same URL rule as server', () => {
      expectFieldError(() => validateLoginParams(login({ peerServer: 'rws2' })), 'peerServer', 'absolute');
    });

    it('must differ from server', () => {
      expectFieldError(
        () => validateLoginParams(login({ peerServer: 'https://rws.dc1.example.com/' })),
        'peerServer',
        'same RWS as server',
      );
    });
  });

  describe('place and devices', () => {
    it('place must not be empty', () => {
      expectFieldError(() => validateLoginParams(login({ place: '' })), 'place', 'non-empty');
      expectFieldError(() => validateLoginParams(login({ place: 42 })), 'place', 'got 42');
    });

    it('place must be trimmed', () => {
      expectFieldError(
        () => validateLoginParams(login({ place: ' alicePlace ' })),
        'place',
        'leading or trailing spaces',
      );
    });

    it('devices require place', () => {
      expectFieldError(
        () => validateLoginParams(login({ devices: [{ dn: 'DN1', switch: 'SwitchA' }] })),
        'devices',
        'without place',
      );
    });

    it('devices must be a non-empty array', () => {
      expectFieldError(
        () => validateLoginParams(login({ place: 'p', devices: [] })),
        'devices',
        'an empty array',
      );
      expectFieldError(
        () => validateLoginParams(login({ place: 'p', devices: { dn: 'DN1', switch: 'S' } })),
        'devices',
        'an object',
      );
    });

    it('each device must be an object', () => {
      expectFieldError(
        () => validateLoginParams(login({ place: 'p', devices: ['DN1'] })),
        'devices[0]',
        'string',
      );
    });

    it('each device needs a dn', () => {
      expectFieldError(
        () =>
          validateLoginParams(
            login({
              place: 'p',
              devices: [
                { dn: 'DN1', switch: 'SwitchA' },
                { dn: '', switch: 'SwitchA' },
              ],
            }),
          ),
        'devices[1].dn',
        'DN',
      );
    });

    it('each device needs a switch', () => {
      expectFieldError(
        () => validateLoginParams(login({ place: 'p', devices: [{ dn: 'DN1' }] })),
        'devices[0].switch',
        'Switch',
      );
    });

    it('no device may be listed twice', () => {
      expectFieldError(
        () =>
          validateLoginParams(
            login({
              place: 'p',
              devices: [
                { dn: 'DN1', switch: 'SwitchA' },
                { dn: 'DN2', switch: 'SwitchA' },
                { dn: 'DN1', switch: 'SwitchA' },
              ],
            }),
          ),
        'devices[2]',
        'repeats devices[0]',
      );
    });
  });

  it('never puts the password into any message', () => {
    const cases: Record<string, unknown>[] = [
      { username: '' },
      { server: 'rws' },
      { peerServer: 'rws' },
      { server: 'https://rws.dc1.example.com', peerServer: 'https://rws.dc1.example.com' },
      { place: '' },
      { place: 'p', devices: [{ dn: '', switch: 'S' }] },
    ];
    for (const overrides of cases) {
      const error = configurationError(() => validateLoginParams(login(overrides)));
      expect(JSON.stringify(error)).not.toContain(SECRET);
    }
  });
});

describe('validatePlaceParams', () => {
  it('accepts a place alone or with devices', () => {
    expect(() => validatePlaceParams({ place: 'bobPlace' })).not.toThrow();
    expect(() =>
      validatePlaceParams({ place: 'bobPlace', devices: [{ dn: 'DN3', switch: 'SwitchA' }] }),
    ).not.toThrow();
  });

  it('requires place', () => {
    expectFieldError(() => validatePlaceParams({} as PlaceParams), 'place', 'required');
  });

  it('rejects params that are not an object', () => {
    expectFieldError(
      () => validatePlaceParams(undefined as unknown as PlaceParams),
      'params',
      'switchPlace()',
    );
  });

  it('applies the device rules', () => {
    expectFieldError(() => validatePlaceParams({ place: 'p', devices: [] }), 'devices', 'non-empty array');
    expectFieldError(
      () => validatePlaceParams({ place: 'p', devices: [{ dn: 'DN1', switch: ' ' }] }),
      'devices[0].switch',
      'non-empty',
    );
  });
});
