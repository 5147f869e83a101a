/**
 * The options reference (docs/reference/options.md), built from the code when the site is built:
 * - each option of `ScreenRecordingOptions`, its declared type and its doc comment, read from
 *   packages/core/src/types.ts with the TypeScript compiler API;
 * - its default: `DEFAULT_OPTIONS` for the numbers and `csrf`, the table below for the rest;
 * - what it refuses: each example below is given to the real `createScreenRecordingSession()` (or
 *   `login()`), and the page shows the `SrsConfigurationError` it threw, message and all.
 * So an option added to the interface appears on the page (and `OTHER_DEFAULTS` and `REFUSED` stop
 * compiling until it has a default and an example), and a message changed in the code changes here.
 */
import {
  createScreenRecordingSession,
  DEFAULT_OPTIONS,
  type LoginParams,
  type PlaceParams,
  type ScreenRecordingOptions,
  SrsConfigurationError,
} from '../../packages/core/src/index';
import { inlineHtml, interfaceMembers, parseSource } from './source-docs';

const SRS_URL = 'https://127.0.0.1:8443';
const TYPES_FILE = 'packages/core/src/types.ts';

/** The defaults `DEFAULT_OPTIONS` does not hold (it holds those the session resolves to numbers and flags). */
export const OTHER_DEFAULTS: Record<
  Exclude<keyof ScreenRecordingOptions, keyof typeof DEFAULT_OPTIONS>,
  string
> = {
  srsUrl: 'required',
  allowRemoteSrs: '`false`',
  allowSchemeMismatch: '`false`',
  pageUrl: "the page's `location.href`, where there is one",
  fetch: '`globalThis.fetch`',
  clock: "the platform's timers (`systemClock`)",
  random: '`Math.random`',
  inspect: 'none',
  logger: 'none: nothing is logged',
  logoutOnPageHide: '`true`',
  tabs: "`'shared'`",
};

/** An example of what an option refuses: the options given (on top of `srsUrl`), and how the page shows them. */
interface Refusal {
  given: Record<string, unknown>;
  /** How the page writes `given`; by default each entry as `name: value`. */
  shown?: string;
}

/** At least one refused value per option, each run against the real session when the site is built. */
export const REFUSED: Record<keyof ScreenRecordingOptions, readonly Refusal[]> = {
  srsUrl: [
    { given: { srsUrl: 'https://srs.example.com:8443' } },
    { given: { srsUrl: 'https://127.0.0.1:8443/srs' } },
    { given: { srsUrl: 'http://127.0.0.1:8080', pageUrl: 'https://desk.example.com/' } },
  ],
  pingIntervalMs: [{ given: { pingIntervalMs: 60_000 } }, { given: { pingIntervalMs: 0.5 } }],
  sessionTimeoutMs: [{ given: { sessionTimeoutMs: 30_000 } }],
  csrf: [{ given: { csrf: 'yes' } }],
  allowRemoteSrs: [{ given: { allowRemoteSrs: 1 } }],
  allowSchemeMismatch: [{ given: { allowSchemeMismatch: 'true' } }],
  pageUrl: [{ given: { pageUrl: 'desk.example.com' } }],
  requestTimeoutMs: [{ given: { requestTimeoutMs: 40_000 } }],
  retryDelayMs: [{ given: { retryDelayMs: 15_000 } }],
  maxConsecutiveFailures: [{ given: { maxConsecutiveFailures: 0 } }],
  selfHealIntervalMs: [{ given: { selfHealIntervalMs: true } }, { given: { selfHealIntervalMs: 2 ** 31 } }],
  fetch: [{ given: { fetch: 'fetch' } }],
  clock: [{ given: { clock: { now: () => 0 } }, shown: 'clock: { now: () => 0 }' }],
  random: [{ given: { random: 0.5 } }],
  inspect: [{ given: { inspect: 'stately' } }],
  logger: [{ given: { logger: console.info }, shown: 'logger: console.info' }],
  logoutOnPageHide: [{ given: { logoutOnPageHide: 'false' } }],
  tabs: [{ given: { tabs: 'per-tab' } }],
};

export interface RefusalShown {
  /** The options or parameters given, as code. */
  given: string;
  /** The `field` of the error. */
  field: string;
  message: string;
}

export interface OptionRow {
  name: string;
  required: boolean;
  type: string;
  /** As HTML. */
  defaultHtml: string;
  /** The doc comment, as HTML. */
  docHtml: string;
  refused: RefusalShown[];
}

