/**
 * Type tests of the React binding (`pnpm test` runs them with vitest's typecheck; nothing here executes).
 */
import type { LoginParams, ScreenRecordingSession, SessionStatus, SessionView } from '@screen-recording/core';
import {
  type ScreenRecording,
  ScreenRecordingProvider,
  useScreenRecording,
  useScreenRecordingSession,
} from '@screen-recording/react';
import { describe, expectTypeOf, it } from 'vitest';

declare const session: ScreenRecordingSession;
const srsUrl = 'https://127.0.0.1:8443';

describe('useScreenRecording', () => {
  it('infers the selected type from the selector', () => {
    const { view: status } = useScreenRecording((view) => view.status);
    expectTypeOf(status).toEqualTypeOf<SessionStatus>();
    expectTypeOf(useScreenRecording((view) => view.lastPollAt).view).toEqualTypeOf<number | null>();
    const seat = useScreenRecording((view) => ({ place: view.place, active: view.isRecordingSessionActive }));
    expectTypeOf(seat.view).toEqualTypeOf<{ place: string | null; active: boolean }>();
  });

  it('gives the whole view without a selector', () => {
    expectTypeOf(useScreenRecording().view).toEqualTypeOf<SessionView>();
    expectTypeOf(useScreenRecording()).toEqualTypeOf<ScreenRecording<SessionView>>();
  });

  it('types compare with the selection, and the selector with the view', () => {
    useScreenRecording(
      (view) => view.place,
      (previous, next) => {
        expectTypeOf(previous).toEqualTypeOf<string | null>();
        expectTypeOf(next).toEqualTypeOf<string | null>();
        return previous === next;
      },
    );
    // @ts-expect-error a selector reads the view's fields only.
    useScreenRecording((view) => view.nonexistent);
    const compareViews = (a: SessionView, b: SessionView) => a === b;
    // @ts-expect-error compare takes two selections, not views.
    useScreenRecording((view) => view.status, compareViews);
  });

  it("returns the session's commands beside the view", () => {
    const { login, logout } = useScreenRecording((view) => view.status);
    expectTypeOf(login).parameter(0).toEqualTypeOf<LoginParams>();
    expectTypeOf(logout).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(useScreenRecordingSession()).toEqualTypeOf<ScreenRecordingSession>();
  });
});

describe('ScreenRecordingProvider', () => {
  it('takes options or a session', () => {
    <ScreenRecordingProvider options={{ srsUrl, pingIntervalMs: 10_000 }} />;
    <ScreenRecordingProvider session={session} />;
  });

  it('rejects unknown options, both sources, and neither', () => {
    // @ts-expect-error pingIntervalMS is not an option: pingIntervalMs is.
    <ScreenRecordingProvider options={{ srsUrl, pingIntervalMS: 10_000 }} />;
    // @ts-expect-error a session, or options for one, not both.
    <ScreenRecordingProvider session={session} options={{ srsUrl }} />;
    // @ts-expect-error a session, or options for one.
    <ScreenRecordingProvider />;
  });
});
