/**
 * `@screen-recording/angular`: the Angular binding of `@screen-recording/core`. One session per
 * environment injector, read through signals or an RxJS observable, its commands run outside the zone.
 */
export { injectScreenRecording } from './inject';
export { provideScreenRecording, type ScreenRecordingConfig } from './provide';
export { ScreenRecordingService, type ViewSelector } from './service';
