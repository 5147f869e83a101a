import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { SrsSimulator } from '../src/index';
import { MAX_BODY_BYTES } from '../src/index';
import { ALICE, GUIDE_DEFAULT_PLACE, login, rawRequest, useSimulator } from './helpers';

/**
 * Start a request whose body never ends, send `sent` bytes of it and resolve with the answer: only a
 * server that answers without reading the whole body can answer at all.
 */
function unfinishedUpload(
  simulator: SrsSimulator,
  headers: Record<string, string>,
  sent: number,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${simulator.url}/api/v2/me`, { method: 'POST', headers, agent: false });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection });
      });
    });
    req.on('error', reject);
    req.write(Buffer.alloc(sent, 0x20));
  });
}

describe('body limit', () => {
  it('is 64 KiB', () => {
    expect(MAX_BODY_BYTES).toBe(64 * 1024);
  });

  it('answers 413 from the Content-Length alone, without waiting for a body it would not read', async () => {
    const simulator = await useSimulator();
    const answer = await unfinishedUpload(
      simulator,
      {
        Authorization: ALICE,
        'Content-Type': 'application/json',
        'Content-Length': String(50 * 1024 * 1024),
      },
      1024,
    );

    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: `body larger than ${MAX_BODY_BYTES} bytes` });
    expect(answer.connection).toBe('close');
    expect(simulator.sessions()).toEqual([]);
    expect(simulator.requests).toMatchObject([{ status: 413, body: null, bodyOmitted: 'too-large' }]);
  });

  it('answers 413 as soon as a chunked body passes the limit', async () => {
    const simulator = await useSimulator();
    const answer = await unfinishedUpload(
      simulator,
      { Authorization: ALICE, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      MAX_BODY_BYTES + 1,
    );

    expect(answer.status).toBe(413);
    expect(simulator.sessions()).toEqual([]);
  });

  it('serves a body right at the limit', async () => {
    const simulator = await useSimulator();
    const body = JSON.stringify(GUIDE_DEFAULT_PLACE);
    const padded = body + ' '.repeat(MAX_BODY_BYTES - body.length);
    expect((await login(simulator, padded)).status).toBe(200);
  });

  it('keeps the connection usable after an answer that did not read the body', async () => {
    const simulator = await useSimulator();
    const refused = await rawRequest(simulator, '/api/v2/me', {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: Buffer.alloc(MAX_BODY_BYTES, 0x20),
    });
    expect(refused.status).toBe(403);
    expect((await login(simulator)).status).toBe(200);
  });
});
