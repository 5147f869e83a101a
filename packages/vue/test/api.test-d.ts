/**
 * Type tests of the Vue binding (`pnpm test` runs them with vitest's typecheck; nothing here executes).
 */
import type { LoginParams, ScreenRecordingSession, SessionStatus, SessionView } from '@screen-recording/core';
import {
  provideScreenRecording,
  type ScreenRecording,
  ScreenRecordingPlugin,
  useScreenRecording,
  useScreenRecordingSession,
} from '@screen-recording/vue';
import { describe, expectTypeOf, it } from 'vitest';
import { type App, createApp, type ShallowRef } from 'vue';

declare const session: ScreenRecordingSession;
const srsUrl = 'https://127.0.0.1:8443';

describe('useScreenRecording', () => {
  it('infers the selected type from the selector, as a readonly shallow ref', () => {
    const { view: status } = useScreenRecording((view) => view.status);
    expectTypeOf(status).toEqualTypeOf<Readonly<ShallowRef<SessionStatus>>>();
    expectTypeOf(status.value).toEqualTypeOf<SessionStatus>();
    expectTypeOf(useScreenRecording((view) => view.lastPollAt).view.value).toEqualTypeOf<number | null>();
    const seat = useScreenRecording((view) => ({ place: view.place, active: view.isRecordingSessionActive }));
    expectTypeOf(seat.view.value).toEqualTypeOf<{ place: string | null; active: boolean }>();
  });

  it('gives the whole view without a selector', () => {
    expectTypeOf(useScreenRecording().view.value).toEqualTypeOf<SessionView>();
    expectTypeOf(useScreenRecording()).toEqualTypeOf<ScreenRecording<SessionView>>();
  });

  it('keeps the view readonly: only the session changes it', () => {
    const { view } = useScreenRecording((state) => state.status);
    // @ts-expect-error the ref is readonly.
    view.value = 'active';
  });

  it('types compare with the selection, and the selector with the view', () => {
    useScreenRecording(
      (view) => view.place,
      (previous, next) => {
        expectTypeOf(previous).toEqualTypeOf<string | null>();
        return previous === next;
      },
    );
    // @ts-expect-error a selector reads the view's fields only.
    useScreenRecording((view) => view.nonexistent);
  });

  it("returns the session's commands beside the view", () => {
    const { login, logout } = useScreenRecording((view) => view.status);
    expectTypeOf(login).parameter(0).toEqualTypeOf<LoginParams>();
    expectTypeOf(logout).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(useScreenRecordingSession()).toEqualTypeOf<ScreenRecordingSession>();
  });
});

describe('ScreenRecordingPlugin and provideScreenRecording', () => {
  const app: App = createApp({});

  it('take options or a session', () => {
    app.use(ScreenRecordingPlugin, { options: { srsUrl, pingIntervalMs: 10_000 } });
    app.use(ScreenRecordingPlugin, { session });
    expectTypeOf(provideScreenRecording({ options: { srsUrl } })).toEqualTypeOf<ScreenRecordingSession>();
  });

  it('reject unknown options, both sources, and neither', () => {
    // @ts-expect-error pingIntervalMS is not an option: pingIntervalMs is.
    app.use(ScreenRecordingPlugin, { options: { srsUrl, pingIntervalMS: 10_000 } });
    // @ts-expect-error a session, or options for one, not both.
    app.use(ScreenRecordingPlugin, { session, options: { srsUrl } });
    // @ts-expect-error the plugin needs its source.
    app.use(ScreenRecordingPlugin);
    // @ts-expect-error pingIntervalMS is not an option: pingIntervalMs is.
    provideScreenRecording({ options: { srsUrl, pingIntervalMS: 10_000 } });
    // @ts-expect-error a session, or options for one.
    provideScreenRecording({});
  });
});
