import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ScreenRecordingError,
  SrsBusyError,
  SrsForbiddenError,
  SrsRejectedError,
  SrsServerError,
  SrsUnauthorizedError,
  SrsUnavailableError,
} from '../src/errors';
import {
  basicAuthorization,
  buildLoginBody,
  buildLoginRequest,
  buildLogoutRequest,
  buildPingRequest,
  classifyResponse,
  outcomeToError,
  readCsrfToken,
  type SrsOutcome,
} from '../src/protocol';

const SRS = 'https://127.0.0.1:8443';
const SECRET = 'S3cr3t-Pässword!';
const TOKEN = 'csrf-7f3a9c1e-token';
const credentials = { username: 'alice', password: SECRET };
const ALICE_AUTH = `Basic ${Buffer.from(`alice:${SECRET}`, 'utf8').toString('base64')}`;

describe('buildLoginBody', () => {
  it("produces the API guide's hot seating payload", () => {
    // Literal from the API guide, "Hot Seating" → "Example Request Payload".
    const guideExample = `[
  {
    "name": "server",
    "value": "https://rws.dcl.example.com"
  },
  {
    "name": "place",
    "value": "alicePlace"
  },
  {
    "name": "devices",
    "value": [
      {
        "dn": "DN1",
        "switch": "SwitchA"
      },
      {
        "dn": "DN2",
        "switch": "SwitchB"
      }
    ]
  }
]`;
    const body = buildLoginBody({
      server: 'https://rws.dcl.example.com',
      place: 'alicePlace',
      devices: [
        { dn: 'DN1', switch: 'SwitchA' },
        { dn: 'DN2', switch: 'SwitchB' },
      ],
    });
    expect(JSON.stringify(body)).toBe(JSON.stringify(JSON.parse(guideExample)));
  });

  it("produces the API guide's default place payload", () => {
    // Literal from the API guide, "Default Place" → "Example Request Payload".
    const guideExample = `[
  {
    "name": "server",
    "value": "https://rws.dcl.example.com"
  }
]`;
    const body = buildLoginBody({ server: 'https://rws.dcl.example.com' });
    expect(JSON.stringify(body)).toBe(JSON.stringify(JSON.parse(guideExample)));
  });

  it('orders server, peer_server, place, devices', () => {
    expect(
      buildLoginBody({
        devices: [{ dn: 'DN1', switch: 'Switch' }],
        place: 'Place',
        peerServer: 'https://rws.dc2.example.com',
        server: 'https://rws.dc1.example.com',
      }),
    ).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
      { name: 'peer_server', value: 'https://rws.dc2.example.com' },
      { name: 'place', value: 'Place' },
      { name: 'devices', value: [{ dn: 'DN1', switch: 'Switch' }] },
    ]);
  });

  it('leaves out what is not given (null, undefined, empty)', () => {
    const onlyServer = [{ name: 'server', value: 'https://rws' }];
    expect(buildLoginBody({ server: 'https://rws', peerServer: null, place: null, devices: null })).toEqual(
      onlyServer,
    );
    expect(buildLoginBody({ server: 'https://rws', peerServer: '', place: '', devices: [] })).toEqual(
      onlyServer,
    );
    expect(buildLoginBody({ server: 'https://rws', place: 'p' })).toEqual([
      ...onlyServer,
      { name: 'place', value: 'p' },
    ]);
  });

  it('copies devices as plain { dn, switch }', () => {
    const device = { dn: 'DN1', switch: 'SwitchA', label: 'desk phone' };
    const devices = [device];
    const body = buildLoginBody({ server: 'https://rws', place: 'p', devices });
    const sent = body[2];
    expect(sent).toEqual({ name: 'devices', value: [{ dn: 'DN1', switch: 'SwitchA' }] });
    expect(sent?.value).not.toBe(devices);
    const copied = Array.isArray(sent?.value) ? sent.value[0] : undefined;
    expect(copied).not.toBe(device);
  });
});

