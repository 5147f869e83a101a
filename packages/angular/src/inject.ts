import { assertInInjectionContext, inject, type Signal, type ValueEqualityFn } from '@angular/core';
import type { SessionView } from '@screen-recording/core';
import { ScreenRecordingService, type ViewSelector } from './service';

/**
 * The screen recording view as a signal, from an injection context (a component's field initialiser,
 * say): the whole `SessionView`, or, with a selector, a signal of that slice that changes only when
 * `equal` (default `Object.is`) says it did, and that stops following the session when the component
 * is destroyed. Throws, saying what to add, when no `provideScreenRecording()` is above.
 *
 * ```ts
 * readonly status = injectScreenRecording((view) => view.status);
 * ```
 */
export function injectScreenRecording(): Signal<SessionView>;
export function injectScreenRecording<Selected>(
  selector: ViewSelector<Selected>,
  equal?: ValueEqualityFn<Selected>,
): Signal<Selected>;
export function injectScreenRecording<Selected>(
  selector?: ViewSelector<Selected>,
  equal?: ValueEqualityFn<Selected>,
): Signal<Selected> | Signal<SessionView> {
  assertInInjectionContext(injectScreenRecording);
  const service = inject(ScreenRecordingService, { optional: true });
  if (service === null) {
    throw new Error(
      'injectScreenRecording() found no session: add provideScreenRecording({ options }) to the providers of the app or route.',
    );
  }
  return selector ? service.select(selector, equal) : service.view;
}
