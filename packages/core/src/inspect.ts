import type { InspectionEvent, Observer } from 'xstate';
import type { Logger, ScreenRecordingOptions } from './types';

/** The `inspect` observer, made harmless: one that throws is reported to the logger and ignored. */
export function isolateInspector(
  inspect: NonNullable<ScreenRecordingOptions['inspect']>,
  logger: Logger,
): (event: InspectionEvent) => void {
  const observer: Partial<Observer<InspectionEvent>> =
    typeof inspect === 'function' ? { next: inspect } : inspect;
  let reported = false;
  return (event) => {
    try {
      observer.next?.(event);
    } catch (error) {
      // Once: an inspector that throws on every event would otherwise flood the log.
      if (!reported)
        logger.error('the inspect observer threw; its events are ignored', { error: String(error) });
      reported = true;
    }
  };
}