describe('basicAuthorization', () => {
  it('encodes user:password in base64', () => {
    expect(basicAuthorization({ username: 'Aladdin', password: 'open sesame' })).toBe(
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
  });

  it('encodes non-ASCII as UTF-8', () => {
    // 'agënt:pässword' in UTF-8: ë = c3 ab, ä = c3 a4.
    expect(basicAuthorization({ username: 'agënt', password: 'pässword' })).toBe(
      'Basic YWfDq250OnDDpHNzd29yZA==',
    );
    expect(basicAuthorization({ username: 'agënt', password: 'pässword' })).toBe(
      `Basic ${Buffer.from('agënt:pässword', 'utf8').toString('base64')}`,
    );
  });

  it('matches a UTF-8 base64 encoding for any credentials', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (username, password) => {
        expect(basicAuthorization({ username, password })).toBe(
          `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`,
        );
      }),
    );
  });
});

describe('buildLoginRequest', () => {
  const config = { server: 'https://rws.dc1.example.com', place: 'alicePlace' };

  it('POSTs the configuration to /api/v2/me with Basic authentication and JSON', () => {
    const request = buildLoginRequest(SRS, credentials, config, { csrf: false });
    expect(request).toEqual({
      method: 'POST',
      url: 'https://127.0.0.1:8443/api/v2/me',
      headers: {
        Authorization: ALICE_AUTH,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: '[{"name":"server","value":"https://rws.dc1.example.com"},{"name":"place","value":"alicePlace"}]',
      operation: 'login',
    });
  });

  it('asks for a CSRF token with X-Support-CSRFP: true when csrf is on', () => {
    const request = buildLoginRequest(SRS, credentials, config, { csrf: true });
    expect(request.headers['X-Support-CSRFP']).toBe('true');
    expect(request.headers).not.toHaveProperty('X-CSRF-Token');
  });

  it('does not send X-Support-CSRFP when csrf is off', () => {
    expect(buildLoginRequest(SRS, credentials, config, { csrf: false }).headers).not.toHaveProperty(
      'X-Support-CSRFP',
    );
  });

  it('does not double a trailing slash of srsUrl', () => {
    expect(buildLoginRequest(`${SRS}/`, credentials, config, { csrf: false }).url).toBe(`${SRS}/api/v2/me`);
  });
});

describe('buildPingRequest', () => {
  it('GETs /ping with Basic authentication and nothing else', () => {
    expect(buildPingRequest(SRS, credentials)).toEqual({
      method: 'GET',
      url: 'https://127.0.0.1:8443/ping',
      headers: { Authorization: ALICE_AUTH },
      operation: 'ping',
    });
    expect(buildPingRequest(SRS, credentials)).not.toHaveProperty('body');
  });
});

describe('buildLogoutRequest', () => {
  it("POSTs the API guide's EndContactCenterSession body to /api/v2/me with the CSRF token", () => {
    expect(buildLogoutRequest(SRS, credentials, TOKEN)).toEqual({
      method: 'POST',
      url: 'https://127.0.0.1:8443/api/v2/me',
      headers: {
        Authorization: ALICE_AUTH,
        'Content-Type': 'application/json',
        'X-CSRF-Token': TOKEN,
      },
      body: '{"operationName":"EndContactCenterSession"}',
      operation: 'logout',
    });
  });

  it('sends no X-CSRF-Token when there is none', () => {
    expect(buildLogoutRequest(SRS, credentials, null).headers).toEqual({
      Authorization: ALICE_AUTH,
      'Content-Type': 'application/json',
    });
    expect(buildLogoutRequest(SRS, credentials, '').headers).not.toHaveProperty('X-CSRF-Token');
  });

  it("sends the API guide's payload exactly", () => {
    expect(JSON.parse(buildLogoutRequest(SRS, credentials, null).body ?? '')).toEqual({
      operationName: 'EndContactCenterSession',
    });
  });
});

describe('readCsrfToken', () => {
  it('reads X-CSRF-Token whatever its case', () => {
    expect(readCsrfToken(new Headers({ 'X-CSRF-Token': TOKEN }))).toBe(TOKEN);
    expect(readCsrfToken(new Headers({ 'x-csrf-token': TOKEN }))).toBe(TOKEN);
    expect(readCsrfToken(new Headers({ 'X-CSRF-TOKEN': TOKEN }))).toBe(TOKEN);
  });

  it('gives null when there is no token or it is empty', () => {
    expect(readCsrfToken(new Headers())).toBeNull();
    expect(readCsrfToken(new Headers({ 'X-CSRF-Token': '' }))).toBeNull();
    expect(readCsrfToken(new Headers({ 'X-CSRF-Token': '   ' }))).toBeNull();
  });

  it('follows an X-CSRF-HEADER indirection to another header', () => {
    const headers = new Headers({ 'X-CSRF-HEADER': 'X-XSRF-TOKEN', 'X-XSRF-TOKEN': TOKEN });
    expect(readCsrfToken(headers)).toBe(TOKEN);
  });

  it('prefers the header the indirection names', () => {
    const headers = new Headers({
      'X-CSRF-HEADER': 'X-My-Token',
      'X-My-Token': 'named',
      'X-CSRF-Token': 'plain',
    });
    expect(readCsrfToken(headers)).toBe('named');
  });

  it('handles the GWS form, where the indirection names X-CSRF-TOKEN itself', () => {
    expect(readCsrfToken(new Headers({ 'X-CSRF-HEADER': 'X-CSRF-TOKEN', 'X-CSRF-TOKEN': TOKEN }))).toBe(
      TOKEN,
    );
  });

  it('falls back to X-CSRF-Token when the named header is missing or the name is invalid', () => {
    expect(readCsrfToken(new Headers({ 'X-CSRF-HEADER': 'X-Absent', 'X-CSRF-Token': TOKEN }))).toBe(TOKEN);
    expect(readCsrfToken(new Headers({ 'X-CSRF-HEADER': 'not a header name', 'X-CSRF-Token': TOKEN }))).toBe(
      TOKEN,
    );
    expect(readCsrfToken(new Headers({ 'X-CSRF-HEADER': 'not a header name' }))).toBeNull();
  });
});

describe('classifyResponse', () => {
  const respond = (status: number, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers(headers),
  });

  it.each([
    [200, { kind: 'ok', status: 200, csrfToken: null }],
    [204, { kind: 'ok', status: 204, csrfToken: null }],
    [401, { kind: 'unauthorized', status: 401 }],
    [403, { kind: 'forbidden', status: 403 }],
    [400, { kind: 'rejected', status: 400 }],
    [404, { kind: 'rejected', status: 404 }],
    [500, { kind: 'server-error', status: 500, retryAfterMs: null }],
    [503, { kind: 'server-error', status: 503, retryAfterMs: null }],
    [302, { kind: 'redirected', status: 302 }],
    [307, { kind: 'redirected', status: 307 }],
    [429, { kind: 'busy', status: 429, retryAfterMs: null }],
    [0, { kind: 'server-error', status: 0, retryAfterMs: null }],
  ] as const)('classifies %i', (status, outcome) => {
    expect(classifyResponse(respond(status), Date.now())).toEqual(outcome);
  });

  it('reports a redirect the browser hides (manual mode) as a redirect', () => {
    expect(
      classifyResponse({ status: 0, headers: new Headers(), type: 'opaqueredirect' }, Date.now()),
    ).toEqual({
      kind: 'redirected',
      status: 0,
    });
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(classifyResponse(respond(429, { 'Retry-After': '7' }), Date.now())).toEqual({
      kind: 'busy',
      status: 429,
      retryAfterMs: 7_000,
    });
    // A date is read against the session clock's time, not the machine's.
    const now = Date.UTC(2026, 11, 4, 9, 0, 0);
    const inTenSeconds = new Date(now + 10_000).toUTCString();
    const outcome = classifyResponse(respond(503, { 'Retry-After': inTenSeconds }), now);
    expect(outcome.kind === 'server-error' && outcome.retryAfterMs).toBe(10_000);
    expect(classifyResponse(respond(503, { 'Retry-After': 'soon' }), Date.now())).toMatchObject({
      retryAfterMs: null,
    });
  });

  it('carries the CSRF token of a successful answer', () => {
    expect(classifyResponse(respond(200, { 'X-CSRF-Token': TOKEN }), Date.now())).toEqual({
      kind: 'ok',
      status: 200,
      csrfToken: TOKEN,
    });
  });

  it('works on a real Response', () => {
    const response = new Response(null, { status: 200, headers: { 'x-csrf-token': TOKEN } });
    expect(classifyResponse(response, Date.now())).toEqual({ kind: 'ok', status: 200, csrfToken: TOKEN });
  });
});

