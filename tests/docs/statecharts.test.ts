import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { screenRecordingMachine } from '../../packages/core/src/machine';
import { describeEvent, describeGuard, statechartSvg } from '../../scripts/statechart-svg';
import { drawStatecharts, REGENERATE_COMMAND, STATECHART_DIR } from '../../scripts/statecharts';

describe('the statechart pictures in docs/public/statecharts', () => {
  test('each committed picture is its machine as it is now', async () => {
    for (const [file, svg] of await drawStatecharts()) {
      const committed = await readFile(`${STATECHART_DIR}${file}`, 'utf8').catch(() => null);
      if (committed !== svg) {
        expect.fail(
          `docs/public/statecharts/${file} ${committed === null ? 'is missing' : 'no longer matches its machine'}: run \`${REGENERATE_COMMAND}\` and commit the result`,
        );
      }
    }
  });

  test('the same machine gives the same bytes', async () => {
    expect(await statechartSvg(screenRecordingMachine)).toBe(await statechartSvg(screenRecordingMachine));
  });

  test('the session chart shows every state and every transition of the machine', async () => {
    const svg = await statechartSvg(screenRecordingMachine);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => decodeXml(match[1] ?? ''));
    const states: { key: string; node: typeof screenRecordingMachine.root }[] = [];
    const visit = (node: typeof screenRecordingMachine.root) => {
      states.push({ key: node.key, node });
      for (const child of Object.values(node.states)) visit(child);
    };
    visit(screenRecordingMachine.root);
    expect(states.length).toBeGreaterThan(15);
    for (const { key, node } of states) {
      expect(texts.some((text) => text === key || text.startsWith(`${key} `))).toBe(true);
      for (const transitions of node.transitions.values()) {
        for (const transition of transitions) {
          const label = describeEvent(transition.eventType);
          const guard = transition.guard === undefined ? '' : ` [${describeGuard(transition.guard)}]`;
          expect(
            texts.some((text) => text.startsWith(`${label}${guard}`)),
            `${node.id}: ${label}${guard}`,
          ).toBe(true);
        }
      }
    }
  });

  test('transitions are named as a reader knows them', () => {
    expect(describeEvent('xstate.done.actor.login')).toBe('login done');
    expect(describeEvent('xstate.error.actor.ping')).toBe('ping error');
    expect(describeEvent('xstate.after.retryBackoff.screenRecording.active.waitingToRetry')).toBe(
      'after retryBackoff',
    );
    expect(describeEvent('xstate.after.1000.machine.state')).toBe('after 1000 ms');
    expect(describeEvent('LOGOUT')).toBe('LOGOUT');
  });
});

function decodeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}
