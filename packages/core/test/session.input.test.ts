import { describe, expect, it } from 'vitest';
import { SrsConfigurationError } from '../src/errors';
import { ALICE, createHarness, run } from './support/session-harness';

describe('what is sent is what was validated', () => {
  it('trims spaces around server and peerServer and sends the trimmed value', async () => {
    const { clock, srs, session } = createHarness();
    await run(
      clock,
      session.login({
        ...ALICE,
        server: '  https://rws.dc1.example.com  ',
        peerServer: ' https://rws.dc2.example.com\u0020',
      }),
    );
    expect(srs.calls[0]?.body).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
      { name: 'peer_server', value: 'https://rws.dc2.example.com' },
    ]);
    expect(session.getSnapshot().server).toBe('https://rws.dc1.example.com');
  });

  it.each([
    ['a tab', 'https://rws.dc1\t.example.com'],
    ['a line break', 'https://rws.dc1.example.com\r\nX-Injected: 1'],
    ['a NUL', 'https://rws.dc1.example.com\u0000'],
  ])('refuses a server with %s, naming the field, and sends nothing', async (_, server) => {
    const { clock, srs, session } = createHarness();
    const outcome = await run(clock, session.login({ ...ALICE, server }));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(SrsConfigurationError);
    expect(!outcome.ok && (outcome.error as SrsConfigurationError).field).toBe('server');
    expect(!outcome.ok && (outcome.error as Error).message).toMatch(/control character/);
    expect(srs.calls).toEqual([]);
  });

  it('refuses a place or a DN with a control character', async () => {
    const { clock, srs, session } = createHarness();
    const outcome = await run(
      clock,
      session.login({ ...ALICE, place: 'alicePlace', devices: [{ dn: 'DN1\n', switch: 'SwitchA' }] }),
    );
    expect(!outcome.ok && (outcome.error as SrsConfigurationError).field).toBe('devices[0].dn');
    expect(srs.calls).toEqual([]);
  });
});

describe('absurd input gets a bounded, clear error before anything is sent', () => {
  it('a 10 MB password is refused without being quoted', async () => {
    const { clock, srs, session } = createHarness();
    const password = 'p'.repeat(10 * 1024 * 1024);
    const outcome = await run(clock, session.login({ ...ALICE, password }));
    expect(!outcome.ok && (outcome.error as SrsConfigurationError).field).toBe('password');
    const message = (!outcome.ok && (outcome.error as Error).message) || '';
    expect(message.length).toBeLessThan(300);
    expect(message).not.toContain('pppp');
    expect(srs.calls).toEqual([]);
  });

  it('a 1 MB place name is quoted only in part', async () => {
    const { clock, session } = createHarness();
    const outcome = await run(clock, session.login({ ...ALICE, place: ` ${'x'.repeat(1_000_000)}` }));
    const message = (!outcome.ok && (outcome.error as Error).message) || '';
    expect(message).toMatch(/^place: has leading or trailing spaces/);
    expect(message.length).toBeLessThan(400);
  });

  it('a very long user name is refused', async () => {
    const { clock, session } = createHarness();
    const outcome = await run(clock, session.login({ ...ALICE, username: 'u'.repeat(5_000) }));
    expect(!outcome.ok && (outcome.error as SrsConfigurationError).field).toBe('username');
  });
});