describe('outcomeToError', () => {
  type Failure = Exclude<SrsOutcome, { kind: 'ok' }>;
  const failures: Failure[] = [
    { kind: 'unauthorized', status: 401 },
    { kind: 'forbidden', status: 403 },
    { kind: 'rejected', status: 400 },
    { kind: 'rejected', status: 404 },
    { kind: 'server-error', status: 500, retryAfterMs: null },
    { kind: 'server-error', status: 503, retryAfterMs: null },
    { kind: 'redirected', status: 302 },
    { kind: 'busy', status: 429, retryAfterMs: null },
    { kind: 'unavailable', reason: 'network' },
    { kind: 'unavailable', reason: 'timeout' },
  ];
  const operations = ['login', 'ping', 'logout'] as const;

  it('says the login credentials were refused on 401 at login', () => {
    const error = outcomeToError({ kind: 'unauthorized', status: 401 }, 'login');
    expect(error).toBeInstanceOf(SrsUnauthorizedError);
    expect(error.message).toBe(
      "SRS refused the agent's credentials (401). Check the user name and password.",
    );
  });

  it('says the session is gone on 401 to a poll', () => {
    const error = outcomeToError({ kind: 'unauthorized', status: 401 }, 'ping');
    expect(error).toBeInstanceOf(SrsUnauthorizedError);
    expect(error.message).toBe('SRS no longer knows this session (401): it timed out or SRS restarted.');
  });

  it('says the session had already ended on 401 at logout', () => {
    expect(outcomeToError({ kind: 'unauthorized', status: 401 }, 'logout').message).toMatch(/already ended/);
  });

  it('points at CSRF and CORS on 403', () => {
    const error = outcomeToError({ kind: 'forbidden', status: 403 }, 'logout');
    expect(error).toBeInstanceOf(SrsForbiddenError);
    expect(error.message).toBe(
      "SRS refused the logout (403): the CSRF token is missing or stale, or this page's origin is not allowed by SRS's CORS settings.",
    );
  });

  it('points at server, place and devices when a login is rejected', () => {
    const error = outcomeToError({ kind: 'rejected', status: 400 }, 'login');
    expect(error).toBeInstanceOf(SrsRejectedError);
    expect((error as SrsRejectedError).status).toBe(400);
    expect(error.message).toMatch(/\(400\).*RWS server.*place exists and every device belongs to it/);
  });

  it('says a 431 means credentials far too long, not a wrong place', () => {
    const error = outcomeToError({ kind: 'rejected', status: 431 }, 'login');
    expect(error.message).toMatch(/headers were too large \(431\).*user name or password/);
    expect(error.message).not.toMatch(/place/);
  });

  it('names the place and devices SRS refused', () => {
    const error = outcomeToError({ kind: 'rejected', status: 400 }, 'login', {
      place: 'bobPlace',
      devices: [{ dn: 'DN9', switch: 'SwitchZ' }],
    });
    expect(error.message).toMatch(
      /^SRS rejected the login for place "bobPlace" with devices DN9@SwitchZ \(400\)/,
    );
  });

  it('says the address is not SRS when it answers with a redirect', () => {
    const error = outcomeToError({ kind: 'redirected', status: 302 }, 'login');
    expect(error).toBeInstanceOf(SrsRejectedError);
    expect(error.message).toMatch(/answered the login with a redirect \(302\).*not at SRS/);
    expect(error.message).not.toMatch(/not running/);
  });

  it('says SRS is busy on a 429, and when it asked to be called again', () => {
    const error = outcomeToError({ kind: 'busy', status: 429, retryAfterMs: 5_000 }, 'ping');
    expect(error).toBeInstanceOf(SrsBusyError);
    expect((error as SrsBusyError).retryAfterMs).toBe(5_000);
    expect(error.message).toMatch(/busy.*again in 5 s.*waits and tries again/);
    expect(error.message).not.toMatch(/check server, place and devices/);
  });

  it('says SRS could not reach RWS on a 5xx at login', () => {
    const error = outcomeToError({ kind: 'server-error', status: 503, retryAfterMs: null }, 'login');
    expect(error).toBeInstanceOf(SrsServerError);
    expect((error as SrsServerError).status).toBe(503);
    expect(error.message).toBe(
      'SRS answered 503 at login: it could not reach RWS (the data center may be down).',
    );
  });

  it('says an unexpected status is not from SRS', () => {
    const error = outcomeToError({ kind: 'server-error', status: 0, retryAfterMs: null }, 'ping');
    expect(error).toBeInstanceOf(SrsServerError);
    expect(error.message).toMatch(/answered 0.*srsUrl points at SRS/);
  });

  it('says SRS did not answer at all on a network failure', () => {
    const error = outcomeToError({ kind: 'unavailable', reason: 'network' }, 'ping');
    expect(error).toBeInstanceOf(SrsUnavailableError);
    expect((error as SrsUnavailableError).reason).toBe('network');
    expect(error.message).toBe(
      'SRS did not answer a poll at all: it is not running, the port or scheme is wrong, or the browser blocked the call (CORS).',
    );
  });

  it('says SRS did not answer in time on a timeout', () => {
    const error = outcomeToError({ kind: 'unavailable', reason: 'timeout' }, 'login');
    expect(error).toBeInstanceOf(SrsUnavailableError);
    expect((error as SrsUnavailableError).reason).toBe('timeout');
    expect(error.message).toBe(
      'SRS did not answer the login within the request timeout: SRS is overloaded or hanging.',
    );
    expect(error.message).not.toMatch(/CORS/);
  });

  it('gives every failure of every operation a typed error with a message', () => {
    for (const operation of operations) {
      for (const outcome of failures) {
        const error = outcomeToError(outcome, operation);
        expect(error).toBeInstanceOf(ScreenRecordingError);
        expect(error.message).toMatch(/\bSRS\b/);
        expect(error.toJSON().message).toBe(error.message);
      }
    }
  });

  it('never carries the password, the Authorization header, the token or the URL', () => {
    const requests = [
      buildLoginRequest(SRS, credentials, { server: 'https://rws' }, { csrf: true }),
      buildPingRequest(SRS, credentials),
      buildLogoutRequest(SRS, credentials, TOKEN),
    ];
    for (const request of requests) {
      for (const outcome of failures) {
        const error = outcomeToError(outcome, request.operation);
        const everything = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)} ${JSON.stringify({ ...error })}`;
        expect(everything).not.toContain(SECRET);
        expect(everything).not.toContain(TOKEN);
        expect(everything).not.toContain(ALICE_AUTH.slice('Basic '.length));
        expect(everything).not.toContain('127.0.0.1');
      }
    }
  });
});
