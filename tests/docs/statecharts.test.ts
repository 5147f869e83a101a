import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import {
  describeEvent,
  describeGuard,
  type StateNodeLike,
  statechartSvg,
} from '../../scripts/statechart-svg';
import { drawStatecharts, REGENERATE_COMMAND, STATECHART_DIR, STATECHARTS } from '../../scripts/statecharts';

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
    for (const load of STATECHARTS) {
      const machine = await load();
      expect(await statechartSvg(machine)).toBe(await statechartSvg(machine));
    }
  });

  test('each picture shows every state and every transition of its machine', async () => {
    for (const load of STATECHARTS) {
      const machine = await load();
      const svg = await statechartSvg(machine);
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
        decodeXml(match[1] ?? ''),
      );
      const states: StateNodeLike[] = [];
      const visit = (node: StateNodeLike) => {
        states.push(node);
        for (const child of Object.values(node.states)) visit(child);
      };
      visit(machine.root);
      for (const node of states) {
        expect(
          texts.some((text) => text === node.key || text.startsWith(`${node.key} `)),
          node.id,
        ).toBe(true);
        for (const transition of [...node.transitions.values()].flat()) {
          const guard = transition.guard === undefined ? '' : ` [${describeGuard(transition.guard)}]`;
          const label = `${describeEvent(transition.eventType)}${guard}`;
          expect(
            texts.some((text) => text.startsWith(label)),
            `${node.id}: ${label}`,
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
