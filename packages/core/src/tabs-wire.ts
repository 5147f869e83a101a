import { isCommandName } from './commands';
import { GAP_REASONS } from './coverage';
import { ScreenRecordingError } from './errors';
import type { CommandName, CoverageGap, CoverageLedger, Device, Instant, SessionView } from './types';
import { SESSION_STATUSES } from './view';

/**
 * What the tabs of a desktop say to each other over their BroadcastChannel: plain data, no secret (no
 * password, no Authorization header, no CSRF token), and a version. A message from another version of
 * the library (a desktop being rolled out), or one that is malformed or forged, is dropped whole by
 * `readMessage`: every field a tab acts on is checked here, bounded, and typed.
 */

/** Bumped when a message's shape changes; tabs of different versions ignore each other. */
export const TABS_PROTOCOL_VERSION = 1;

/** The seat a leading tab's session is sending or has: what a tab taking over logs in with. */
export interface WireSeat {
  dataCenter: 'primary' | 'recovery';
  place: string | null;
  devices: Device[] | null;
}

export type TabMessage =
  /** A tab opened or woke up; `agent` is the agent of its own login (it could take the session over for them). */
  | { kind: 'hello'; from: string; agent: string | null }
  /** A tab is going away. */
  | { kind: 'bye'; from: string }
  /** The leading tab's view, on every change and to every `hello`, with the seat its session is sending. */
  | { kind: 'view'; from: string; view: SessionView; wanted: WireSeat }
  /** The leading tab is alive. */
  | { kind: 'heartbeat'; from: string }
  /** A tab's command, for the tab it believes leads. Login carries no password. */
  | { kind: 'command'; from: string; to: string; id: string; name: CommandName; payload: unknown }
  /** How a forwarded command settled; `error` as `ScreenRecordingError.toJSON()` gives it. */
  | { kind: 'result'; from: string; to: string; id: string; error: ScreenRecordingError | null }
  /** The leading tab's session ended with a logout: nothing is left to take over. */
  | { kind: 'logged-out'; from: string };

/** A message as it goes on the channel. */
export function writeMessage(message: TabMessage): unknown {
  if (message.kind === 'result') {
    return { v: TABS_PROTOCOL_VERSION, ...message, error: message.error?.toJSON() ?? null };
  }
  if (message.kind === 'view') {
    const { view } = message;
    return { v: TABS_PROTOCOL_VERSION, ...message, view: { ...view, error: view.error?.toJSON() ?? null } };
  }
  return { v: TABS_PROTOCOL_VERSION, ...message };
}

const MAX_ID_LENGTH = 100;
const MAX_TEXT_LENGTH = 2_048;
const MAX_GAPS = 20;
const STATUSES: ReadonlySet<string> = new Set(SESSION_STATUSES);
const REASONS: ReadonlySet<string> = new Set(GAP_REASONS);
const DATA_CENTERS: ReadonlySet<string> = new Set(['primary', 'recovery']);
const PERMISSION_STATES: ReadonlySet<string> = new Set(['granted', 'prompt', 'denied', 'unknown']);

/** Thrown inside the readers when a field is not what it must be; `readMessage` turns it into null. */
class Unreadable extends Error {}

function fail(): never {
  throw new Unreadable();
}

type Fields = Record<string, unknown>;
const record = (value: unknown): Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : fail();
const id = (value: unknown): string =>
  typeof value === 'string' && value !== '' && value.length <= MAX_ID_LENGTH ? value : fail();
const text = (value: unknown): string =>
  typeof value === 'string' && value.length <= MAX_TEXT_LENGTH ? value : fail();
const textOrNull = (value: unknown): string | null => (value === null ? null : text(value));
const number = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail();
const numberOrNull = (value: unknown): number | null => (value === null ? null : number(value));
const boolean = (value: unknown): boolean => (typeof value === 'boolean' ? value : fail());
const oneOf = <T extends string>(allowed: ReadonlySet<string>, value: unknown): T =>
  typeof value === 'string' && allowed.has(value) ? (value as T) : fail();
