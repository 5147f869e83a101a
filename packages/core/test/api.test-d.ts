/**
 * Type tests of the public entry (`pnpm test` runs them with vitest's typecheck; nothing here executes).
 * Each `@ts-expect-error` fails the run if the call it marks ever compiles, so a type that loosens shows up.
 */
import {
  type CoverageGap,
  createScreenRecordingSession,
  type Device,
  type GapEvent,
  type Instant,
  type LoginParams,
  type PlaceParams,
  type ScreenRecordingOptions,
  type ScreenRecordingSession,
  type SessionStatus,
  type SessionView,
} from '@screen-recording/core';
import {
  createScreenRecordingSession as createIndependentSession,
  type IndependentSessionOptions,
} from '@screen-recording/core/independent';
import { describe, expectTypeOf, it } from 'vitest';

declare const session: ScreenRecordingSession;
const srsUrl = 'https://127.0.0.1:8443';
const credentials = { username: 'alice', password: 'secret', server: 'https://rws.dc1.example.com' };

describe('createScreenRecordingSession options', () => {
  it('takes the documented options', () => {
    expectTypeOf(createScreenRecordingSession).parameter(0).toEqualTypeOf<ScreenRecordingOptions>();
    createScreenRecordingSession({ srsUrl, pingIntervalMs: 10_000, selfHealIntervalMs: false, csrf: true });
  });

  it('rejects an unknown or misspelt option', () => {
    // @ts-expect-error pingIntervalMS is not an option: pingIntervalMs is.
    createScreenRecordingSession({ srsUrl, pingIntervalMS: 10_000 });
    // @ts-expect-error srsURL is not an option, and srsUrl is missing.
    createScreenRecordingSession({ srsURL: srsUrl });
  });

  it('requires srsUrl and types each option', () => {
    // @ts-expect-error srsUrl is required.
    createScreenRecordingSession({ pingIntervalMs: 10_000 });
    // @ts-expect-error a duration is a number of milliseconds.
    createScreenRecordingSession({ srsUrl, pingIntervalMs: '10s' });
  });
});

describe('login() parameters', () => {
  it('takes the default place, a place alone, or a place with its devices', () => {
    session.login(credentials);
    session.login({ ...credentials, peerServer: 'https://rws.dc2.example.com' });
    session.login({ ...credentials, place: 'bobPlace' });
    const devices: readonly Device[] = [{ dn: 'DN1', switch: 'SwitchA' }];
    session.login({ ...credentials, place: 'alicePlace', devices });
    // A place that may be missing, without devices, still compiles, as before the union.
    const maybePlace = 'alicePlace' as string | undefined;
    session.login({ ...credentials, place: maybePlace });
  });

  it('rejects a device without dn or without switch', () => {
    // @ts-expect-error each device needs its dn.
    session.login({ ...credentials, place: 'alicePlace', devices: [{ switch: 'SwitchA' }] });
    // @ts-expect-error each device needs its switch.
    session.login({ ...credentials, place: 'alicePlace', devices: [{ dn: 'DN1' }] });
    // @ts-expect-error the same for switchPlace().
    session.switchPlace({ place: 'alicePlace', devices: [{ switch: 'SwitchA' }] });
  });

  it('rejects devices without a place', () => {
    // @ts-expect-error devices must belong to the place the agent chose.
    session.login({ ...credentials, devices: [{ dn: 'DN1', switch: 'SwitchA' }] });
    // @ts-expect-error nor can a place that may be missing carry devices.
    session.login({ ...credentials, place: 'alicePlace' as string | undefined, devices: [] });
  });

  it('rejects missing credentials and unknown keys', () => {
    // @ts-expect-error the password is required: SRS has no single sign-on.
    session.login({ username: 'alice', server: 'https://rws.dc1.example.com' });
    // @ts-expect-error peer_server is the wire name; the parameter is peerServer.
    session.login({ ...credentials, peer_server: 'https://rws.dc2.example.com' });
  });

  it('switchPlace() needs a place', () => {
    expectTypeOf(session.switchPlace).parameter(0).toEqualTypeOf<PlaceParams>();
    // @ts-expect-error switchPlace() names the new place.
    session.switchPlace({ devices: [{ dn: 'DN1', switch: 'SwitchA' }] });
  });

  it('narrows on place: with devices there is always a place', () => {
    const narrow = (params: LoginParams) => {
      if (params.devices !== undefined) expectTypeOf(params.place).toEqualTypeOf<string>();
    };
    expectTypeOf(narrow).returns.toBeVoid();
  });
});

describe('the session', () => {
  it('returns a promise of nothing from each command, and a view whose status is a SessionStatus', () => {
    expectTypeOf(session.login).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(session.logout).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(session.getSnapshot()).toEqualTypeOf<SessionView>();
    expectTypeOf<SessionView['status']>().toEqualTypeOf<SessionStatus>();
  });
});

describe('recording coverage', () => {
  it('has one gap shape, in the view, in onGap and in getCoverage()', () => {
    expectTypeOf<SessionView['coverage']['openGap']>().toEqualTypeOf<CoverageGap | null>();
    expectTypeOf<
      ReturnType<ScreenRecordingSession['getCoverage']>['openGap']
    >().toEqualTypeOf<CoverageGap | null>();
    expectTypeOf<GapEvent['gap']>().toEqualTypeOf<CoverageGap>();
    expectTypeOf<CoverageGap>().toHaveProperty('durationMs').toEqualTypeOf<number | null>();
    expectTypeOf<SessionView['coverage']['start']>().toEqualTypeOf<Instant | null>();
  });
});

describe('@screen-recording/core/independent', () => {
  it('takes the same options but tabs that share, and returns the same session', () => {
    expectTypeOf(createIndependentSession).returns.toEqualTypeOf<ScreenRecordingSession>();
    expectTypeOf(createIndependentSession).toBeCallableWith({ srsUrl, tabs: 'independent' });
    // @ts-expect-error this creator never shares a session between tabs.
    createIndependentSession({ srsUrl, tabs: 'shared' });
    expectTypeOf<IndependentSessionOptions['srsUrl']>().toEqualTypeOf<string>();
  });
});
