import { describe, expect, test } from 'vitest';
import { wireExamples } from '../../docs/.vitepress/wire-examples';

// The guides show these recordings of a real session; here they meet the API guide's examples.
describe('the requests the guides show', () => {
  test("are the API guide's payloads for the default place and hot seating", async () => {
    const examples = await wireExamples();
    const body = (text: string | null) => JSON.parse(text ?? 'null') as unknown;
    expect(body(examples.defaultPlace.requests[0]?.body ?? null)).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
    ]);
    expect(body(examples.hotSeating.requests[0]?.body ?? null)).toEqual([
      { name: 'server', value: 'https://rws.dc1.example.com' },
      { name: 'place', value: 'alicePlace' },
      {
        name: 'devices',
        value: [
          { dn: 'DN1', switch: 'SwitchA' },
          { dn: 'DN2', switch: 'SwitchB' },
        ],
      },
    ]);
    expect(examples.logout.requests.map((request) => body(request.body))).toContainEqual({
      operationName: 'EndContactCenterSession',
    });
  });

  test('show no password, Basic credentials or CSRF token, only what stands for them', async () => {
    const shown = JSON.stringify(await wireExamples());
    for (const secret of ['alice-password', 'bob-password', btoa('alice:alice-password'), 'token-1']) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).toContain('Basic <base64 of username:password>');
    expect(shown).toContain('<the token from the login answer>');
  });
});
