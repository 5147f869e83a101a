/**
 * The simulator's reference tables, read from its code when the site is built: the CLI flags from the
 * `--help` text (`USAGE` in packages/simulator/src/cli-options.ts) and the control routes from
 * `CONTROL_ROUTES` (packages/simulator/src/control-routes.ts). What a route does is written here, once
 * per route: a route without a description, or a description without a route, fails the build and the
 * tests (tests/docs/simulator-reference.test.ts).
 */

export interface CliFlag {
  /** `--port` */
  flag: string;
  /** `P`, `user:password`; empty for a switch such as `--https`. */
  argument: string;
  /** The help text's words for it, joined onto one line. */
  description: string;
}

const FLAG_LINE = /^ {2}(--[a-z][a-z0-9-]*)(?: (\S+))?(?: {2,}(\S.*))?$/;
const CONTINUATION_LINE = /^ {3,}(\S.*)$/;

/**
 * Reads the `Options:` section of a `--help` text: one flag per line starting `  --flag ARG  words`,
 * its description going on over more-indented lines. A line of that section that is neither throws, so a
 * change of layout fails the docs build instead of dropping a flag from the table.
 */
export function parseUsage(usage: string): CliFlag[] {
  const lines = usage.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Options:');
  if (start === -1) throw new Error('the simulator usage text has no "Options:" section');
  const flags: CliFlag[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const flag = FLAG_LINE.exec(line);
    if (flag) {
      flags.push({ flag: flag[1] as string, argument: flag[2] ?? '', description: flag[3]?.trim() ?? '' });
      continue;
    }
    const continuation = CONTINUATION_LINE.exec(line);
    const current = flags.at(-1);
    if (continuation && current) {
      current.description = `${current.description} ${continuation[1]?.trim()}`.trim();
      continue;
    }
    throw new Error(`cannot read this line of the simulator usage text: ${JSON.stringify(line)}`);
  }
  for (const flag of flags) {
    if (flag.description === '') throw new Error(`the simulator usage text does not describe ${flag.flag}`);
  }
  return flags;
}

export interface ControlRoute {
  method: string;
  path: string;
  /** An example JSON body, when the route takes one. */
  body?: string;
  /** What it does; every successful call answers the simulator's state. */
  effect: string;
}

/** What each control route does, keyed `METHOD path` (the path under the control prefix). */
export const CONTROL_ROUTE_EFFECTS: Readonly<Record<string, Omit<ControlRoute, 'method' | 'path'>>> = {
  'GET /state': {
    effect:
      'The state: `sessions`, the armed `fault` (with the `times` left) or null, `lostDataCenters`, and a page of the request log (`requests`, `requestLog`). `?limit=N` (1 to 5000, default 100) and `?since=P` (read on from a position, e.g. the `requestLog.next` of the previous answer).',
  },
  'POST /fault': {
    body: '{ "fault": { "kind": "error", "status": 503 }, "options": { "paths": ["/ping"], "times": 2 } }',
    effect:
      'Arms a fault, replacing the previous one. `kind`: `down` (the socket is closed without an answer), `slow` (with `delayMs`), `error` (a 5xx `status`, default 500). `options.paths`: `/ping`, `/api/v2/me` or both (default both); `options.times`: the next N matching requests (default: until cleared).',
  },
  'DELETE /fault': { effect: 'Clears the fault.' },
  'POST /lose-data-center': {
    body: '{ "server": "https://rws.dc1.example.com" }',
    effect:
      'The data center of this RWS is lost: logins naming it as `server` get 503, and live sessions bound to it are dropped (their next poll gets 401).',
  },
  'POST /restore-data-center': {
    body: '{ "server": "https://rws.dc1.example.com" }',
    effect: 'The data center is back: logins naming it work again.',
  },
  'POST /expire-sessions': {
    effect:
      'Every session times out now, as if no poll had come for the session timeout: the next poll gets 401.',
  },
  'POST /restart': {
    effect: 'As if SRS restarted: every session is lost and the fault cleared (lost data centers stay lost).',
  },
  'POST /clear-requests': { effect: 'Empties the request log (positions keep counting).' },
};

/**
 * Every method of every control route, with its description; throws when the code and the descriptions
 * disagree, naming what to add or remove.
 */
export function controlRoutes(
  prefix: string,
  routes: Readonly<Record<string, readonly string[]>>,
): ControlRoute[] {
  const rows: ControlRoute[] = [];
  const described = new Set(Object.keys(CONTROL_ROUTE_EFFECTS));
  for (const [path, methods] of Object.entries(routes)) {
    for (const method of methods) {
      const key = `${method} ${path.slice(prefix.length)}`;
      const docs = CONTROL_ROUTE_EFFECTS[key];
      if (docs === undefined) {
        throw new Error(
          `the simulator answers ${method} ${path}, which the docs do not describe: add "${key}" to CONTROL_ROUTE_EFFECTS in docs/.vitepress/simulator-reference.ts`,
        );
      }
      described.delete(key);
      rows.push({ method, path, ...docs });
    }
  }
  if (described.size > 0) {
    throw new Error(
      `the docs describe control routes the simulator no longer answers: ${[...described].join(', ')} (docs/.vitepress/simulator-reference.ts)`,
    );
  }
  return rows;
}
