import { beforeAll, describe, expect, it } from 'vitest';
import { type AppImportSizes, CORE_IMPORTS, formatSizes, measureAppImports } from '../../bench/bundle-size';
import { BINDING_CAP_BYTES, bindingBudget, SIZE_BUDGETS } from '../../bench/size-budgets';
import { BINDINGS } from '../../scripts/packages';

let sizes: AppImportSizes;

beforeAll(async () => {
  sizes = await measureAppImports();
  console.log(formatSizes(sizes, { ...SIZE_BUDGETS, binding: bindingBudget }).join('\n'));
}, 60_000);

const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;

function expectWithinBudget(what: string, measured: number, budget: number): void {
  expect(
    measured,
    `${what} is ${bytes(measured)} minified + gzip, ${bytes(measured - budget)} over its budget of ` +
      `${bytes(budget)} (bench/size-budgets.ts). Make it smaller, or raise the budget in the commit that grows it on purpose.`,
  ).toBeLessThanOrEqual(budget);
}

describe('what an app ships, minified + gzip, against the budgets in bench/size-budgets.ts', () => {
  it(`core (${CORE_IMPORTS.join(' + ')}), xstate external`, () => {
    expectWithinBudget('core', sizes.core.gzipBytes, SIZE_BUDGETS.core);
  });

  it('core with xstate bundled', () => {
    expectWithinBudget('core with xstate', sizes.coreWithXstate.gzipBytes, SIZE_BUDGETS.coreWithXstate);
    // The baseline is part of the total: a total below it means xstate was not bundled after all.
    expect(sizes.coreWithXstate.gzipBytes).toBeGreaterThan(sizes.xstateBaseline.gzipBytes);
  });

  it('core with the creator of @screen-recording/core/independent leaves the tab sharing out', () => {
    expectWithinBudget('core, independent', sizes.coreIndependent.gzipBytes, SIZE_BUDGETS.coreIndependent);
    // The tabs' channel is named after this prefix: the shared creator ships it, the independent one not.
    for (const trace of ['screen-recording:', 'BroadcastChannel']) {
      expect(sizes.core.code.includes(trace), `the shared creator's bundle names ${trace}`).toBe(true);
      expect(sizes.coreIndependent.code.includes(trace), `the independent bundle names ${trace}`).toBe(false);
    }
  });

  it.each(BINDINGS)(
    `the %s binding's public entry, peers external, at most ${BINDING_CAP_BYTES} B`,
    (binding) => {
      const budget = bindingBudget(binding);
      expect(
        budget,
        `the ${binding} binding's budget exceeds the ${BINDING_CAP_BYTES} B cap`,
      ).toBeLessThanOrEqual(BINDING_CAP_BYTES);
      expectWithinBudget(
        `@screen-recording/${binding}`,
        sizes.bindings[binding]?.gzipBytes ?? Number.NaN,
        budget,
      );
    },
  );
});
