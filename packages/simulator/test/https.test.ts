import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import type { SrsSimulator } from '../src/index';
import { ALICE, GUIDE_HOT_SEATING, type RawAnswer, readAnswer, useSimulator } from './helpers';

/** An HTTPS call that trusts exactly the simulator's certificate (no global TLS switch). */
function call(
  simulator: SrsSimulator,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; servername?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${simulator.url}${path}`,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: simulator.certificate,
        ...(options.servername === undefined ? {} : { servername: options.servername }),
      },
      (res) => readAnswer(res).then(resolve, reject),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('HTTPS mode', () => {
  it('serves the SRS API over TLS with a certificate for 127.0.0.1 and localhost', async () => {
    const simulator = await useSimulator({ https: true });
    expect(simulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);

    const names = new X509Certificate(simulator.certificate as string).subjectAltName ?? '';
    expect(names).toContain('DNS:localhost');
    expect(names).toContain('IP Address:127.0.0.1');

    const loggedIn = await call(simulator, '/api/v2/me', {
      method: 'POST',
      headers: { Authorization: ALICE, 'Content-Type': 'application/json', 'X-Support-CSRFP': 'true' },
      body: JSON.stringify(GUIDE_HOT_SEATING),
    });
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.headers['x-csrf-token']).toBeTruthy();

    // The same certificate also verifies for the name `localhost`.
    const pinged = await call(simulator, '/ping', {
      headers: { Authorization: ALICE },
      servername: 'localhost',
    });
    expect(pinged.status).toBe(200);
    expect(JSON.parse(pinged.body)).toEqual({ statusCode: 0 });
  });

  it('is refused by a client that does not trust the self-signed certificate', async () => {
    const simulator = await useSimulator({ https: true });
    await expect(fetch(`${simulator.url}/ping`)).rejects.toThrow();
  });

  it('has no certificate over plain HTTP', async () => {
    const simulator = await useSimulator();
    expect(simulator.url).toMatch(/^http:\/\//);
    expect(simulator.certificate).toBeUndefined();
  });
});