const instantOrNull = (value: unknown): Instant | null => {
  if (value === null) return null;
  const fields = record(value);
  return { at: number(fields.at), mono: number(fields.mono) };
};

function devices(value: unknown): Device[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > 64) fail();
  return value.map((device) => {
    const fields = record(device);
    return { dn: text(fields.dn), switch: text(fields.switch) };
  });
}

function gap(value: unknown): CoverageGap {
  const fields = record(value);
  return {
    reason: oneOf(REASONS, fields.reason),
    startedAt: number(fields.startedAt),
    endedAt: numberOrNull(fields.endedAt),
    durationMs: numberOrNull(fields.durationMs),
  };
}

function ledger(value: unknown): CoverageLedger {
  const fields = record(value);
  const recent = fields.recentGaps;
  if (!Array.isArray(recent) || recent.length > MAX_GAPS) fail();
  return {
    start: instantOrNull(fields.start),
    end: instantOrNull(fields.end),
    openGap: fields.openGap === null ? null : gap(fields.openGap),
    openGapMono: numberOrNull(fields.openGapMono),
    gapCount: number(fields.gapCount),
    closedGapMs: number(fields.closedGapMs),
    longestGapMs: number(fields.longestGapMs),
    recentGaps: recent.map(gap),
  };
}

function view(value: unknown): SessionView {
  const fields = record(value);
  const error = fields.error === null ? null : ScreenRecordingError.fromJSON(fields.error);
  if (fields.error !== null && error === null) fail();
  return {
    status: oneOf(STATUSES, fields.status),
    isRecordingSessionActive: boolean(fields.isRecordingSessionActive),
    agent: textOrNull(fields.agent),
    place: textOrNull(fields.place),
    devices: devices(fields.devices),
    server: textOrNull(fields.server),
    dataCenter: oneOf(DATA_CENTERS, fields.dataCenter),
    lastPollAt: numberOrNull(fields.lastPollAt),
    nextPollAt: numberOrNull(fields.nextPollAt),
    consecutiveFailures: number(fields.consecutiveFailures),
    error,
    localNetworkAccess: oneOf(PERMISSION_STATES, fields.localNetworkAccess),
    // What this tab's part is, the receiving tab knows itself.
    tab: 'follower',
    coverage: ledger(fields.coverage),
  };
}

function seat(value: unknown): WireSeat {
  const fields = record(value);
  return {
    dataCenter: oneOf(DATA_CENTERS, fields.dataCenter),
    place: textOrNull(fields.place),
    devices: devices(fields.devices),
  };
}

/** The message in `data`, checked field by field; null when it is not one this version can read. */
export function readMessage(data: unknown): TabMessage | null {
  try {
    const fields = record(data);
    if (fields.v !== TABS_PROTOCOL_VERSION) return null;
    const from = id(fields.from);
    switch (fields.kind) {
      case 'hello':
        return { kind: 'hello', from, agent: textOrNull(fields.agent) };
      case 'bye':
      case 'heartbeat':
      case 'logged-out':
        return { kind: fields.kind, from };
      case 'view':
        return { kind: 'view', from, view: view(fields.view), wanted: seat(fields.wanted) };
      case 'command':
        return {
          kind: 'command',
          from,
          to: id(fields.to),
          id: id(fields.id),
          name: isCommandName(fields.name) ? fields.name : fail(),
          // Checked by the command itself, as what the app gives is.
          payload: fields.payload,
        };
      case 'result': {
        const error = fields.error === null ? null : ScreenRecordingError.fromJSON(fields.error);
        if (fields.error !== null && error === null) return null;
        return { kind: 'result', from, to: id(fields.to), id: id(fields.id), error };
      }
      default:
        return null;
    }
  } catch (error) {
    if (error instanceof Unreadable) return null;
    throw error;
  }
}
