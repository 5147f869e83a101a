import { describe, expect, test } from 'vitest';
import { CONTROL_ROUTE_EFFECTS, controlRoutes, parseUsage } from '../../docs/.vitepress/simulator-reference';
import { parseCliArgs, USAGE } from '../../packages/simulator/src/cli-options';
import { CONTROL_PREFIX, CONTROL_ROUTES } from '../../packages/simulator/src/control-routes';

// The docs' simulator page is built from these functions; here they meet the simulator's code as it is.
describe('the simulator reference', () => {
  test('lists every flag of the --help text, each with its words', () => {
    const flags = parseUsage(USAGE);
    const named = new Set(USAGE.split('Options:')[1]?.match(/(?<=^ {2})--[a-z][a-z0-9-]*/gm));
    expect(named.size).toBeGreaterThan(5);
    expect(new Set(flags.map((flag) => flag.flag))).toEqual(named);
    for (const flag of flags) expect(flag.description, flag.flag).toMatch(/\w{3}/);
  });

  test('lists only flags the CLI accepts', () => {
    for (const { flag, argument } of parseUsage(USAGE)) {
      const result = parseCliArgs(argument === '' ? [flag] : [flag, sampleValue(flag)]);
      if (result.kind === 'error') expect(result.message, flag).not.toMatch(/unknown option/i);
    }
  });

  test('joins a description that goes on over several lines', () => {
    const flags = parseUsage(
      'Usage: x\n\nOptions:\n  --place name=DN@Switch\n                           a place (repeatable)\n  --https   serve HTTPS\n',
    );
    expect(flags).toEqual([
      { flag: '--place', argument: 'name=DN@Switch', description: 'a place (repeatable)' },
      { flag: '--https', argument: '', description: 'serve HTTPS' },
    ]);
  });

  test('refuses a help text it cannot read rather than drop a flag', () => {
    expect(() => parseUsage('Options:\n  --port P   the port\n -x oops\n')).toThrow(/cannot read this line/);
    expect(() => parseUsage('Options:\n  --port P\n')).toThrow(/does not describe --port/);
  });

  test('describes every control route the simulator answers, and no other', () => {
    const rows = controlRoutes(CONTROL_PREFIX, CONTROL_ROUTES);
    const answered = Object.entries(CONTROL_ROUTES).flatMap(([path, methods]) =>
      methods.map((method) => `${method} ${path}`),
    );
    expect(rows.map((row) => `${row.method} ${row.path}`)).toEqual(answered);
    expect(() =>
      controlRoutes(CONTROL_PREFIX, { ...CONTROL_ROUTES, [`${CONTROL_PREFIX}/new`]: ['POST'] }),
    ).toThrow(/add "POST \/new"/);
    const [first] = Object.keys(CONTROL_ROUTES);
    const fewer = Object.fromEntries(Object.entries(CONTROL_ROUTES).filter(([path]) => path !== first));
    expect(() => controlRoutes(CONTROL_PREFIX, fewer)).toThrow(/no longer answers/);
    expect(Object.keys(CONTROL_ROUTE_EFFECTS)).toHaveLength(answered.length);
  });
});

/** A value each flag's parser accepts, so that only an unknown flag can make it fail. */
function sampleValue(flag: string): string {
  const samples: Record<string, string> = {
    '--origin': 'http://localhost:5173',
    '--agent': 'carol:secret',
    '--place': 'carolPlace=DN9@SwitchA',
    '--host': '127.0.0.1',
    '--allowed-host': 'srs-simulator',
  };
  return samples[flag] ?? '1000';
}