/** A value as it would be written in code. */
function asCode(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return numberAsCode(value);
  if (Array.isArray(value)) return `[${value.map(asCode).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `{ ${show(value as Record<string, unknown>)} }`;
  return String(value);
}
const numberAsCode = (value: number) =>
  Number.isInteger(value) && value >= 1_000 ? value.toLocaleString('en').replaceAll(',', '_') : String(value);
function show(given: Record<string, unknown>): string {
  return Object.entries(given)
    .map(([name, value]) => `${name}: ${asCode(value)}`)
    .join(', ');
}

/** Creates a session with `options`; returns the configuration error it threw. */
export function refusalOf(options: Record<string, unknown>): SrsConfigurationError {
  let session: ReturnType<typeof createScreenRecordingSession>;
  try {
    session = createScreenRecordingSession({ srsUrl: SRS_URL, ...options } as ScreenRecordingOptions);
  } catch (error) {
    if (error instanceof SrsConfigurationError) return error;
    throw error;
  }
  session.dispose();
  throw new Error(`createScreenRecordingSession accepted ${JSON.stringify(options)}: take it off REFUSED`);
}

export function optionRows(): OptionRow[] {
  const members = interfaceMembers(parseSource(TYPES_FILE), 'ScreenRecordingOptions');
  return members.map((member) => {
    const name = member.name as keyof ScreenRecordingOptions;
    const resolved = (DEFAULT_OPTIONS as Record<string, unknown>)[name];
    const defaultText =
      resolved !== undefined
        ? `\`${asCode(resolved)}\``
        : OTHER_DEFAULTS[name as keyof typeof OTHER_DEFAULTS];
    if (defaultText === undefined) throw new Error(`option ${name} has no default in OTHER_DEFAULTS`);
    const refusals = REFUSED[name];
    if (!refusals?.length) throw new Error(`option ${name} has no refused example in REFUSED`);
    return {
      name,
      required: !member.optional,
      type: member.type,
      defaultHtml: inlineHtml(defaultText),
      docHtml: inlineHtml(member.doc),
      refused: refusals.map(({ given, shown }) => {
        const error = refusalOf(given);
        return { given: shown ?? show(given), field: error.field, message: error.message };
      }),
    };
  });
}

/** A valid login, changed by one parameter at a time below. */
const LOGIN: LoginParams = {
  username: 'alice',
  password: 'alice-password',
  server: 'https://rws.dc1.example.com',
};

/** What `login()` and `switchPlace()` refuse, before anything is sent; each run against the real session. */
export const REFUSED_PARAMETERS: readonly {
  command: 'login' | 'switchPlace';
  given: Record<string, unknown>;
}[] = [
  { command: 'login', given: { username: 'alice:secret' } },
  { command: 'login', given: { password: '' } },
  { command: 'login', given: { server: 'rws.dc1.example.com' } },
  { command: 'login', given: { peerServer: 'https://rws.dc1.example.com' } },
  { command: 'login', given: { devices: [{ dn: 'DN1', switch: 'SwitchA' }] } },
  { command: 'login', given: { place: 'alicePlace ' } },
  { command: 'switchPlace', given: { place: 'alicePlace', devices: [] } },
  {
    command: 'switchPlace',
    given: {
      place: 'alicePlace',
      devices: [
        { dn: 'DN1', switch: 'SwitchA' },
        { dn: 'DN1', switch: 'SwitchA' },
      ],
    },
  },
];

export interface ParameterRow {
  name: string;
  required: boolean;
  type: string;
  docHtml: string;
}

/** The parameters of `login()` (and, for a place, of `switchPlace()`), from their doc comments. */
export function parameterRows(): ParameterRow[] {
  const source = parseSource(TYPES_FILE);
  return [...interfaceMembers(source, 'LoginCredentials'), ...interfaceMembers(source, 'PlaceParams')].map(
    (member) => ({
      name: member.name,
      required: !member.optional,
      type: member.type,
      docHtml: inlineHtml(member.doc),
    }),
  );
}

/** A refused parameter: `given` is the whole call, e.g. `login({ ...alice, password: '' })`. */
export type ParameterRefusal = RefusalShown;

/** Runs each of `REFUSED_PARAMETERS` on a real session whose `fetch` must never be called. */
export async function parameterRefusals(): Promise<ParameterRefusal[]> {
  const fetch = () => Promise.reject(new Error('a refused parameter must send nothing'));
  const session = createScreenRecordingSession({ srsUrl: SRS_URL, fetch, tabs: 'independent' });
  try {
    const shown: ParameterRefusal[] = [];
    for (const { command, given } of REFUSED_PARAMETERS) {
      const call =
        command === 'login'
          ? session.login({ ...LOGIN, ...given } as LoginParams)
          : session.switchPlace(given as unknown as PlaceParams);
      const error = await call.then(
        () => null,
        (thrown: unknown) => thrown,
      );
      if (!(error instanceof SrsConfigurationError)) {
        throw new Error(`${command}(${JSON.stringify(given)}) was not refused as a configuration error`);
      }
      shown.push({
        given:
          command === 'login' ? `login({ ...alice, ${show(given)} })` : `switchPlace({ ${show(given)} })`,
        field: error.field,
        message: error.message,
      });
    }
    return shown;
  } finally {
    session.dispose();
  }
}
