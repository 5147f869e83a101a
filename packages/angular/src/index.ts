/**
 * `@screen-recording/angular`: the Angular binding of `@screen-recording/core`. One session per
 * environment injector, read through signals or an RxJS observable, its commands run outside the zone.
 */

export type { ViewSelector } from '@screen-recording/core';

export {
  injectScreenRecording,
  provideScreenRecording,
  type ScreenRecordingConfig,
  ScreenRecordingService,
} from './service';
