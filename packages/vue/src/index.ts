export type { Compare, ScreenRecordingSource } from '@screen-recording/core';
export { type ScreenRecording, useScreenRecording, useScreenRecordingSession } from './composables';
export { provideScreenRecording, ScreenRecordingPlugin } from './provide';
